"""Registering a clue from any channel: routing, the acceptance deadline, urgency, the reporter's
receipt SMS and the urgent notices, in one transaction."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.org.models import User
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify
from wageguard.parties.rules import normalise_name
from wageguard.projects.services import match_clue

from .. import sms
from ..models import ArrearsLine, Clue, ClueSettings, Supervision, new_secret, secret_digest
from ..rules import Channel, Sector, urgent_reasons
from ..validation import IntakeData
from .routing import hrss_for, route_clue
from .steps import history, local_date, stage_due


@dataclass
class Intake:
    clue: Clue
    secret: str | None  # None when an earlier submission was returned instead of a new one
    created: bool
    arrears: list[ArrearsLine] = field(default_factory=list)


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
        raise PermissionDenied(_("无权登记线索"))
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
    accept_due, provisional = stage_due(local_date(received_at), cfg.accept_days)
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
        agency=hrss_for(region),
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
    if data.sector == Sector.CONSTRUCTION:
        clue.project, clue.project_match = match_clue(
            region.code, data.project_name, data.employer_credit_code, data.employer_name
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
    history(clue, "received", actor, "", note=note, public=True, channel=channel)
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
