"""Recording channel checks: permission, jurisdiction and audit in one transaction, and the
ledger item a failed check opens (through `campaigns.services`, the one problem ledger).

Who may record a check: a role with ("add", "inspections.channelcheck") checking an HRSS bureau
inside their jurisdiction, which is their own division and every one below it (a county checks
itself, a prefecture its counties, the province everyone). Who rectifies, verifies and closes the
ledger item: see `campaigns.services`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.campaigns import services as ledger
from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.rules import Source, UnitKind
from wageguard.core import audit
from wageguard.org.models import Agency, AgencyKind, User

from . import rules
from .models import ChannelCheck

CHECK_FIELDS = [
    "kind",
    "channel",
    "agency",
    "region",
    "performed_by",
    "performed_at",
    "contact",
    "answered",
    "handled_correctly",
    "response_seconds",
    "notes",
    "result",
]
# A check recorded "in the future" by more than this is a typo (or a wrong clock), not a check.
CLOCK_SKEW = timedelta(minutes=10)


def checkable_agencies(actor: User):
    """The bureaus `actor` may check: active HRSS agencies of their jurisdiction."""
    return (
        Agency.objects.restrict(actor, "view")
        .filter(kind=AgencyKind.HRSS, active=True)
        .select_related("region")
        .order_by("region_id")
    )


def _validate_check(actor: User, data: dict) -> dict:
    errors: dict[str, str] = {}
    agency = data.get("agency")
    if isinstance(agency, int):
        agency = Agency.objects.filter(pk=agency).select_related("region").first()
    if (
        agency is None
        or agency.kind != AgencyKind.HRSS
        or not agency.active
        or not actor.in_jurisdiction(agency.region_id)
    ):
        # One message whether the agency is missing or outside: existence is not disclosed.
        errors["agency"] = _("被检查机构不存在或不在您的辖区内")
    kind, channel = data.get("kind"), data.get("channel")
    if kind not in rules.CheckKind.values:
        errors["kind"] = _("请选择检查方式")
    elif channel not in rules.ALLOWED_CHANNELS[kind]:
        errors["channel"] = _("该检查方式不适用于所选渠道")
    answered = data.get("answered")
    handled = data.get("handled_correctly")
    if not isinstance(answered, bool):
        errors["answered"] = _("请填写是否接通/有人受理")
    elif answered and handled is None:
        errors["handled_correctly"] = _("已接通时请填写是否处理正确")
    elif not answered and handled is not None:
        errors["handled_correctly"] = _("未接通时不能填写是否处理正确")
    seconds = data.get("response_seconds")
    if seconds is not None and (not isinstance(seconds, int) or seconds < 0):
        errors["response_seconds"] = _("响应用时应为不小于 0 的整数秒")
    performed_at = data.get("performed_at")
    if not isinstance(performed_at, datetime):
        errors["performed_at"] = _("请填写检查时间")
    else:
        if timezone.is_naive(performed_at):
            performed_at = timezone.make_aware(performed_at)
        if performed_at > timezone.now() + CLOCK_SKEW:
            errors["performed_at"] = _("检查时间不能晚于当前时间")
    contact = (data.get("contact") or "").strip()
    if not contact:
        errors["contact"] = _("请填写拨打号码或窗口地址")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "channel": channel,
        "agency": agency,
        "performed_at": performed_at,
        "contact": contact,
        "answered": answered,
        "handled_correctly": handled,
        "response_seconds": seconds,
        "notes": (data.get("notes") or "").strip(),
    }


def _finding_text(check: ChannelCheck) -> str:
    local = timezone.localtime(check.performed_at)
    problem = _("未正确处理") if check.answered else _("无人接听/无人受理")
    text = _("%(when)s %(kind)s %(channel)s（%(contact)s）：%(problem)s") % {
        "when": local.strftime("%Y-%m-%d %H:%M"),
        "kind": check.get_kind_display(),
        "channel": check.get_channel_display(),
        "contact": check.contact,
        "problem": problem,
    }
    return f"{text}\n{check.notes}" if check.notes else text


@transaction.atomic
def record_check(actor: User, **data) -> ChannelCheck:
    """Records a check; a failed one opens a ledger item for the checked agency in the same
    transaction, due `rules.RECTIFICATION_WORKDAYS` working days after today."""
    if not actor.can("add", "inspections.channelcheck"):
        raise PermissionDenied(_("无权登记渠道暗访"))
    clean = _validate_check(actor, data)
    agency = clean["agency"]
    check = ChannelCheck(
        **clean,
        region_id=agency.region_id,
        performed_by=actor,
        result=rules.check_result(clean["answered"], clean["handled_correctly"]),
    )
    check.full_clean()
    check.save()
    audit.record(
        "channel_check.create", obj=check, actor=actor, after=audit.snapshot(check, CHECK_FIELDS)
    )
    if not check.passed:
        open_ledger_item(actor, check)
    return check


def open_ledger_item(actor: User, check: ChannelCheck) -> LedgerItem:
    """Opens the ledger item of a failed check through the ledger's own service (deadline,
    campaign, history, audit) and links the check to it; called inside `record_check`'s
    transaction."""
    item = ledger.open_item(
        actor,
        source=Source.CHANNEL_CHECK,
        agency=check.agency,
        region_id=check.region_id,
        unit_kind=UnitKind.DEPARTMENT,
        description=_finding_text(check),
        reason=_("渠道暗访不合格"),
    )
    check.ledger_item = item
    check.save(update_fields=["ledger_item"])
    return item
