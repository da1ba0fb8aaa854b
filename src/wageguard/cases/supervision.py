"""Supervision of case deadlines (督办), exactly like clues: handlers are reminded when the 60 (90)
working-day investigation period is due soon; an overdue case goes to the prefecture's leaders,
and after 5 more working days to the province.

Re-runnable like `clues.supervision.escalate`: each step is a `supervise` row on the case's own
history, once per kind, level and stored due date, so an extension (a new due date) starts the
ladder again and a re-run notifies nobody twice.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wageguard.clues.models import ClueSettings
from wageguard.clues.supervision import EscalationReport, escalation_targets
from wageguard.core import audit
from wageguard.core.calendar import add_workdays, workdays_between
from wageguard.org.models import Agency, User
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify

from .models import CaseHistory, EnforcementCase
from .rules import OPEN_STATES

REMINDER = "reminder"
ESCALATION = "escalation"


def _handlers(case: EnforcementCase) -> list[User]:
    users = [i.user for i in case.inspectors.select_related("user") if i.user.is_active]
    return users or leaders_of(case.agency, (Role.INSPECTOR, Role.SUPERVISOR))


def _step(
    case: EnforcementCase, kind: str, agency: Agency, users: list[User], text: str, dry_run: bool
) -> bool:
    """Takes one supervision step once; False when it was already taken for this due date."""
    key = {"kind": kind, "level": agency.region.level, "due_date": case.due_date.isoformat()}
    taken = CaseHistory.objects.filter(
        case=case,
        action="supervise",
        data__kind=kind,
        data__level=key["level"],
        data__due_date=key["due_date"],
    )
    if dry_run:
        return not taken.exists()
    with transaction.atomic():
        EnforcementCase.objects.select_for_update().filter(pk=case.pk).first()
        if taken.exists():
            return False
        CaseHistory.write(case, "supervise", None, case.state, note=text, data=key)
        notify(users, text, f"/cases/{case.pk}/")
        audit.record(f"case.{kind}", obj=case, after={**key, "note": text})
    return True


def escalate(today: dt.date | None = None, dry_run: bool = False) -> EscalationReport:
    """Reminds handlers of cases due soon and escalates overdue ones one level up, then two."""
    today = today or timezone.localdate()
    soon = add_workdays(today, ClueSettings.for_province().due_soon_days).date
    report = EscalationReport()
    base = EnforcementCase.objects.filter(state__in=OPEN_STATES).select_related(
        "agency__region", "agency__parent__region"
    )
    for case in base.filter(due_date__gte=today, due_date__lte=soon).iterator(chunk_size=500):
        text = f"案件 {case.number} 办案期限 {case.due_date:%m月%d日} 届满，请及时办结"
        if _step(case, REMINDER, case.agency, _handlers(case), text, dry_run):
            report.reminders.append(case.number)
    for case in base.filter(due_date__lt=today).iterator(chunk_size=500):
        late = workdays_between(case.due_date, today)
        text = f"案件 {case.number}（{case.agency.name}）已超过办案期限 {late} 个工作日，请督促办理"
        for agency, users in escalation_targets(case.agency, late):
            if _step(case, ESCALATION, agency, users, text, dry_run):
                report.escalated(agency, case.number)
    return report
