"""Reminders and escalation of open ledger items (督办 up the hierarchy), run by
`wageguard jobs run` as `campaigns.ledger-escalate` (campaigns.jobs).

- `rules.REMINDER_WORKDAYS` working days before its due date, the responsible bureau's inspectors
  and supervisors are reminded once (history "remind", audit `ledger.remind`).
- Once it is overdue (at least one working day past its due date), a county's item goes to the
  prefecture's supervisors, and on to the province's supervisors and task force once it is
  `rules.ESCALATE_TO_PROVINCE_AFTER_WORKDAYS` working days late; a prefecture's item goes to the
  province. Each level reached is one history row "escalate" (its level and the due date) and
  one audit event `ledger.escalate`, and raises the item's `supervision_level` the way a
  supervisor's 督办 does (it only rises). The province's own items have nobody above them.

Re-runnable at any time: what was done is on the item itself (`reminded_due`, the due date the
reminder was for; `supervision_level`), so the SQL leaves out every item with nothing left to do,
and each step re-reads the locked row before acting, so two runs on one day (or two at once)
notify nobody twice. A supervisor's own 督办 counts: an item the prefecture already supervised is
not escalated to it again.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from wageguard.clues.services.supervision import EscalationReport
from wageguard.core import audit
from wageguard.core.calendar import add_workdays, workdays_between
from wageguard.org.models import Agency
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify
from wageguard.regions.models import Level

from . import rules
from .models import LedgerHistory, LedgerItem
from .rules import LedgerState, SupervisionLevel

LEVEL_NAME = {SupervisionLevel.CITY: Level.CITY, SupervisionLevel.PROVINCE: Level.PROVINCE}
ROLES_AT = {
    SupervisionLevel.CITY: (Role.SUPERVISOR,),
    SupervisionLevel.PROVINCE: (Role.SUPERVISOR, Role.TASKFORCE),
}


def _url(item: LedgerItem) -> str:
    return f"/campaigns/ledger/{item.pk}/"


def _ancestor(agency: Agency, level: str) -> Agency | None:
    node: Agency | None = agency
    while node is not None and node.region.level != level:
        node = node.parent
    return node


def _remind(item: LedgerItem, dry_run: bool) -> bool:
    if dry_run:
        return True
    with transaction.atomic():
        locked = LedgerItem.objects.select_for_update().filter(pk=item.pk).first()
        if (
            locked is None
            or locked.state != LedgerState.OPEN
            or locked.reminded_due == locked.due_date
        ):
            return False
        text = (
            f"问题台账 #{locked.pk} 整改期限 {locked.due_date:%m月%d日} 届满，"
            f"请及时整改并上传整改佐证"
        )
        LedgerHistory.write(
            locked, "remind", None, locked.state, note=text, data={"due_date": locked.due_date}
        )
        LedgerItem.objects.filter(pk=locked.pk).update(reminded_due=locked.due_date)
        notify(leaders_of(item.agency, (Role.INSPECTOR, Role.SUPERVISOR)), text, _url(locked))
        audit.record("ledger.remind", obj=locked, after={"due_date": locked.due_date})
    return True


def _escalate(item: LedgerItem, reach: SupervisionLevel, late: int, dry_run: bool) -> list[Agency]:
    """Takes the steps from the item's level up to `reach`; the bureaus told, in order."""
    told: list[Agency] = []
    with transaction.atomic():
        locked = LedgerItem.objects.select_for_update().filter(pk=item.pk).first()
        if locked is None or locked.state != LedgerState.OPEN:
            return told
        before = locked.supervision_level
        for level in (SupervisionLevel.CITY, SupervisionLevel.PROVINCE):
            if not before < level <= reach:
                continue
            above = _ancestor(item.agency, LEVEL_NAME[level])
            if above is None or above.pk == item.agency_id:
                continue
            told.append(above)
            if dry_run:
                continue
            text = (
                f"问题台账 #{locked.pk}（{item.agency.name}）已超过整改期限 {late} 个工作日，"
                f"请督促整改"
            )
            data = {"level": int(level), "due_date": locked.due_date, "to": above.name}
            LedgerHistory.write(locked, "escalate", None, locked.state, note=text, data=data)
            notify(leaders_of(above, ROLES_AT[level]), text, _url(locked))
            audit.record(
                "ledger.escalate",
                obj=locked,
                before={"supervision_level": before},
                after={**data, "supervision_level": int(reach), "late_workdays": late},
            )
        if not dry_run and reach > before:
            LedgerItem.objects.filter(pk=locked.pk).update(supervision_level=int(reach))
    return told


def escalate(today: dt.date | None = None, dry_run: bool = False) -> EscalationReport:
    """Reminds responsible bureaus of items due soon and escalates overdue ones up the
    hierarchy; looks only at items with a step left (see the module doc)."""
    today = today or timezone.localdate()
    report = EscalationReport()
    base = LedgerItem.objects.filter(state=LedgerState.OPEN).select_related(
        "agency__region", "agency__parent__region", "agency__parent__parent__region"
    )
    soon = add_workdays(today, rules.REMINDER_WORKDAYS).date
    due_soon = base.filter(due_date__gte=today, due_date__lte=soon).exclude(
        reminded_due=F("due_date")
    )
    for item in due_soon.iterator(chunk_size=500):
        if _remind(item, dry_run):
            report.reminders.append(str(item.pk))
    # 5 working days late needs at least 5 calendar days: before that, a county's item the
    # prefecture knows of has nothing left to do.
    province_not_yet = today - dt.timedelta(days=rules.ESCALATE_TO_PROVINCE_AFTER_WORKDAYS)
    county = Q(agency__region__level=Level.COUNTY) & (
        Q(supervision_level__lt=SupervisionLevel.CITY)
        | Q(supervision_level__lt=SupervisionLevel.PROVINCE, due_date__lte=province_not_yet)
    )
    city = Q(agency__region__level=Level.CITY, supervision_level__lt=SupervisionLevel.PROVINCE)
    overdue = base.filter(due_date__lt=today).filter(county | city)
    for item in overdue.iterator(chunk_size=500):
        late = workdays_between(item.due_date, today)
        reach = rules.escalation_level(item.agency.region.level, late)
        if reach <= item.supervision_level:
            continue
        for agency in _escalate(item, reach, late, dry_run):
            report.escalated(agency, str(item.pk))
    return report
