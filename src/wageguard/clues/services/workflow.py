"""The clue workflow: the one transition service (permission, jurisdiction, table, deadline,
history, audit and notifications in one transaction) running the effect each action declares in
`clues.actions` (DESIGN: Workflow)."""

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.core.calendar import add_workdays
from wageguard.core.registry import Registry
from wageguard.core.scoping import check_may
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.regions.models import Region

from .. import sms
from ..models import Clue, ClueHistory, ClueSettings
from ..rules import (
    OPEN_STATES,
    WORKFLOW,
    Action,
    ReferralTarget,
    RejectReason,
    Resolution,
)
from .routing import hrss_for

_AUDIT_FIELDS = [
    "state",
    "region",
    "agency",
    "assignee",
    "due_date",
    "outcome",
    "urgent",
    "merged_into",
]


# Actions whose work another app does, registered in that app's ready(): filing the case of a
# clue converted to a case is the cases app's (cases builds on clues, never the other way). The
# effect runs inside the clue's transition, in its transaction, and returns what the clue's
# history records of it.
ACTION_EFFECTS: Registry[Callable[[Clue, User], dict]] = Registry("clue action effects")


def _effect(action: str) -> Callable[[Clue, User], dict]:
    if action not in ACTION_EFFECTS:
        raise ValidationError({"action": _("本系统未启用此操作")})
    return ACTION_EFFECTS.get(action)


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def stage_due(start: dt.date, days: int) -> tuple[dt.date, bool]:
    answer = add_workdays(start, days)
    return answer.date, answer.provisional


# The steps the reporter's public timeline shows.
_PUBLIC_ACTIONS = frozenset(
    {
        "received",
        Action.ACCEPT,
        Action.REJECT,
        Action.START_VERIFICATION,
        Action.REPLY,
        Action.CLOSE,
        Action.REOPEN,
    }
)


def history(
    clue: Clue, action: str, actor: User | None, before: str, note: str = "", **data
) -> None:
    ClueHistory.write(
        clue, action, actor, before, note, data=data, public=action in _PUBLIC_ACTIONS
    )


def check_can_act(user: User, clue: Clue, action: str) -> None:
    check_may(user, action, "clues.clue", clue.region_id, "该线索不在您的辖区内")


def _require(data: dict, name: str, message: str) -> str:
    value = data.get(name)
    if value in (None, ""):
        raise ValidationError({name: message})
    return value


def _choice(data: dict, name: str, choices, message: str) -> str:
    value = _require(data, name, message)
    if value not in choices.values:
        raise ValidationError({name: message})
    return value


