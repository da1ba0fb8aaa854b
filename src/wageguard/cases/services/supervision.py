"""Supervision of case deadlines (督办), exactly like clues: handlers are reminded when the 60 (90)
working-day investigation period is due soon; an overdue case goes to the prefecture's leaders,
and after 5 more working days to the province.

Re-runnable like `clues.supervision.escalate`: each step is a `supervise` row on the case's own
history, once per kind, level and stored due date, so an extension (a new due date) starts the
ladder again and a re-run notifies nobody twice.

Bounded per run: the case keeps a summary of its own steps (`supervised_due`, the due date they
were taken for, and `supervised_level`, the highest: "reminder", then "city", then "province"),
and each run leaves out in SQL the cases with nothing left to do for their current due date:
reminded ones, ones the province has been told of, and ones the prefecture has been told of
that cannot yet be 5 working days late (due fewer than 5 calendar days ago). The history rows
stay the record and the guard against a second notice; the summary is only the filter, so a
case whose summary is missing (older rows, a crash between the two) is looked at once more and
its summary written then.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from wageguard.clues.services.supervision import (
    PROVINCE_AFTER_WORKDAYS,
    EscalationReport,
    escalation_targets,
)
from wageguard.core import audit
from wageguard.core.calendar import add_workdays, workdays_between
from wageguard.core.deadlines import due_soon_days
from wageguard.org.models import Agency, User
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify
from wageguard.regions.models import Level

from ..models import CaseHistory, EnforcementCase
from ..rules import OPEN_STATES

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


def _summarise(case: EnforcementCase, level: str, dry_run: bool) -> None:
    """Records that the steps up to `level` are taken for the case's current due date."""
    if not dry_run:
        EnforcementCase.objects.filter(pk=case.pk).update(
            supervised_due=case.due_date, supervised_level=level
        )


def escalate(today: dt.date | None = None, dry_run: bool = False) -> EscalationReport:
    """Reminds handlers of cases due soon and escalates overdue ones one level up, then two.
    Looks only at cases with a step left for their current due date (see the module doc)."""
    today = today or timezone.localdate()
    soon = add_workdays(today, due_soon_days()).date
    report = EscalationReport()
    base = EnforcementCase.objects.filter(state__in=OPEN_STATES).select_related(
        "agency__region", "agency__parent__region"
    )
    current = Q(supervised_due=F("due_date"))
    due_soon = base.filter(due_date__gte=today, due_date__lte=soon).exclude(current)
    for case in due_soon.iterator(chunk_size=500):
        text = f"案件 {case.number} 办案期限 {case.due_date:%m月%d日} 届满，请及时办结"
        if _step(case, REMINDER, case.agency, _handlers(case), text, dry_run):
            report.reminders.append(case.number)
        _summarise(case, REMINDER, dry_run)
    # 5 working days late needs at least 5 calendar days: before that, a case the prefecture
    # knows of has nothing left to do.
    province_not_yet = today - dt.timedelta(days=PROVINCE_AFTER_WORKDAYS)
    overdue = (
        base.filter(due_date__lt=today)
        .exclude(current & Q(supervised_level=Level.PROVINCE))
        .exclude(current & Q(supervised_level=Level.CITY, due_date__gt=province_not_yet))
    )
    for case in overdue.iterator(chunk_size=500):
        late = workdays_between(case.due_date, today)
        text = f"案件 {case.number}（{case.agency.name}）已超过办案期限 {late} 个工作日，请督促办理"
        targets = escalation_targets(case.agency, late)
        for agency, users in targets:
            if _step(case, ESCALATION, agency, users, text, dry_run):
                report.escalated(agency, case.number)
        levels = {agency.region.level for agency, _users in targets}
        # No prefecture step pending: the ladder is done for this due date.
        done = Level.PROVINCE in levels or not targets
        _summarise(case, Level.PROVINCE if done else Level.CITY, dry_run)
    return report
