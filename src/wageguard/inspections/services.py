"""Every change to channel checks and ledger items: permission, jurisdiction, transition, deadline
and audit, all in one transaction (DESIGN: Workflow).

Who may do what:
- record a check: a role with ("add", "inspections.channelcheck") checking an HRSS bureau inside
  their jurisdiction, which is their own division and every one below it (a county checks itself,
  a prefecture its counties, the province everyone);
- report a rectification: a role with ("rectify", "inspections.finding") at the checked agency;
- close (销号) or return an item: a role with ("close", "inspections.finding") whose jurisdiction
  contains the item's division and who is *not* at the checked agency: the level above closes,
  so nobody signs off their own problem. The provincial department has no level above it: a
  finding against it is closed by another person of the department (never the one who reported
  the rectification).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit, calendar
from wageguard.org.models import Agency, AgencyKind, User

from . import rules
from .models import ChannelCheck, Finding
from .rules import FindingAction, FindingSource

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
FINDING_FIELDS = [
    "source",
    "channel_check",
    "agency",
    "region",
    "description",
    "opened_at",
    "due_date",
    "due_provisional",
    "state",
    "rectification_note",
    "rectified_by",
    "rectified_at",
    "close_note",
    "closed_by",
    "closed_at",
]
# A check recorded "in the future" by more than this is a typo (or a wrong clock), not a check.
CLOCK_SKEW = timedelta(minutes=10)
MAX_NOTE = 4000


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
        open_finding(actor, check)
    return check


def open_finding(actor: User, check: ChannelCheck) -> Finding:
    """Opens the ledger item of a failed check (called inside `record_check`'s transaction)."""
    now = timezone.now()
    due = calendar.add_workdays(timezone.localdate(now), rules.RECTIFICATION_WORKDAYS)
    finding = Finding.objects.create(
        source=FindingSource.CHANNEL_CHECK,
        channel_check=check,
        agency=check.agency,
        region_id=check.region_id,
        description=_finding_text(check),
        opened_at=now,
        opened_by=actor,
        due_date=due.date,
        due_provisional=due.provisional,
    )
    audit.record(
        "finding.open",
        obj=finding,
        actor=actor,
        after=audit.snapshot(finding, FINDING_FIELDS),
        reason=_("渠道暗访不合格"),
    )
    return finding


def open_finding_from_warning(actor: User, warning: Any, note: str) -> Finding:
    """A project warning handed on to the problem ledger (the warning's "ledger" outcome, called
    inside the warning's transition): the project's supervising bureau rectifies it within the
    ledger's working days, and it is closed above that bureau like any other item."""
    if not (actor.can("view", "inspections.finding") and actor.in_jurisdiction(warning.region_id)):
        raise PermissionDenied(_("无权将该预警列入问题台账"))
    if Finding.objects.filter(warning=warning).exists():
        raise ValidationError(_("该预警已列入问题台账"))
    project = warning.project
    now = timezone.now()
    due = calendar.add_workdays(timezone.localdate(now), rules.RECTIFICATION_WORKDAYS)
    text = f"{project.name}（{project.code}）：{warning.summary}"
    finding = Finding.objects.create(
        source=FindingSource.WARNING,
        warning=warning,
        agency=project.agency,
        region_id=warning.region_id,
        description=f"{text}\n{note}".strip() if note else text,
        opened_at=now,
        opened_by=actor,
        due_date=due.date,
        due_provisional=due.provisional,
    )
    audit.record(
        "finding.open",
        obj=finding,
        actor=actor,
        after=audit.snapshot(finding, FINDING_FIELDS),
        reason=_("工程项目预警"),
    )
    return finding


def may_act(actor: User, finding: Finding, action: str) -> bool:
    """Whether `actor` may apply `action` to `finding` as it stands (state aside)."""
    verb = rules.ACTION_PERMISSION.get(action)
    if verb is None or not actor.can(verb, "inspections.finding"):
        return False
    if not actor.in_jurisdiction(finding.region_id):
        return False
    if action == FindingAction.RECTIFY:
        return actor.agency_id == finding.agency_id
    # Close / return: the supervising level, or (for the top agency only) another person there.
    if actor.agency_id == finding.agency_id:
        top = finding.agency.parent_id is None
        return top and actor.pk != finding.rectified_by_id
    return True


def available_actions(actor: User, finding: Finding) -> list[str]:
    return [a for a in rules.allowed_actions(finding.state) if may_act(actor, finding, a)]


def _transition(actor: User, finding: Finding, action: str, note: str) -> Finding:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写说明")})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("说明不能超过 %(n)s 字") % {"n": MAX_NOTE}})
    # Lock the row and decide on its committed state, so two clicks never both apply.
    locked = (
        Finding.objects.select_for_update().select_related("agency").filter(pk=finding.pk).first()
    )
    if locked is None or not may_act(actor, locked, action):
        raise PermissionDenied(_("无权对该问题执行此操作"))
    new_state = rules.next_state(locked.state, action)
    if new_state is None:
        message = _("当前状态“%(state)s”不能执行此操作") % {"state": locked.get_state_display()}
        raise ValidationError({"state": message})
    before = audit.snapshot(locked, FINDING_FIELDS)
    now = timezone.now()
    if action == FindingAction.RECTIFY:
        locked.rectification_note = note
        locked.rectified_by = actor
        locked.rectified_at = now
    elif action == FindingAction.CLOSE:
        locked.close_note = note
        locked.closed_by = actor
        locked.closed_at = now
    else:  # returned: the agency must rectify again, before the original due date
        locked.close_note = note
    locked.state = new_state
    locked.save()
    audit.record(
        f"finding.{action}",
        obj=locked,
        actor=actor,
        before=before,
        after=audit.snapshot(locked, FINDING_FIELDS),
        reason=note,
    )
    return locked


@transaction.atomic
def report_rectification(actor: User, finding: Finding, note: str) -> Finding:
    return _transition(actor, finding, FindingAction.RECTIFY, note)


@transaction.atomic
def close_finding(actor: User, finding: Finding, note: str) -> Finding:
    return _transition(actor, finding, FindingAction.CLOSE, note)


@transaction.atomic
def return_finding(actor: User, finding: Finding, note: str) -> Finding:
    return _transition(actor, finding, FindingAction.RETURN, note)


@transaction.atomic
def transition(actor: User, finding: Finding, action: str, note: str) -> Finding:
    """The one entry point for pages: `action` is a `FindingAction` value."""
    if action not in FindingAction.values:
        raise ValidationError({"action": _("未知操作")})
    return _transition(actor, finding, action, note)
