"""Registering a 舆情 item and every change to it: each in one transaction with its history row
and audit event; refusals name the field; an extreme-incident risk escalates at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.cases.models import EnforcementCase
from wageguard.clues.models import Clue, ClueSettings
from wageguard.clues.rules import Channel
from wageguard.clues.services.intake import intake
from wageguard.clues.services.routing import hrss_for, route_clue
from wageguard.clues.validation import IntakeData
from wageguard.core import audit
from wageguard.core.scoping import check_may
from wageguard.org.models import Agency, User
from wageguard.org.rules import Role
from wageguard.org.services import agency_for, leaders_of, notify
from wageguard.regions.models import Level, Region

from . import rules
from .models import OpinionHistory, OpinionItem
from .rules import Action, OpinionRisk

MODEL = "dispatch.opinionitem"
FIELDS = [
    "state",
    "risk",
    "verify_note",
    "clue_id",
    "case_id",
    "response_text",
    "response_url",
    "on_meeting_screen",
]


@dataclass
class OpinionData:
    source: str
    source_url: str
    title: str
    summary: str
    seen_at: dt.datetime
    risk: str = OpinionRisk.LOW
    region: Region | None = None
    address: str = ""
    workers: int | None = None


def _route(data: OpinionData) -> Region:
    if data.region is not None:
        return data.region
    if not data.address.strip():
        raise ValidationError({"region": _("请选择所在区县，或填写涉及地点以便自动分派")})
    region, _confidence, _note = route_clue(data.address)
    return region


@transaction.atomic
def create(actor: User, data: OpinionData) -> OpinionItem:
    """Registers an item: the county it concerns (chosen, else routed from the address as a clue
    is), the risk by the clues' urgency rules, the hour deadlines from when it was seen."""
    region = _route(data)
    check_may(actor, "add", MODEL, region.pk, _("该舆情不在您的辖区内"))
    if data.seen_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"seen_at": _("发现时间不能晚于现在")})
    urgency = ClueSettings.for_province().urgency
    risk, reasons = rules.assessed_risk(
        data.risk,
        f"{data.title} {data.summary}",
        data.workers,
        urgency.keywords,
        urgency.workers,
    )
    verify_due, respond_due, publish_due = rules.deadlines(data.seen_at, risk)
    item = OpinionItem.objects.create(
        source=data.source,
        source_url=data.source_url,
        title=data.title,
        summary=data.summary,
        seen_at=data.seen_at,
        address=data.address,
        region=region,
        agency=hrss_for(region),
        workers=data.workers,
        risk=risk,
        risk_reasons=reasons,
        verify_due=verify_due,
        respond_due=respond_due,
        publish_due=publish_due,
        created_by=actor,
    )
    OpinionHistory.write(item, "create", actor, "", data={"risk": risk, "reasons": reasons})
    if risk == OpinionRisk.EXTREME:
        _escalate(item, actor)
    audit.record(
        "opinion.create",
        obj=item,
        actor=actor,
        after={"region": region.code, "risk": risk, "source": data.source},
    )
    return item


def _ancestor_agency(agency: Agency, level: str) -> Agency | None:
    node: Agency | None = agency
    while node is not None and node.region.level != level:
        node = node.parent
    return node


def escalation_targets(item: OpinionItem) -> list[tuple[Agency, list[User]]]:
    """Who an extreme-incident risk reaches at once: the prefecture's bureau (its leaders and
    task force) and the province's task force, as an urgent clue reaches those above it."""
    targets: list[tuple[Agency, list[User]]] = []
    city = _ancestor_agency(item.agency, Level.CITY)
    if city is None and item.region.level != Level.PROVINCE:
        city = agency_for(item.region.code[:4] + "00")
    if city is not None:
        targets.append((city, leaders_of(city, (Role.SUPERVISOR, Role.TASKFORCE))))
    province = agency_for(f"{settings.WAGEGUARD_PROVINCE}0000")
    if province is not None:
        targets.append((province, leaders_of(province, (Role.TASKFORCE, Role.SUPERVISOR))))
    return targets


def _escalate(item: OpinionItem, actor: User | None) -> None:
    """Notifies the prefecture and the province, flags the item for the meeting screen and
    records it in the timeline; once per item."""
    if item.escalated_at is not None:
        return
    text = f"极端事件风险舆情：{item.title}（{item.region.name}）"
    if item.risk_reasons:
        text += "；" + "；".join(item.risk_reasons)
    url = f"/dispatch/opinion/{item.pk}/"
    levels = []
    for agency, users in escalation_targets(item):
        notify(users, text, url)
        levels.append({"agency": agency.name, "level": agency.region.level, "users": len(users)})
    item.escalated_at = timezone.now()
    item.on_meeting_screen = True
    item.save(update_fields=["escalated_at", "on_meeting_screen"])
    OpinionHistory.write(item, "escalate", actor, item.state, note=text, data={"to": levels})
    audit.record("opinion.escalate", obj=item, actor=actor, after={"to": levels})