@transaction.atomic
def transition(clue: Clue, action: str, user: User, **data) -> Clue:
    """The only way a clue changes state. `data` carries the action's fields (reason, note...)."""
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    check_can_act(user, clue, action)
    target = WORKFLOW.next_or_error(clue.state, action)
    before_state = clue.state
    before = audit.snapshot(clue, _AUDIT_FIELDS)
    cfg = ClueSettings.for_province()
    today = timezone.localdate()
    now = timezone.now()
    note = (data.get("note") or "").strip()
    extra: dict = {}

    if action == Action.ACCEPT:
        clue.accepted_at = now
        clue.due_date, clue.due_provisional = stage_due(today, cfg.reply_days)
    elif action == Action.REJECT:
        reason = _choice(data, "reason", RejectReason, "请选择不予受理的理由")
        clue.outcome = reason
        clue.reply_text = (
            data.get("reply_text")
            or f"经审查，您反映的事项不予受理。理由：{RejectReason(reason).label}。{note}"
        )
        clue.replied_at, clue.replied_on = now, today
        extra["reason"] = reason
        sms.queue(clue, f"【根治欠薪】线索 {clue.tracking_code} 已有书面答复，请凭查询码查看。")
    elif action == Action.START_VERIFICATION:
        assignee = data.get("assignee")
        if assignee is not None:
            clue.assignee = _assignee(assignee, clue)
        elif clue.assignee_id is None:
            clue.assignee = user
    elif action == Action.RESOLVE:
        clue.outcome = _choice(data, "resolution", Resolution, "请选择化解方式")
        clue.outcome_note = note
    elif action == Action.MARK_UNSUBSTANTIATED:
        clue.outcome = "unsubstantiated"
        clue.outcome_note = _require(data, "note", "请说明核查情况")
    elif action == Action.REFER:
        clue.outcome = _choice(data, "target", ReferralTarget, "请选择转办去向")
        clue.outcome_note = _require(data, "note", "请说明转办单位及理由")
    elif action == Action.CONVERT_TO_CASE:
        clue.outcome = "converted"
        clue.outcome_note = note
        extra.update(_effect(action)(clue, user))
    elif action == Action.REPLY:
        clue.reply_text = _require(data, "reply_text", "请填写答复内容")
        clue.replied_at, clue.replied_on = now, today
        _reply_to_merged(clue, user)
        sms.queue(clue, f"【根治欠薪】线索 {clue.tracking_code} 已答复，请凭查询码查看并评价。")
    elif action == Action.CLOSE:
        clue.closed_at = now
    elif action == Action.REOPEN:
        extra["reason"] = _require(data, "reason", "请说明重新办理的原因")
        clue.reopened_count += 1
        clue.replied_at = clue.replied_on = clue.closed_at = None
        clue.due_date, clue.due_provisional = stage_due(today, cfg.reply_days)
    elif action == Action.TRANSFER:
        target_region = _transfer_target(data, clue)
        extra.update(from_region=clue.region_id, to_region=target_region.code)
        clue.region, clue.agency, clue.assignee = target_region, hrss_for(target_region), None
        _require(data, "reason", "请说明移交理由")
        clue.routing_note = f"由 {extra['from_region']} 移交：{data['reason']}"
    elif action == Action.MERGE:
        primary = _merge_target(data, clue, user)
        clue.merged_into, clue.state_before_merge = primary, clue.state
        extra["into"] = primary.tracking_code
    elif action == Action.UNMERGE:
        extra["from"] = clue.merged_into.tracking_code if clue.merged_into else ""
        target = clue.state_before_merge or target
        clue.merged_into, clue.state_before_merge = None, ""

    clue.state = target
    clue.save()
    history(clue, action, user, before_state, note=note, **{**_public_data(data), **extra})
    audit.record(
        f"clue.{action}",
        obj=clue,
        actor=user,
        before=before,
        after=audit.snapshot(clue, _AUDIT_FIELDS),
        reason=note or str(extra.get("reason", "")),
    )
    return clue


def _public_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if k in {"reason", "resolution", "target"} and v}


def _assignee(value, clue: Clue) -> User:
    user = User.objects.filter(pk=getattr(value, "pk", value), is_active=True).first()
    if user is None or not user.in_jurisdiction(clue.region_id) or user.agency_id != clue.agency_id:
        raise ValidationError({"assignee": "承办人须为承办机构的在岗人员"})
    return user


def _transfer_target(data: dict, clue: Clue) -> Region:
    code = str(_require(data, "region", "请选择移交到的辖区"))
    region = Region.objects.filter(code=code).first()
    if region is None or region.code == clue.region_id:
        raise ValidationError({"region": "请选择另一个有效的辖区"})
    if not Agency.objects.filter(region=region, kind=AgencyKind.HRSS).exists():
        raise ValidationError({"region": "该辖区尚未接入本系统，请线下移交"})
    return region


def _merge_target(data: dict, clue: Clue, user: User) -> Clue:
    value = _require(data, "into", "请选择合并到的线索")
    primary = (
        Clue.objects.restrict(user, "merge")
        .filter(Q(pk=value) if str(value).isdigit() else Q(tracking_code=value))
        .first()
    )
    if primary is None or primary.pk == clue.pk:
        raise ValidationError({"into": "找不到可合并的线索"})
    if primary.state not in OPEN_STATES or primary.merged_into_id:
        raise ValidationError({"into": "只能合并到办理中的线索"})
    return primary


def _reply_to_merged(primary: Clue, user: User) -> None:
    """Merging keeps every reporter: each merged clue receives the primary's reply."""
    for merged in primary.merged_clues.all():
        merged.reply_text, merged.replied_at = primary.reply_text, primary.replied_at
        merged.replied_on = primary.replied_on
        merged.save(update_fields=["reply_text", "replied_at", "replied_on", "updated_at"])
        history(
            merged, Action.REPLY, user, merged.state, note=f"随主线索 {primary.tracking_code} 答复"
        )
        sms.queue(merged, f"【根治欠薪】线索 {merged.tracking_code} 已答复，请凭查询码查看并评价。")
