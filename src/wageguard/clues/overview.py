"""Supervisor overview (督办总览): each subordinate region's open, due-soon, overdue, urgent and
reopened clues and its oldest overdue clue, for the dispatch meeting.

The counts are one grouped query with conditional COUNTs, the oldest overdue clues one more, and
the row regions one more: three queries whatever the number of regions or clues. A city groups
by county; the province groups by prefecture (a county clue counts for its parent city); a county
sees itself. Clues waiting in a city's or the province's own triage queue get their own row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Min, Q, When

from wageguard.org.models import User
from wageguard.regions.models import Level, Region

from .filters import SlaClock
from .models import Clue
from .rules import OPEN_STATES, Sla


@dataclass
class Row:
    region: Region
    triage: bool  # the viewer's own level: clues not yet routed to a subordinate region
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    urgent: int = 0
    reopened: int = 0
    oldest_overdue: Clue | None = None


def viewer_region(user: User) -> Region:
    if user.agency_id:
        return user.agency.region
    return Region.objects.get(code=f"{settings.WAGEGUARD_PROVINCE}0000")


def _group_key(level: str):
    """The subordinate region a clue counts for, as one SQL expression."""
    if level == Level.PROVINCE:
        return Case(
            When(region__level=Level.COUNTY, then=F("region__parent_id")),
            default=F("region_id"),
            output_field=CharField(),
        )
    return F("region_id")


def rows(user: User, clock: SlaClock) -> list[Row]:
    """One row per subordinate region (and the viewer's own triage queue), in code order."""
    home = viewer_region(user)
    if home.level == Level.COUNTY:
        regions = [home]
    else:
        regions = [home, *Region.objects.filter(parent=home).order_by("code")]
    by_code = {
        r.code: Row(r, triage=r.code == home.code and home.level != Level.COUNTY) for r in regions
    }

    open_ = Q(state__in=OPEN_STATES)
    overdue = open_ & clock.q(Sla.OVERDUE)
    scoped = Clue.objects.restrict(user, "view").filter(open_)
    if home.level != Level.PROVINCE:
        scoped = scoped.filter(Q(region_id=home.code) | Q(region__parent_id=home.code))
    key = _group_key(home.level)
    counts = (
        scoped.annotate(group=key)
        .values("group")
        .annotate(
            n_open=Count("pk"),
            n_due_soon=Count("pk", filter=clock.q(Sla.DUE_SOON)),
            n_overdue=Count("pk", filter=overdue),
            n_urgent=Count("pk", filter=Q(urgent=True)),
            n_reopened=Count("pk", filter=Q(reopened_count__gt=0)),
            oldest_due=Min("due_date", filter=overdue),
        )
        .order_by()
    )
    oldest: dict[str, object] = {}
    for c in counts:
        row = by_code.get(c["group"])
        if row is None:  # a clue outside the expected tree (e.g. another province's triage)
            continue
        row.open, row.due_soon, row.overdue = c["n_open"], c["n_due_soon"], c["n_overdue"]
        row.urgent, row.reopened = c["n_urgent"], c["n_reopened"]
        if c["oldest_due"] is not None:
            oldest[c["group"]] = c["oldest_due"]
    if oldest:
        match = reduce(or_, (Q(group=g, due_date=d) for g, d in oldest.items()))
        candidates = (
            scoped.filter(overdue)
            .annotate(group=key)
            .filter(match)
            .only("pk", "tracking_code", "due_date", "region_id", "received_at")
            .order_by("received_at", "pk")
        )
        for clue in candidates:
            row = by_code[clue.group]
            if row.oldest_overdue is None:
                row.oldest_overdue = clue
    ordered = sorted(by_code.values(), key=lambda r: (not r.triage, r.region.code))
    return [r for r in ordered if not r.triage or r.open]


def totals(rows_: list[Row]) -> dict[str, int]:
    return {
        name: sum(getattr(r, name) for r in rows_)
        for name in ("open", "due_soon", "overdue", "urgent", "reopened")
    }
