"""One validation of intake data for every channel (public page, staff page, API, batch import),
so each names the same field with the same message."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import dates
from wageguard.parties.rules import validate_credit_code, validate_id_number, validate_mobile

from .models import ClueSettings
from .rules import RecoveryMethod, Sector

MAX_AMOUNT = Decimal("999999999999.99")


@dataclass
class IntakeData:
    employer_name: str
    work_address: str
    description: str
    sector: str = Sector.OTHER
    reporter_name: str = ""
    id_number: str = ""
    phone: str = ""
    disclose_identity: bool = False
    employer_credit_code: str = ""
    project_name: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    amount_owed: Decimal | None = None
    workers_owed: int | None = None
    arrears: list[dict] = field(default_factory=list)


def _text(raw: dict, name: str, label: str, max_length: int, required: bool = False) -> str:
    value = raw.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise ValidationError({name: _("请填写%(label)s") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError(
            {name: _("%(label)s不能超过 %(limit)d 个字") % {"label": label, "limit": max_length}}
        )
    return value


def _date(raw: dict, name: str, label: str) -> dt.date | None:
    """A past date (`core.dates.PAST`): 2000 to today, half-width digits."""
    value = raw.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        try:
            dates.require_ascii_digits(text)
        except ValueError as exc:
            raise ValidationError(
                {name: _("%(label)s：%(reason)s") % {"label": label, "reason": exc}}
            ) from None
        try:
            day = dt.date.fromisoformat(text + "-01" if len(text) == 7 else text)
        except ValueError:
            raise ValidationError(
                {name: _("%(label)s格式应为 YYYY-MM-DD 或 YYYY-MM") % {"label": label}}
            ) from None
    try:
        dates.PAST.check(day)
    except dates.DateOutOfRange as exc:
        raise ValidationError(
            {name: _("%(label)s：%(reason)s") % {"label": label, "reason": exc}}
        ) from None
    return day


def _money(raw: dict, name: str, label: str) -> Decimal | None:
    value = raw.get(name)
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise ValidationError({name: _("%(label)s须为金额数字") % {"label": label}}) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValidationError(
            {
                name: _("%(label)s须在 0 至 %(max)s 元之间")
                % {"label": label, "max": f"{MAX_AMOUNT:,.2f}"}
            }
        )
    return amount.quantize(Decimal("0.01"))


def _count(raw: dict, name: str, label: str) -> int | None:
    value = raw.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError({name: _("%(label)s须为整数") % {"label": label}}) from None
    if not 1 <= number <= 100000:
        raise ValidationError({name: _("%(label)s须在 1 至 100000 之间") % {"label": label}})
    return number


def _validated(raw: dict, name: str, validator, required: bool) -> str:
    value = raw.get(name)
    value = "" if value is None else str(value).strip()
    if not value:
        if required:
            raise ValidationError({name: _("此项必填")})
        return ""
    try:
        return validator(value)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from None


def clean_intake(raw: dict, *, public: bool, id_required: bool | None = None) -> IntakeData:
    """Validated intake data; the first bad field raises ValidationError naming it.

    A worker on the public page must give name, ID number and mobile so the bureau can reach them
    and the reply is theirs alone; staff channels (a letter, a public-opinion item) may lack them.
    The ID number is required of the public unless the province's clue settings say otherwise
    (`ClueSettings.public_id_required`); `id_required` lets a caller that already read it say so.
    """
    if id_required is None:
        id_required = public and ClueSettings.for_province().public_id_required
    sector = raw.get("sector") or Sector.OTHER
    if sector not in Sector.values:
        raise ValidationError({"sector": _("行业领域须为 construction 或 other")})
    data = IntakeData(
        reporter_name=_text(raw, "reporter_name", _("反映人姓名"), 50, required=public),
        id_number=_validated(raw, "id_number", validate_id_number, required=id_required),
        phone=_validated(raw, "phone", validate_mobile, required=public),
        disclose_identity=str(raw.get("disclose_identity", "")).lower()
        in {"1", "true", "on", "yes"},
        sector=sector,
        employer_name=_text(raw, "employer_name", _("用人单位名称"), 200, required=True),
        employer_credit_code=_validated(
            raw, "employer_credit_code", validate_credit_code, required=False
        ),
        project_name=_text(raw, "project_name", _("项目名称"), 200),
        work_address=_text(raw, "work_address", _("工作地址"), 300, required=True),
        period_start=_date(raw, "period_start", _("欠薪起始时间")),
        period_end=_date(raw, "period_end", _("欠薪截止时间")),
        amount_owed=_money(raw, "amount_owed", _("欠薪金额")),
        workers_owed=_count(raw, "workers_owed", _("涉及人数")),
        description=_text(raw, "description", _("情况描述"), 5000, required=True),
    )
    today = timezone.localdate()
    if data.period_start and data.period_end and data.period_start > data.period_end:
        raise ValidationError({"period_end": _("欠薪截止时间不能早于起始时间")})
    for name in ("period_start", "period_end"):
        value = getattr(data, name)
        if value and value > today:
            raise ValidationError({name: _("欠薪时间不能晚于今天")})
    data.arrears = [clean_arrears_line(line, i) for i, line in enumerate(raw.get("arrears") or [])]
    return data


EARLIEST_RECEIPT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def clean_received_at(value: dt.datetime | None) -> dt.datetime | None:
    """The original receipt time of a clue first received elsewhere: not in the future, and not
    before 2000 (deadlines and the Spring Festival rule need a year the calendars know)."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if not EARLIEST_RECEIPT <= value <= timezone.now():
        raise ValidationError({"received_at": _("接收时间须在 2000 年以后，且不能晚于现在")})
    return value


def clean_arrears_line(raw: dict, index: int = 0) -> dict:
    prefix = f"arrears[{index}]."
    try:
        line = {
            "worker_name": _text(raw, "worker_name", _("劳动者姓名"), 50, required=True),
            "id_number": _validated(raw, "id_number", validate_id_number, required=False),
            "amount_owed": _money(raw, "amount_owed", _("欠薪金额")),
            "amount_recovered": _money(raw, "amount_recovered", _("已追回金额")) or Decimal("0"),
            "recovered_on": _date(raw, "recovered_on", _("追回日期")),
            "method": raw.get("method") or "",
        }
    except ValidationError as exc:
        field_name, messages = next(iter(exc.message_dict.items()))
        raise ValidationError({prefix + field_name: messages}) from None
    if line["amount_owed"] is None:
        raise ValidationError({prefix + "amount_owed": _("请填写欠薪金额")})
    if line["amount_recovered"] > line["amount_owed"]:
        raise ValidationError({prefix + "amount_recovered": _("已追回金额不能超过欠薪金额")})
    if line["method"] and line["method"] not in RecoveryMethod.values:
        raise ValidationError({prefix + "method": _("追回方式无效")})
    return line
