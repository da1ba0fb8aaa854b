"""Coverage: targets visited / targets listed per county and prefecture, in two queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from wageguard.org.models import User
from wageguard.regions.models import Level, Region

from .. import rules
from ..models import Sweep, SweepTarget

# --- coverage --------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    code: str
    name: str
    total: int
    visited: int
    problems: int
    level: str  # "county", "city" or "total"
    parent: str = ""

    @property
    def rate(self) -> float | None:
        return rules.coverage_rate(self.visited, self.total)


@dataclass
class Coverage:
    rows: list[CoverageRow]  # each prefecture, then its counties
    total: CoverageRow

    def counties(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.level == Level.COUNTY]

    def prefectures(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.level == Level.CITY]


def coverage(sweep: Sweep, user: User) -> Coverage:
    """Targets visited / targets in scope per county (the rows the viewer may see), summed per
    prefecture and overall. Two queries whatever the number of targets: one GROUP BY over the
    (sweep, region, visited_at, problem_found) index, one for the divisions' names."""
    grouped = list(
        SweepTarget.objects.restrict(user, "view")
        .filter(sweep=sweep)
        .values("region_id")
        .annotate(
            total=Count("pk"),
            visited=Count("visited_at"),
            problems=Count("pk", filter=Q(problem_found=True)),
        )
        .order_by("region_id")
    )
    regions = {
        r.code: r
        for r in Region.objects.select_related("parent").filter(
            code__in=[g["region_id"] for g in grouped]
        )
    }
    counties: dict[str, list[CoverageRow]] = {}
    cities: dict[str, CoverageRow] = {}
    total = CoverageRow("", _("合计"), 0, 0, 0, "total")
    for g in grouped:
        region = regions.get(g["region_id"])
        if region is None:
            continue
        parent = region.parent if region.level == Level.COUNTY and region.parent_id else region
        row = CoverageRow(
            region.code,
            region.name,
            g["total"],
            g["visited"],
            g["problems"],
            Level.COUNTY,
            parent.code,
        )
        city = cities.setdefault(
            parent.code, CoverageRow(parent.code, parent.name, 0, 0, 0, Level.CITY)
        )
        for agg in (city, total):
            agg.total += row.total
            agg.visited += row.visited
            agg.problems += row.problems
        if region.level == Level.COUNTY:
            counties.setdefault(parent.code, []).append(row)
    rows: list[CoverageRow] = []
    for code in sorted(cities):
        rows.append(cities[code])
        rows.extend(counties.get(code, []))
    return Coverage(rows, total)
