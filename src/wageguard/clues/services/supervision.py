"""Supervision from above (督办): due-soon reminders, overdue escalation county -> prefecture ->
province. Listed supervision (挂牌督办), with its own deadline and report-back, is `listed`
(re-exported here for the callers that knew it from this module).

`escalate()` is re-runnable: every step it takes is a `Supervision` row unique per clue, kind, level
and deadline, so running it every few minutes notifies each person once (django-helpdesk's
escalation, without its calendar arithmetic: deadlines are already stored in working days).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from wageguard.core import audit
from wageguard.core.calendar import add_workdays, workdays_between
from wageguard.org.models import Agency, User
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify
from wageguard.regions.models import Level

from ..models import Clue, ClueSettings, Supervision
from ..rules import OPEN_STATES
from .listed import list_for_supervision, report_back

__all__ = ["escalate", "escalation_targets", "list_for_supervision", "report_back"]

# Overdue by this many working days, a county's clue goes on to the province as well.
PROVINCE_AFTER_WORKDAYS = 5


@dataclass
class EscalationReport:
    reminders: list[str] = field(default_factory=list)
    to_prefecture: list[str] = field(default_factory=list)
    to_province: list[str] = field(default_factory=list)

    def escalated(self, agency: Agency, name: str) -> None:
        level = agency.region.level
        (self.to_province if level == Level.PROVINCE else self.to_prefecture).append(name)

    def lines(self) -> list[str]:
        return [
            f"reminders: {len(self.reminders)}",
            f"escalated to prefecture: {len(self.to_prefecture)}",
            f"escalated to province: {len(self.to_province)}",
        ]


def _handlers(clue: Clue) -> list[User]:
    if clue.assignee_id and clue.assignee.is_active:
        return [clue.assignee]
    return leaders_of(clue.agency, (Role.INSPECTOR, Role.CLERK, Role.SUPERVISOR))


def _ancestor(agency: Agency, level: str) -> Agency | None:
    node = agency
    while node is not None and node.region.level != level:
        node = node.parent
    return node


def _step(
    clue: Clue, kind: str, agency: Agency, users: list[User], text: str, dry_run: bool
) -> bool:
    """Records one supervision step once; False when it was already taken."""
    if dry_run:
        return not Supervision.objects.filter(
            clue=clue, kind=kind, level=agency.region.level, due_date=clue.due_date
        ).exists()
    with transaction.atomic():
        _row, created = Supervision.objects.get_or_create(
            clue=clue,
            kind=kind,
            level=agency.region.level,
            due_date=clue.due_date,
            defaults={"by_agency": agency, "note": text},
        )
        if created:
            notify(users, text, f"/clues/{clue.pk}/")
            if kind == Supervision.Kind.ESCALATION:
                Clue.objects.filter(pk=clue.pk).update(escalation_level=agency.region.level)
            audit.record(
                f"clue.{kind}", obj=clue, after={"level": agency.region.level, "note": text}
            )
    return created


def escalate(today: dt.date | None = None, dry_run: bool = False) -> EscalationReport:
    """Reminds handlers of due-soon clues and escalates overdue ones one level up, then two."""
    today = today or timezone.localdate()
    cfg = ClueSettings.for_province()
    soon = add_workdays(today, cfg.due_soon_days).date
    report = EscalationReport()
    base = Clue.objects.filter(state__in=OPEN_STATES, due_date__isnull=False).select_related(
        "agency__region", "agency__parent__region", "assignee"
    )
    for clue in base.filter(due_date__gte=today, due_date__lte=soon).iterator(chunk_size=500):
        text = f"线索 {clue.tracking_code} 将于 {clue.due_date:%m月%d日} 到期，请及时办理"
        if _step(clue, Supervision.Kind.REMINDER, clue.agency, _handlers(clue), text, dry_run):
            report.reminders.append(clue.tracking_code)
    for clue in base.filter(due_date__lt=today).iterator(chunk_size=500):
        late = workdays_between(clue.due_date, today)
        text = f"线索 {clue.tracking_code}（{clue.agency.name}）已超期 {late} 个工作日，请督促办理"
        for agency, users in escalation_targets(clue.agency, late):
            if _step(clue, Supervision.Kind.ESCALATION, agency, users, text, dry_run):
                report.escalated(agency, clue.tracking_code)
    return report


def escalation_targets(agency: Agency, late: int) -> list[tuple[Agency, list[User]]]:
    """Where an item overdue by `late` working days at `agency` goes (the same ladder for clues
    and cases): the prefecture's leaders, and the province's once it is PROVINCE_AFTER_WORKDAYS
    late, or at once when no prefecture sits between."""
    out = []
    prefecture = _ancestor(agency, Level.CITY)
    if prefecture and prefecture.pk != agency.pk:
        out.append((prefecture, leaders_of(prefecture, (Role.SUPERVISOR,))))
    province = _ancestor(agency, Level.PROVINCE)
    direct = prefecture is None or prefecture.pk == agency.pk
    if province and (direct or late >= PROVINCE_AFTER_WORKDAYS):
        out.append((province, leaders_of(province, (Role.SUPERVISOR, Role.TASKFORCE))))
    return out
