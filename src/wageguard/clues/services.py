"""Every state change of a clue: permission, jurisdiction, transition table, deadline, history,
audit and notifications, in one transaction (DESIGN: Workflow)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.core.calendar import add_workdays
from wageguard.core.memo import memo
from wageguard.core.registry import Registry
from wageguard.core.scoping import check_may
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify
from wageguard.parties.rules import normalise_name
from wageguard.regions.models import Level, Region
from wageguard.regions.router import route

from . import sms
from .models import (
    ArrearsLine,
    Clue,
    ClueHistory,
    ClueSettings,
    Supervision,
    new_secret,
    secret_digest,
)
from .rules import (
    OPEN_STATES,
    WORKFLOW,
    Action,
    Channel,
    ReferralTarget,
    RejectReason,
    Resolution,
    State,
    urgent_reasons,
)
from .validation import IntakeData

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


@dataclass
class Intake:
    clue: Clue
    secret: str | None  # None when an earlier submission was returned instead of a new one
    created: bool
    arrears: list[ArrearsLine] = field(default_factory=list)


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


def _hrss_for(region: Region) -> Agency:
    """The HRSS bureau answering for a division: its own, else the nearest one above it."""
    agency = _hrss_of(region.code)
    if agency is None:
        raise ValidationError({"work_address": "系统未配置该地区的人社部门，无法分派"})
    return agency


@memo(60)
def _hrss_of(code: str) -> Agency | None:
    node: Region | None = _region(code)
    while node is not None:
        agency = Agency.objects.filter(region=node, kind=AgencyKind.HRSS).first()
        if agency:
            return agency
        node = node.parent
    return None


@memo(60)
def _region(code: str) -> Region:
    return Region.objects.select_related("parent").get(code=code)


def route_clue(address: str) -> tuple[Region, float, str]:
    """County where the work happens (Decree 423 art. 13); else the prefecture's or the province's
    triage queue, never a guess. An address in another province goes to this province's triage,
    which transfers it on."""
    province = settings.WAGEGUARD_PROVINCE
    result = route(address, province=province)
    home = _region(f"{province}0000")
    if result.code is None:
        return home, 0.0, "未能从地址识别辖区，进入省级分拣"
    if not result.code.startswith(province):
        return home, result.confidence, f"地址位于省外（{result.name} {result.code}），待移交"
    region = _region(result.code)
    note = "" if region.level == Level.COUNTY else f"未能确定到县级，进入{region.name}分拣"
    return region, result.confidence, note


def _stage_due(start: dt.date, days: int) -> tuple[dt.date, bool]:
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


def _history(
    clue: Clue, action: str, actor: User | None, before: str, note: str = "", **data
) -> None:
    ClueHistory.write(
        clue, action, actor, before, note, data=data, public=action in _PUBLIC_ACTIONS
    )


@transaction.atomic
def intake(
    data: IntakeData,
    *,
    channel: str = Channel.WEB,
    actor: User | None = None,
    received_at: dt.datetime | None = None,
    external_id: str | None = None,
    idempotency_key: str | None = None,
) -> Intake:
    """Registers a clue from any channel. Re-sending the same Idempotency-Key, or the same external
    id of the national platform, returns the clue already stored and never makes a second one."""
    if actor is not None and not actor.can("add", "clues.clue"):
        raise PermissionDenied("无权登记线索")
    if idempotency_key and actor is not None:
        earlier = Clue.objects.filter(created_by=actor, idempotency_key=idempotency_key).first()
        if earlier:
            return Intake(earlier, None, False)
    if external_id:
        earlier = Clue.objects.filter(channel=channel, external_id=external_id).first()
        if earlier:
            return Intake(earlier, None, False)

    region, confidence, note = route_clue(data.work_address)
    cfg = ClueSettings.for_province()
    received_at = received_at or timezone.now()
    accept_due, provisional = _stage_due(local_date(received_at), cfg.accept_days)
    reasons = urgent_reasons(
        workers_owed=data.workers_owed,
        amount_owed=data.amount_owed,
        text=f"{data.description} {data.project_name}",
        sector=data.sector,
        received_on=local_date(received_at),
        rules=cfg.urgency,
    )
    secret = new_secret()
    clue = Clue(
        channel=channel,
        external_id=external_id or None,
        received_at=received_at,
        created_by=actor,
        idempotency_key=idempotency_key or None,
        region=region,
        agency=_hrss_for(region),
        routing_confidence=confidence,
        routing_note=note,
        reporter_name=data.reporter_name,
        id_number=data.id_number,
        phone=data.phone,
        disclose_identity=data.disclose_identity,
        sector=data.sector,
        employer_name=data.employer_name,
        employer_name_norm=normalise_name(data.employer_name),
        employer_credit_code=data.employer_credit_code,
        project_name=data.project_name,
        project_name_norm=normalise_name(data.project_name) if data.project_name else "",
        work_address=data.work_address,
        period_start=data.period_start,
        period_end=data.period_end,
        amount_owed=data.amount_owed,
        workers_owed=data.workers_owed,
        description=data.description,
        due_date=accept_due,
        accept_due=accept_due,
        due_provisional=provisional,
        urgent=bool(reasons),
        urgent_reasons=reasons,
    )
    clue.secret_hash = secret_digest(clue.tracking_code, secret)
    if not (external_id or idempotency_key):
        clue.save()  # nothing unique to race on: no savepoint needed
    else:
        try:
            with transaction.atomic():
                clue.save()
        except IntegrityError:
            # Two submissions with one key or external id raced; the other one won: return it.
            earlier = Clue.objects.filter(
                Q(channel=channel, external_id=external_id)
                if external_id
                else Q(created_by=actor, idempotency_key=idempotency_key)
            ).first()
            if earlier is None:
                raise
            return Intake(earlier, None, False)
    lines = [ArrearsLine(clue=clue, **line) for line in data.arrears]
    ArrearsLine.objects.bulk_create(lines)
    _history(clue, "received", actor, "", note=note, channel=channel)
    if clue.phone:
        sms.queue(
            clue,
            f"【根治欠薪】您反映的欠薪线索已收到，查询码 {clue.tracking_code}，查询密码 {secret}，"
            f"将于 {accept_due:%m月%d日} 前告知是否受理。",
        )
    if reasons:
        _notify_urgent(clue)
    # Last before commit: the audit chain admits one writer at a time (an advisory lock on
    # PostgreSQL), so the less that follows it, the shorter every other writer waits.
    audit.record(
        "clue.create",
        obj=clue,
        actor=actor,
        after={"channel": channel, "region": region.code, "urgent": clue.urgent},
    )
    return Intake(clue, secret, True, lines)


def _notify_urgent(clue: Clue) -> None:
    """An urgent clue reaches the county leader and the prefecture supervisor at once."""
    text = f"紧急线索 {clue.tracking_code}：{clue.employer_name}，" + "；".join(clue.urgent_reasons)
    url = f"/clues/{clue.pk}/"
    agencies = [clue.agency, *([clue.agency.parent] if clue.agency.parent_id else [])]
    for agency in agencies:
        Supervision.objects.get_or_create(
            clue=clue,
            due_date=clue.due_date,
            kind=Supervision.Kind.URGENT,
            level=agency.region.level,
            defaults={"by_agency": agency, "note": text},
        )
        notify(leaders_of(agency, (Role.SUPERVISOR, Role.TASKFORCE)), text, url)


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
        clue.due_date, clue.due_provisional = _stage_due(today, cfg.reply_days)
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
        clue.due_date, clue.due_provisional = _stage_due(today, cfg.reply_days)
    elif action == Action.TRANSFER:
        target_region = _transfer_target(data, clue)
        extra.update(from_region=clue.region_id, to_region=target_region.code)
        clue.region, clue.agency, clue.assignee = target_region, _hrss_for(target_region), None
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
    _history(clue, action, user, before_state, note=note, **{**_public_data(data), **extra})
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
        _history(
            merged, Action.REPLY, user, merged.state, note=f"随主线索 {primary.tracking_code} 答复"
        )
        sms.queue(merged, f"【根治欠薪】线索 {merged.tracking_code} 已答复，请凭查询码查看并评价。")


@transaction.atomic
def record_recovery(
    user: User, line: ArrearsLine, amount: Decimal, on: dt.date, method: str
) -> ArrearsLine:
    clue = line.clue
    check_can_act(user, clue, "change")
    if amount < 0 or amount > line.amount_owed:
        raise ValidationError({"amount_recovered": "追回金额须在 0 与欠薪金额之间"})
    before = audit.snapshot(line)
    line.amount_recovered, line.recovered_on, line.method = amount, on, method
    line.save()
    audit.record("clue.recovery", obj=clue, actor=user, before=before, after=audit.snapshot(line))
    return line


@transaction.atomic
def add_arrears_line(user: User, clue: Clue, **fields) -> ArrearsLine:
    check_can_act(user, clue, "change")
    line = ArrearsLine(clue=clue, **fields)
    line.full_clean(exclude=["clue"])
    line.save()
    audit.record("clue.arrears_add", obj=clue, actor=user, after=audit.snapshot(line))
    return line


@transaction.atomic
def rate(clue: Clue, score: int, comment: str = "", resolved: bool = True) -> Clue:
    """The reporter's rating after the reply; "not resolved" reopens within the set period."""
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    if clue.replied_at is None:
        raise ValidationError({"score": "答复后才能评价"})
    if not 1 <= int(score) <= 5:
        raise ValidationError({"score": "评分须为 1 至 5"})
    clue.rating, clue.rating_comment, clue.rated_at = int(score), comment[:500], timezone.now()
    clue.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    audit.record("clue.rate", obj=clue, after={"score": clue.rating, "resolved": resolved})
    if not resolved and clue.state in {State.REPLIED, State.CLOSED}:
        cfg = ClueSettings.for_province()
        limit = add_workdays(local_date(clue.replied_at), cfg.reopen_days).date
        if timezone.localdate() <= limit:
            before = clue.state
            clue.state = State.VERIFYING
            clue.reopened_count += 1
            clue.replied_at = clue.replied_on = clue.closed_at = None
            clue.due_date, clue.due_provisional = _stage_due(timezone.localdate(), cfg.reply_days)
            clue.save()
            _history(clue, Action.REOPEN, None, before, note="反映人表示问题未解决")
            audit.record("clue.reopen", obj=clue, reason="反映人表示问题未解决")
    return clue
