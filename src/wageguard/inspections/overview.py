"""Per-agency results of channel checks for a viewer's jurisdiction, in one SQL query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.rules import LedgerState
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.regions.models import Level

from . import rules
from .filters import filter_checks
from .models import ChannelCheck
from .rules import CheckResult


@dataclass(frozen=True)
class Row:
    agency: Agency
    checks: int
    failed: int
    open_findings: int
    overdue: int

    @property
    def passed(self) -> int:
        return self.checks - self.failed

    @property
    def pass_rate(self) -> float | None:
        return rules.pass_rate(self.checks, self.failed)


def _count(qs, **condition) -> Coalesce:
    """A correlated COUNT per agency, so rows never multiply the way two joined Counts do."""
    inner = (
        qs.filter(agency=OuterRef("pk"), **condition)
        .order_by()
        .values("agency")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


def agency_rows(
    user: User,
    *,
    today: date,
    date_from: date | None = None,
    date_to: date | None = None,
    level: str = "",
) -> list[Row]:
    """Each HRSS bureau the viewer oversees (their own included), with check and ledger counts.

    Checks are counted within the date range; findings as they stand today (still unclosed, and
    open past their due date), whatever the range, because the ledger is about what is owed now.
    """
    checks = filter_checks(
        ChannelCheck.objects.restrict(user, "view"), {"date_from": date_from, "date_to": date_to}
    )
    findings = LedgerItem.objects.restrict(user, "view")
    agencies = (
        Agency.objects.restrict(user, "view")
        .filter(kind=AgencyKind.HRSS)
        .select_related("region")
        .annotate(
            n_checks=_count(checks),
            n_failed=_count(checks, result=CheckResult.FAILED),
            n_open=_count(findings, state__in=[LedgerState.OPEN, LedgerState.RECTIFIED]),
            n_overdue=_count(findings, state=LedgerState.OPEN, due_date__lt=today),
        )
        .order_by("region_id")
    )
    if level in Level.values:
        agencies = agencies.filter(region__level=level)
    return [
        Row(a, a.n_checks, a.n_failed, a.n_open, a.n_overdue)
        for a in agencies
        if not (a.active is False and a.n_checks == 0 and a.n_open == 0)
    ]


def totals(rows: list[Row]) -> dict:
    checks = sum(r.checks for r in rows)
    failed = sum(r.failed for r in rows)
    return {
        "checks": checks,
        "failed": failed,
        "passed": checks - failed,
        "pass_rate": rules.pass_rate(checks, failed),
        "open_findings": sum(r.open_findings for r in rows),
        "overdue": sum(r.overdue for r in rows),
        "unchecked": sum(1 for r in rows if r.checks == 0),
    }
