"""Supervisor overview (督办总览): each subordinate region's open, due-soon, overdue, urgent and
reopened clues, its open listed-supervision items (挂牌督办) and its oldest overdue clue, for the
dispatch meeting.

The counts are one grouped query with conditional COUNTs, the oldest overdue clues one more, and
the row regions one or two more: a fixed number of queries whatever the number of regions or
clues. A city's rows are its counties; the province's are its prefectures (a county's clues count
for its parent city, rolled up in Python); a county sees itself. Clues waiting in a city's or
the province's own triage queue get their own row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, Min, Q

from wageguard.core.deadlines import Clock
from wageguard.org.models import User
from wageguard.regions.models import Level, Region

from .. import register
from ..filters import only_open
from ..models import Clue
from ..rules import Sla


@dataclass
class Row:
    region: Region
    triage: bool  # the viewer's own level: clues not yet routed to a subordinate region
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    urgent: int = 0
    reopened: int = 0
    listed: int = 0  # open listed-supervision items (挂牌督办) on the region's clues
    oldest_overdue: Clue | None = None


def viewer_region(user: User) -> Region:
    if user.agency_id:
        return user.agency.region
    return Region.objects.get(code=f"{settings.WAGEGUARD_PROVINCE}0000")


def _groups(home: Region, regions: list[Region]) -> dict[str, str]:
    """Which row each division's clues count for: a county's clues for its city at the province."""
    groups = {r.code: r.code for r in regions}
    if home.level == Level.PROVINCE:
        for code, parent in Region.objects.filter(
            province_code=home.province_code, level=Level.COUNTY
        ).values_list("code", "parent_id"):
            groups[code] = parent if parent in groups else home.code
    return groups


def rows(user: User, clock: Clock) -> list[Row]:
    """One row per subordinate region (and the viewer's own triage queue), in code order.

    The database groups by the clue's own division (no join: the open-clue index serves it) and
    the rows are rolled up here, a few hundred numbers at most.
    """
    home = viewer_region(user)
    if home.level == Level.COUNTY:
        regions = [home]
    else:
        regions = [home, *Region.objects.filter(parent=home).order_by("code")]
    by_code = {
        r.code: Row(r, triage=r.code == home.code and home.level != Level.COUNTY) for r in regions
    }
    groups = _groups(home, regions)

    # Every row below is open already, so the SLA conditions need no open/closed branches.
    overdue = clock.q(Sla.OVERDUE, open_only=True)
    scoped = only_open(Clue.objects.restrict(user, "view"))
    if home.level == Level.CITY:
        scoped = scoped.filter(region_id__in=list(groups))
    counts = (
        scoped.values("region_id")
        .annotate(
            n_open=Count("pk"),
            n_due_soon=Count("pk", filter=clock.q(Sla.DUE_SOON, open_only=True)),
            n_overdue=Count("pk", filter=overdue),
            n_urgent=Count("pk", filter=Q(urgent=True)),
            n_reopened=Count("pk", filter=Q(reopened_count__gt=0)),
            oldest_due=Min("due_date", filter=overdue),
        )
        .order_by()
    )
    oldest: dict[str, tuple] = {}  # row code -> (due date, [division codes with that date])
    for c in counts:
        group = groups.get(c["region_id"])
        row = by_code.get(group) if group else None
        if row is None:  # a clue outside the expected tree (e.g. another province's triage)
            continue
        row.open += c["n_open"]
        row.due_soon += c["n_due_soon"]
        row.overdue += c["n_overdue"]
        row.urgent += c["n_urgent"]
        row.reopened += c["n_reopened"]
        due = c["oldest_due"]
        if due is not None:
            best = oldest.get(group)
            if best is None or due < best[0]:
                oldest[group] = (due, [c["region_id"]])
            elif due == best[0]:
                best[1].append(c["region_id"])
    if oldest:
        match = reduce(
            or_, (Q(region_id__in=codes, due_date=due) for due, codes in oldest.values())
        )
        candidates = (
            scoped.filter(overdue)
            .filter(match)
            .only("pk", "tracking_code", "due_date", "region_id", "received_at")
            .order_by("received_at", "pk")
        )
        for clue in candidates:
            row = by_code[groups[clue.region_id]]
            if row.oldest_overdue is None and clue.due_date == oldest[groups[clue.region_id]][0]:
                row.oldest_overdue = clue
    # Listed items (挂牌督办) still open, by their clue's division: one more grouped query.
    only = list(groups) if home.level == Level.CITY else None
    for code, n in register.counts_by_region(user, only).items():
        row = by_code.get(groups.get(code, ""))
        if row is not None:
            row.listed += n
    ordered = sorted(by_code.values(), key=lambda r: (not r.triage, r.region.code))
    return [r for r in ordered if not r.triage or r.open or r.listed]


def totals(rows_: list[Row]) -> dict[str, int]:
    return {
        name: sum(getattr(r, name) for r in rows_)
        for name in ("open", "due_soon", "overdue", "urgent", "reopened", "listed")
    }
