"""One aggregate query per app, grouped by division: the numbers every KPI reads.

Each source filters the app's records exactly as the list a KPI links to filters them (the same
`regions.within`, the same period bounds on the same column, the same conditions exported by the
app's filter module), and counts the KPIs' conditions in one pass (conditional aggregation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from wageguard.campaigns.filters import filter_ledger, sla_dates
from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.rules import LedgerState
from wageguard.cases import filters as case_filters
from wageguard.cases.models import CaseWorker, EnforcementCase
from wageguard.clues import filters as clue_filters
from wageguard.clues.models import Clue
from wageguard.clues.rules import OPEN_STATES as CLUE_OPEN
from wageguard.core.deadlines import Clock, Sla
from wageguard.credit.models import CreditListing
from wageguard.projects.models import Project, WarningState
from wageguard.projects.services import rates_by
from wageguard.projects.warnings.services import visible as visible_warnings
from wageguard.regions.models import within

from .base import Scope

_MONEY = DecimalField(max_digits=18, decimal_places=2)


def _rows(qs, **counters) -> Iterable[dict[str, Any]]:
    """`counters` per division of `qs` (no ordering: a GROUP BY of the division alone)."""
    rows = qs.order_by().values("region_id").annotate(**counters)
    for row in rows:
        row["region"] = row.pop("region_id")
        yield row


def clue_clock() -> Clock:
    """The clue list's clock (its overdue and on-time judgement), today's."""
    return Clock.now(clue_filters.STAGE)


def clues(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Clues received in the period: received, verified, resolved, overdue now, answered and
    answered on time (the inbox's `outcome`, `state=open&sla=overdue`,
    `state=answered[&sla=on_time]`)."""
    clock = clue_clock()
    qs = Clue.objects.restrict(user, "view").filter(
        within(scope.region.code),
        received_at__gte=clue_filters.local_midnight(scope.start),
        received_at__lt=clue_filters.local_midnight(scope.end + dt.timedelta(days=1)),
    )
    answered = Q(state__in=clue_filters.ANSWERED_STATES)
    return _rows(
        qs,
        received=Count("pk"),
        verified=Count("pk", filter=clue_filters.OUTCOMES["verified"]),
        resolved=Count("pk", filter=clue_filters.OUTCOMES["resolved"]),
        overdue=Count("pk", filter=Q(state__in=CLUE_OPEN) & clock.q(Sla.OVERDUE, open_only=True)),
        answered=Count("pk", filter=answered),
        answered_on_time=Count("pk", filter=answered & clock.q(Sla.ON_TIME)),
    )


def _cases(scope: Scope, user: Any):
    return EnforcementCase.objects.restrict(user, "view").filter(
        within(scope.region.code), filed_on__gte=scope.start, filed_on__lte=scope.end
    )


def cases(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Cases filed in the period: filed, closed, transferred to the police (the case list's
    `filed_from`/`filed_to`, `state=closed`, `transferred`)."""
    return _rows(
        _cases(scope, user),
        filed=Count("pk"),
        closed=Count("pk", filter=Q(state="closed")),
        transferred=Count("pk", filter=case_filters.transferred_q()),
    )


def case_workers(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """The worker lines of the cases filed in the period: amounts owed and recovered (the
    sums the case list shows per case), workers involved and workers with money recovered."""
    qs = CaseWorker.objects.filter(case__in=_cases(scope, user).values("pk"))
    rows = (
        qs.order_by()
        .values("case__region_id")
        .annotate(
            owed=Coalesce(Sum("amount_owed"), Value(0), output_field=_MONEY),
            recovered=Coalesce(Sum("amount_recovered"), Value(0), output_field=_MONEY),
            workers=Count("pk"),
            helped=Count("pk", filter=Q(amount_recovered__gt=0)),
        )
    )
    for row in rows:
        row["region"] = row.pop("case__region_id")
        yield row


def projects(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """制度落实率 as the rates page counts it (projects.services.rates_by over the active
    projects): now, whatever the period."""
    qs = Project.objects.restrict(user, "view").filter(within(scope.region.code))
    for row in rates_by(qs, "region"):
        yield {"region": row["region"], "active": row["total"], "applied": row["applied"]}


def warnings(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Warnings issued in the period, and those of them closed (the warning list's
    `issued_from`/`issued_to`, `state=closed`)."""
    qs = visible_warnings(user).filter(
        within(scope.region.code), issued_on__gte=scope.start, issued_on__lte=scope.end
    )
    return _rows(qs, issued=Count("pk"), closed=Count("pk", filter=Q(state=WarningState.CLOSED)))


def credit(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Units put on the credit list in the period (列入日期; the list's `listed_from`/`to`)."""
    qs = CreditListing.objects.restrict(user, "view").filter(
        within(scope.region.code), listed_on__gte=scope.start, listed_on__lte=scope.end
    )
    return _rows(qs, listed=Count("pk"))


def ledger(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Ledger items of the campaign closed (销号): the ledger list's own filter, with the
    campaign (its period and scope) and the region. The ledger has no period filter of its
    own, so without a campaign this source is not computed."""
    today, soon = sla_dates()
    qs = filter_ledger(
        LedgerItem.objects.restrict(user, "view"),
        {"campaign": scope.campaign.pk, "region": scope.region.code},
        today,
        soon,
    )
    return _rows(qs, opened=Count("pk"), closed=Count("pk", filter=Q(state=LedgerState.CLOSED)))