# --- actions ---------------------------------------------------------------------------------


def may_handle(actor: Any, item: OpinionItem) -> bool:
    return bool(actor.can("handle", MODEL) and actor.in_jurisdiction(item.region_id))


def available_actions(actor: Any, item: OpinionItem) -> list[str]:
    if not may_handle(actor, item):
        return []
    return [
        a
        for a in rules.WORKFLOW.allowed(item.state)
        if not (a == Action.RAISE_RISK and item.risk == OpinionRisk.EXTREME)
    ]


def _required(data: dict, name: str, message: str) -> str:
    value = (data.get(name) or "").strip()
    if not value:
        raise ValidationError({name: message})
    return value


def transition(actor: User, item: OpinionItem, action: str, data: dict) -> OpinionItem:
    """The one way an item changes. `data` holds the action form's cleaned fields."""
    if action not in Action.values:
        raise ValidationError({"action": _("未知操作")})
    with transaction.atomic():
        locked = OpinionItem.objects.select_for_update().filter(pk=item.pk).first()
        if locked is None or not may_handle(actor, locked):
            raise PermissionDenied(_("无权办理该舆情"))
        before_state = locked.state
        new_state = rules.WORKFLOW.next_or_error(locked.state, action)
        before = audit.snapshot(locked, FIELDS)
        note = (data.get("note") or "").strip()
        extra: dict[str, Any] = {}
        escalate = False
        if action in (Action.VERIFY, Action.DISMISS):
            note = _required(data, "note", _("请填写核实情况"))
            locked.verify_note = note
        elif action == Action.RESPOND:
            _link(actor, locked, data, extra)
            locked.response_note = note
        elif action == Action.PUBLISH:
            locked.response_text = _required(data, "response_text", _("请填写发布的回应内容"))
            locked.response_url = _required(data, "response_url", _("请填写回应发布的链接"))
            locked.published_at = timezone.now()
        elif action == Action.RAISE_RISK:
            risk = data.get("risk") or ""
            if risk not in OpinionRisk.values or rules.higher(risk, locked.risk) == locked.risk:
                raise ValidationError({"risk": _("请选择高于当前的风险等级")})
            note = _required(data, "note", _("请说明调整风险等级的理由"))
            extra = {"from": locked.risk, "to": risk}
            locked.risk = risk
            locked.risk_reasons = [*locked.risk_reasons, note]
            # Deadlines tighten with the risk (never loosen: risk only rises).
            locked.verify_due, locked.respond_due, locked.publish_due = rules.deadlines(
                locked.seen_at, risk
            )
            escalate = risk == OpinionRisk.EXTREME
        locked.state = new_state
        locked.save()
        OpinionHistory.write(locked, action, actor, before_state, note=note, data=extra)
        if escalate:
            _escalate(locked, actor)
        audit.record(
            f"opinion.{action}",
            obj=locked,
            actor=actor,
            before=before,
            after=audit.snapshot(locked, FIELDS),
            reason=note,
        )
    return locked


def _link(actor: User, item: OpinionItem, data: dict, extra: dict) -> None:
    """Responding ties the item to the work that answers it: a new clue through the clues'
    intake (channel 舆情), or an existing clue or case by its number, seen by the actor."""
    code = (data.get("clue_code") or "").strip().upper()
    number = (data.get("case_number") or "").strip()
    if data.get("create_clue"):
        employer = _required(data, "employer_name", _("请填写被反映单位名称以登记线索"))
        if not actor.can("add", "clues.clue"):
            raise ValidationError({"create_clue": _("您的角色不能登记线索，请填写已有线索查询码")})
        created = intake(
            IntakeData(
                employer_name=employer,
                work_address=item.address or item.region.name,
                description=f"【舆情】{item.title}\n{item.summary}\n{item.source_url}",
                workers_owed=item.workers,
            ),
            channel=Channel.PUBLIC_OPINION,
            actor=actor,
            received_at=timezone.now(),
        )
        item.clue = created.clue
        extra["clue"] = created.clue.tracking_code
        extra["clue_created"] = True
    elif code:
        clue = Clue.objects.restrict(actor, "view").filter(tracking_code=code).first()
        if clue is None:
            raise ValidationError({"clue_code": _("未找到该查询码的线索，或不在您的辖区内")})
        item.clue = clue
        extra["clue"] = clue.tracking_code
    if number:
        case = EnforcementCase.objects.restrict(actor, "view").filter(number=number).first()
        if case is None:
            raise ValidationError({"case_number": _("未找到该编号的案件，或不在您的辖区内")})
        item.case = case
        extra["case"] = case.number
    if item.clue_id is None and item.case_id is None:
        raise ValidationError({"clue_code": _("请登记新线索，或填写已有线索查询码或案件编号")})
