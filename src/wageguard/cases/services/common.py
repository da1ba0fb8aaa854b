"""What every case service shares: the history row and audit event of a change, the locked
case, and the domain checks of typed values (required, ranges, lengths, date order).

The page form and the API schema derived from it already type the input (`date`, `Decimal`,
`int`); these checks never parse a string, so a caller that forgot to type a value (the demo, a
test, another app) is refused with the field named instead of having it guessed."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.clues.rules import RecoveryMethod
from wageguard.core import audit
from wageguard.core.scoping import check_may
from wageguard.org.models import User
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import validate_id_number

from ..models import (
    CaseHistory,
    EnforcementCase,
)
from ..rules import (
    State,
    months_unpaid,
)

MODEL = "cases.enforcementcase"
MAX_AMOUNT = Decimal("999999999999.99")
AUDIT_FIELDS = [
    "state",
    "region",
    "agency",
    "due_date",
    "extended",
    "decided_on",
    "closed_on",
    "order_ignored_or_absconded",
    "employer",
    "closing_exception",
]


class Source:
    CLUE = "clue"
    INSPECTION = "inspection"
    OTHER = "other"
    WARNING = "warning"  # a construction project's warning turned into a case


def history(case: EnforcementCase, action: str, actor: User | None, before: str, note="", **data):
    CaseHistory.write(case, action, actor, before, note, data=data)


def log(
    case: EnforcementCase, action: str, user: User, *, obj=None, after: dict, note: str = ""
) -> None:
    """A change on a case that keeps its state: one history row on the case's timeline and one
    audit event (on `obj`, the record changed, when there is one)."""
    history(case, action, user, case.state, note=note, **after)
    audit.record(f"case.{action}", obj=obj or case, actor=user, after=after, reason=note)


def locked_case(case: EnforcementCase, user: User, action: str) -> EnforcementCase:
    """The case re-read under a row lock, after the permission and jurisdiction checks, so two
    inspectors acting at once are serialised and checks see committed rows."""
    check_can(user, action, case.region_id)
    return EnforcementCase.objects.select_for_update().get(pk=case.pk)


def require_open(case: EnforcementCase) -> None:
    if case.state == State.CLOSED:
        raise ValidationError({"action": _("案件已结案，不能再补充调查或采取措施")})


def clean_text(value: str | None, field: str, label: str, limit: int, required: bool = True) -> str:
    """A text the form or schema already typed as `str` (or left empty as None), trimmed and
    checked here because what is required and how long it may be are the service's rules."""
    text = _text(value, field, label)
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}})
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)s 个字") % {"label": label, "limit": limit}}
        )
    return text


def _text(value: str | None, field: str, label: str) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationError({field: _("%(label)s应为文字") % {"label": label}})
    return (value or "").strip()


def clean_date(
    value: dt.date | None,
    field: str,
    label: str,
    *,
    past: bool = True,
    earliest: dt.date | None = None,
) -> dt.date:
    """A date the form or schema already typed (a string is refused, not parsed); `past`
    refuses a day after today (a record of what happened), `earliest` a day before it (e.g. the
    filing date)."""
    if value is None or value == "":
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}})
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, dt.date):
        raise ValidationError({field: _("%(label)s应为日期（如 2026-05-01）") % {"label": label}})
    if past and value > timezone.localdate():
        raise ValidationError({field: _("%(label)s不能晚于今天") % {"label": label}})
    if earliest is not None and value < earliest:
        raise ValidationError(
            {
                field: _("%(label)s不能早于 %(earliest)s")
                % {"label": label, "earliest": format(earliest, "%Y-%m-%d")}
            }
        )
    return value


def clean_amount(
    value: Decimal | int | None, field: str, label: str, *, positive: bool = False
) -> Decimal:
    """An amount in yuan the form or schema already typed as `Decimal` (or a whole `int`); a
    string or float is refused, not parsed. The range is the service's rule."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValidationError({field: _("%(label)s应为金额") % {"label": label}})
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValidationError(
            {
                field: _("%(label)s应在 0 至 %(AMOUNT)s 元之间")
                % {"label": label, "AMOUNT": format(MAX_AMOUNT, ",.2f")}
            }
        )
    amount = amount.quantize(Decimal("0.01"))
    if positive and amount <= 0:
        raise ValidationError({field: _("%(label)s应大于 0") % {"label": label}})
    return amount


def clean_worker(raw: dict) -> dict:
    """One worker line with typed values (amounts `Decimal`, months `int`, days `date`), each
    field checked and named in the message."""
    name = _text(raw.get("worker_name"), "worker_name", _("劳动者姓名"))
    if not name or len(name) > 50:
        raise ValidationError({"worker_name": _("请填写劳动者姓名（不超过 50 个字）")})
    id_number = _text(raw.get("id_number"), "id_number", _("身份证号"))
    if id_number:
        try:
            id_number = validate_id_number(id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages[0]}) from None
    owed = clean_amount(raw.get("amount_owed"), "amount_owed", _("欠薪金额"))
    recovered = raw.get("amount_recovered")
    recovered = clean_amount(
        Decimal(0) if recovered is None else recovered, "amount_recovered", _("已追回金额")
    )
    if recovered > owed:
        raise ValidationError({"amount_recovered": _("已追回金额不能超过欠薪金额")})
    months = raw.get("months_unpaid")
    if months is not None and (isinstance(months, bool) or not isinstance(months, int)):
        raise ValidationError({"months_unpaid": _("欠薪月数应为整数")})
    if not 0 <= (months or 0) <= 600:
        raise ValidationError({"months_unpaid": _("欠薪月数应在 0 至 600 之间")})
    method = raw.get("method") or ""
    if method and method not in RecoveryMethod.values:
        raise ValidationError({"method": _("请选择有效的追回方式")})
    start, end = (
        clean_date(raw[f], f, label, past=False) if raw.get(f) else None
        for f, label in (("period_start", _("欠薪期间起")), ("period_end", _("欠薪期间止")))
    )
    if start and end and end < start:
        raise ValidationError({"period_end": _("欠薪期间止不能早于欠薪期间起")})
    if not months:
        months = months_unpaid(start, end)  # whole months of a day-level period
    return {
        "worker_name": name,
        "id_number": id_number,
        "amount_owed": owed,
        "amount_recovered": recovered,
        "months_unpaid": months,
        "period_start": start,
        "period_end": end,
        "recovered_on": raw.get("recovered_on") or None,
        "method": method,
    }


def check_can(user: User, action: str, region_id: str) -> None:
    check_may(user, action, MODEL, region_id, "该案件不在您的辖区内")


# The reads of cases' personal data (audit.READ_ACTIONS, registered in CasesConfig.ready).
READS = ("case.view",)


def record_view(user: User, case: EnforcementCase) -> None:
    """One audited read per response showing the case's workers and parties (page or API):
    unmasked for a role with need to know, masked for the others."""
    audit.record_read(
        "case.view",
        model=EnforcementCase,
        mode="detail",
        ids=[case.pk],
        clear_ids=[case.pk] if sees_personal_data(user) else [],
        obj=case,
        actor=user,
    )
