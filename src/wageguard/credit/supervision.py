"""Supervision of the credit list's deadlines (督办), like cases and clues: the bureau's own
limits (checking an objection, Order 45 art. 6; the listing decision, art. 8; deciding an
application for early removal, art. 14) are reminded when due soon, and an overdue listing goes
to the prefecture's leaders, then after 5 more working days to the province
(`clues.services.supervision.escalation_targets`, the one ladder of the lower apps).

Re-runnable: each step is a `supervise` row on the listing's own history, once per kind, level
and due date, so an extension (a new due date) starts the ladder again and a re-run notifies
nobody twice. Listings are few next to clues and cases; the open ones are read each run.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wageguard.clues.services.supervision import EscalationReport, escalation_targets
from wageguard.core import audit
from wageguard.core.calendar import add_workdays, workdays_between
from wageguard.core.deadlines import due_soon_days
from wageguard.org.models import Agency, User
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify

from .models import CreditListing, CreditListingHistory
from .rules import State

REMINDER = "reminder"
ESCALATION = "escalation"
SUPERVISE = "supervise"
# The states in which the bureau owes a step with a deadline.
WAITING = (State.PROPOSED, State.NOTIFIED, State.REMOVAL_REQUESTED)


def _step(
    listing: CreditListing,
    due: dt.date,
    kind: str,
    agency: Agency,
    users: list[User],
    text: str,
    dry_run: bool,
) -> bool:
    """Takes one supervision step once; False when it was already taken for this due date."""
    key = {"kind": kind, "level": agency.region.level, "due_date": due.isoformat()}
    taken = CreditListingHistory.objects.filter(
        listing=listing,
        action=SUPERVISE,
        data__kind=kind,
        data__level=key["level"],
        data__due_date=key["due_date"],
    )
    if dry_run:
        return not taken.exists()
    with transaction.atomic():
        CreditListing.objects.select_for_update().filter(pk=listing.pk).first()
        if taken.exists():
            return False
        CreditListingHistory.write(listing, SUPERVISE, None, listing.state, note=text, data=key)
        notify(users, text, f"/credit/{listing.pk}/")
        audit.record(f"credit.{kind}", obj=listing, after={**key, "note": text})
    return True


def escalate(today: dt.date | None = None, dry_run: bool = False) -> EscalationReport:
    """Reminds the deciding bureau of listings whose own deadline is due soon and escalates
    overdue ones one level up, then two."""
    today = today or timezone.localdate()
    soon = add_workdays(today, due_soon_days()).date
    report = EscalationReport()
    rows = CreditListing.objects.filter(state__in=WAITING).select_related(
        "agency__region", "agency__parent__region", "notice_document"
    )
    for listing in rows.iterator(chunk_size=500):
        due = listing.bureau_due()
        if due is None or due > soon:
            continue
        name = f"{listing.unit_name}（{listing.get_state_display()}）"
        if due >= today:
            text = f"失信名单 {name} 办理期限 {due:%m月%d日} 届满，请及时办理"
            users = leaders_of(listing.agency, (Role.SUPERVISOR, Role.INSPECTOR))
            if _step(listing, due, REMINDER, listing.agency, users, text, dry_run):
                report.reminders.append(listing.unit_name)
            continue
        late = workdays_between(due, today)
        text = f"失信名单 {name}（{listing.agency.name}）已超过办理期限 {late} 个工作日，请督促办理"
        for agency, users in escalation_targets(listing.agency, late):
            if _step(listing, due, ESCALATION, agency, users, text, dry_run):
                report.escalated(agency, listing.unit_name)
    return report
