"""制度落实率 as the rates page and its Excel export both show it: the active projects, those
applying every core system and the rate, by division one level below the viewer, by industry
department and by system. One function, so the workbook a bureau sends up says what its page
says (four queries whatever the number of projects: the division names, two groupings over
`Project.applies_all`, and one over the stored `ProjectSystem` statuses)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from wageguard.regions.models import Level, Region

from . import rules, services
from .models import DEPARTMENTS, ProjectSystem
from .rules import APPLIED, System


@dataclass
class RateTables:
    # "region__parent" (the province sees its prefectures) or "region" (a prefecture its
    # counties, a county itself).
    key: str
    regions: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    systems: list[dict[str, Any]]
    total: int
    applied: int

    @property
    def rate(self) -> Decimal | None:
        return rules.rate(self.applied, self.total)

    @property
    def by_prefecture(self) -> bool:
        return self.key == "region__parent"


def rate_tables(projects: QuerySet, region: Region | None) -> RateTables:
    """The tables over `projects` (already restricted to the viewer): grouped one level below
    `region` (the viewer's division; None or the province: by prefecture)."""
    if region is None or region.level == Level.PROVINCE:
        key = "region__parent"
        names = {r.code: r.name for r in Region.objects.filter(level=Level.CITY)}
    else:
        key = "region"
        names = {r.code: r.name for r in Region.objects.filter(Q(parent=region) | Q(pk=region.pk))}
    by_region = services.rates_by(projects, key)
    departments = {k.value: k.label for k in DEPARTMENTS}
    per_system = {
        row["system"]: row
        for row in ProjectSystem.objects.filter(active=True, project__in=projects.active())
        .values("system")
        .annotate(total=Count("pk"), applied=Count("pk", filter=Q(status__in=APPLIED)))
    }
    systems = []
    for system in System:
        counted = per_system.get(system, {})
        total, applied = counted.get("total", 0), counted.get("applied", 0)
        systems.append(
            {
                "system": system,
                "label": system.label,
                "total": total,
                "applied": applied,
                "rate": rules.rate(applied, total),
            }
        )
    return RateTables(
        key=key,
        regions=[
            {**row, "code": row[key], "name": names.get(row[key], row[key])} for row in by_region
        ],
        departments=[
            {**row, "code": row["department"], "name": departments.get(row["department"], "")}
            for row in services.rates_by(projects, "department")
        ],
        systems=systems,
        total=sum(row["total"] for row in by_region),
        applied=sum(row["applied"] for row in by_region),
    )
