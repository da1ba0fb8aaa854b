"""One aggregate query per app, grouped by division: the numbers every KPI reads.

Each source filters the app's records exactly as the list a KPI links to filters them (the same
`regions.within`, the same period bounds on the same column, the same conditions exported by the
app's filter module), and counts the KPIs' conditions in one pass (conditional aggregation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from wageguard.campaigns.filters import filter_ledger, sla_dates
from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.rules import LedgerState
from wageguard.campaigns.services import ledger_in_campaign
from wageguard.campaigns.sweeps.filters import under_way
from wageguard.campaigns.sweeps.models import SweepTarget
from wageguard.cases import filters as case_filters
from wageguard.cases.models import CaseRecovery, CaseWorker, EnforcementCase
from wageguard.clues import filters as clue_filters
from wageguard.clues.models import Clue
from wageguard.clues.rules import OPEN_STATES as CLUE_OPEN
from wageguard.core.deadlines import Clock, Sla
from wageguard.credit.models import CreditListing
from wageguard.projects import payroll_months
from wageguard.projects.models import MonthSummary, Project, Warning, WarningHistory, WarningState
from wageguard.projects.services import rates_by
from wageguard.projects.warnings.services import visible as visible_warnings
from wageguard.publication.filters import published_q
from wageguard.publication.models import PublicationItem
from wageguard.regions.models import within

from . import daily
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


def _clue_counts(clock: Clock) -> dict[str, Any]:
    """The clue counters that depend on the records alone (kept by day): an answered clue is
    never open, so its on-time judgement reads its reply date, not today."""
    answered = Q(state__in=clue_filters.ANSWERED_STATES)
    return {
        "received": Count("pk"),
        "verified": Count("pk", filter=clue_filters.OUTCOMES["verified"]),
        "resolved": Count("pk", filter=clue_filters.OUTCOMES["resolved"]),
        "answered": Count("pk", filter=answered),
        "answered_on_time": Count("pk", filter=answered & clock.q(Sla.ON_TIME)),
    }


def _received(first: dt.date, last: dt.date) -> Q:
    return Q(
        received_at__gte=clue_filters.local_midnight(first),
        received_at__lt=clue_filters.local_midnight(last + dt.timedelta(days=1)),
    )


def clues(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Clues received in the period: received, verified, resolved, overdue now, answered and
    answered on time (the inbox's `outcome`, `state=open&sla=overdue`,
    `state=answered[&sla=on_time]`)."""
    clock = clue_clock()
    qs = Clue.objects.restrict(user, "view").filter(
        within(scope.region.code), _received(scope.start, scope.end)
    )
    return _rows(
        qs,
        **_clue_counts(clock),
        overdue=Count("pk", filter=Q(state__in=CLUE_OPEN) & clock.q(Sla.OVERDUE, open_only=True)),
    )


def clues_overdue(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """The clues of the period open and past their deadline today: a count that changes with
    the day, not only with the records, so never kept by day. Read through the partial index of
    open clues by deadline (few clues are open)."""
    clock = clue_clock()
    qs = clue_filters.only_open(Clue.objects.restrict(user, "view")).filter(
        within(scope.region.code),
        _received(scope.start, scope.end),
        clock.q(Sla.OVERDUE, open_only=True),
    )
    return _rows(qs, overdue=Count("pk"))


def clues_by_day(first: dt.date, last: dt.date):
    """Every clue received on those days, by county and local day received."""
    return (
        Clue.objects.filter(_received(first, last))
        .order_by()
        .values(division=F("region_id"), day=TruncDate("received_at"))
        .annotate(**_clue_counts(clue_clock()))
    )


def clues_first_day() -> dt.date | None:
    first = Clue.objects.order_by("received_at").values_list("received_at", flat=True).first()
    return timezone.localdate(first) if first else None


def clues_touched(since: dt.datetime) -> Iterable[Any]:
    # Every save() of a clue sets updated_at (a state change, a verification, a reply).
    return [
        Clue.objects.filter(updated_at__gte=since)
        .order_by()
        .values_list(TruncDate("received_at"), flat=True)
        .distinct()
    ]


def _cases(scope: Scope, user: Any):
    return EnforcementCase.objects.restrict(user, "view").filter(
        within(scope.region.code), filed_on__gte=scope.start, filed_on__lte=scope.end
    )


def cases(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Cases filed in the period: filed, closed, transferred to the police (the case list's
    `filed_from`/`filed_to`, `state=closed`, `transferred`)."""
    return _rows(_cases(scope, user), **_case_counts())


def cases_by_day(first: dt.date, last: dt.date):
    """Every case filed on those days, by county and day filed."""
    return (
        EnforcementCase.objects.filter(filed_on__gte=first, filed_on__lte=last)
        .order_by()
        .values(division=F("region_id"), day=F("filed_on"))
        .annotate(**_case_counts())
    )


def _case_counts() -> dict[str, Any]:
    return {
        "filed": Count("pk"),
        "closed": Count("pk", filter=Q(state="closed")),
        "transferred": Count("pk", filter=case_filters.transferred_q()),
    }


def cases_first_day() -> dt.date | None:
    return EnforcementCase.objects.order_by("filed_on").values_list("filed_on", flat=True).first()


def cases_touched(since: dt.datetime) -> Iterable[Any]:
    # A case's save() sets updated_at (filing, every state change, a police transfer).
    return [
        EnforcementCase.objects.filter(updated_at__gte=since)
        .order_by()
        .values_list("filed_on", flat=True)
        .distinct()
    ]


def _worker_counts() -> dict[str, Any]:
    return {
        "owed": Coalesce(Sum("amount_owed"), Value(0), output_field=_MONEY),
        "recovered": Coalesce(Sum("amount_recovered"), Value(0), output_field=_MONEY),
        "workers": Count("pk"),
        "helped": Count("pk", filter=Q(amount_recovered__gt=0)),
    }


def case_workers(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """The worker lines of the cases filed in the period: amounts owed and recovered (the
    sums the case list shows per case), workers involved and workers with money recovered."""
    qs = CaseWorker.objects.filter(case__in=_cases(scope, user).values("pk"))
    rows = qs.order_by().values("case__region_id").annotate(**_worker_counts())
    for row in rows:
        row["region"] = row.pop("case__region_id")
        yield row


def case_workers_by_day(first: dt.date, last: dt.date):
    """The worker lines of every case filed on those days, by the case's county and day."""
    return (
        CaseWorker.objects.filter(case__filed_on__gte=first, case__filed_on__lte=last)
        .order_by()
        .values(division=F("case__region_id"), day=F("case__filed_on"))
        .annotate(**_worker_counts())
    )


def case_workers_touched(since: dt.datetime) -> Iterable[Any]:
    # Money recovered is recorded as a recovery (with the worker line's sum, in one
    # transaction); lines added or edited with the case touch the case.
    return [
        *cases_touched(since),
        CaseRecovery.objects.filter(recorded_at__gte=since)
        .order_by()
        .values_list("worker__case__filed_on", flat=True)
        .distinct(),
    ]


def projects(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """制度落实率 as the rates page counts it (projects.services.rates_by over the active
    projects): now, whatever the period."""
    qs = Project.objects.restrict(user, "view").filter(within(scope.region.code))
    for row in rates_by(qs, "region"):
        yield {"region": row["region"], "active": row["total"], "applied": row["applied"]}


def _warning_counts() -> dict[str, Any]:
    return {"issued": Count("pk"), "closed": Count("pk", filter=Q(state=WarningState.CLOSED))}


def warnings(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Warnings issued in the period, and those of them closed (the warning list's
    `issued_from`/`issued_to`, `state=closed`)."""
    qs = visible_warnings(user).filter(
        within(scope.region.code), issued_on__gte=scope.start, issued_on__lte=scope.end
    )
    return _rows(qs, **_warning_counts())


def warnings_by_day(first: dt.date, last: dt.date):
    return (
        Warning.objects.filter(issued_on__gte=first, issued_on__lte=last)
        .order_by()
        .values(division=F("region_id"), day=F("issued_on"))
        .annotate(**_warning_counts())
    )


def warnings_first_day() -> dt.date | None:
    return Warning.objects.order_by("issued_on").values_list("issued_on", flat=True).first()


def warnings_touched(since: dt.datetime) -> Iterable[Any]:
    # A warning has no updated_at: every move writes its history.
    return [
        WarningHistory.objects.filter(at__gte=since)
        .order_by()
        .values_list("warning__issued_on", flat=True)
        .distinct()
    ]


def credit(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Units put on the credit list in the period (列入日期; the list's `listed_from`/`to`)."""
    qs = CreditListing.objects.restrict(user, "view").filter(
        within(scope.region.code), listed_on__gte=scope.start, listed_on__lte=scope.end
    )
    return _rows(qs, listed=Count("pk"))


def credit_by_day(first: dt.date, last: dt.date):
    return (
        CreditListing.objects.filter(listed_on__gte=first, listed_on__lte=last)
        .order_by()
        .values(division=F("region_id"), day=F("listed_on"))
        .annotate(listed=Count("pk"))
    )


def credit_first_day() -> dt.date | None:
    return (
        CreditListing.objects.filter(listed_on__isnull=False)
        .order_by("listed_on")
        .values_list("listed_on", flat=True)
        .first()
    )


def credit_touched(since: dt.datetime) -> Iterable[Any]:
    return [
        CreditListing.objects.filter(updated_at__gte=since, listed_on__isnull=False)
        .order_by()
        .values_list("listed_on", flat=True)
        .distinct()
    ]


def ledger(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Ledger items closed (销号) of those opened in the period (the ledger list's
    `opened_from`/`opened_to`) or, for a campaign, of the campaign (its period, scope and
    sectors: the list's `campaign`), in the division (`within`, the same codes as the list's
    `region`, without a query for the division). Counted live: the aggregate reads only the
    covering index `ledger_campaign_counts` (region, opened_at, state...)."""
    qs = LedgerItem.objects.restrict(user, "view").filter(within(scope.region.code))
    if scope.campaign is not None:
        qs = ledger_in_campaign(qs, scope.campaign)
    else:
        today, soon = sla_dates()
        qs = filter_ledger(qs, {"opened_from": scope.start, "opened_to": scope.end}, today, soon)
    return _rows(qs, opened=Count("pk"), closed=Count("pk", filter=Q(state=LedgerState.CLOSED)))


def sweeps(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Targets of the sweeps under way in the period (the sweep's own period overlaps it; of the
    campaign, when one is chosen) in the division, and those of them inspected (the target
    list's `period_from`/`period_to`, `campaign`, `inspected=yes`). Few rows (one per target
    listed), read through the (sweep, region, visited_at) index: counted live."""
    qs = SweepTarget.objects.restrict(user, "view").filter(
        within(scope.region.code), under_way(scope.start, scope.end)
    )
    if scope.campaign is not None:
        qs = qs.filter(sweep__campaign_id=scope.campaign.pk)
    return _rows(qs, targets=Count("pk"), inspected=Count("visited_at"))


def publications(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Major violations published (公布事项 of batches published in the period), by the
    publishing bureau's division (the batch list's `state=published`, `published_from`/`to`,
    `region`; the published items' API with the same filters). A few hundred a year: live."""
    qs = PublicationItem.objects.restrict(user, "view").filter(
        within(scope.region.code, "batch__region"),
        published_q(scope.start, scope.end, "batch__"),
    )
    rows = qs.order_by().values("batch__region_id").annotate(published=Count("pk"))
    for row in rows:
        row["region"] = row.pop("batch__region_id")
        yield row


def payroll_last_day() -> dt.date:
    """The last due day judged: yesterday (wages due today may still be paid today)."""
    return daily.today() - dt.timedelta(days=1)


def _payroll_counts() -> dict[str, Any]:
    return {"due": Count("pk"), "paid": Count("pk", filter=payroll_months.PAID_MONTHLY)}


def payroll(scope: Scope, user: Any) -> Iterable[dict[str, Any]]:
    """Project-months (with attendance) whose wages fell due in the period (due day: the end of
    the next month; only days already past), and those of them paid in full from the account by
    then (the payroll list's `due_from`/`due_to`, `paid=yes`)."""
    last = min(scope.end, payroll_last_day())
    qs = payroll_months.visible(user).filter(
        within(scope.region.code, "project__region"),
        payroll_months.due_between(scope.start, last),
    )
    rows = qs.order_by().values("project__region_id").annotate(**_payroll_counts())
    for row in rows:
        row["region"] = row.pop("project__region_id")
        yield row


def payroll_by_day(first: dt.date, last: dt.date):
    """Every project-month due on those days, by the project's county and due day."""
    return (
        MonthSummary.objects.filter(payroll_months.DUE, due_on__gte=first, due_on__lte=last)
        .order_by()
        .values(division=F("project__region_id"), day=F("due_on"))
        .annotate(**_payroll_counts())
    )


def payroll_first_day() -> dt.date | None:
    return (
        MonthSummary.objects.filter(payroll_months.DUE, due_on__isnull=False)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


def payroll_touched(since: dt.datetime) -> Iterable[Any]:
    # Every reconciliation of a project-month (each feed import) rewrites its row's updated_at.
    return [
        MonthSummary.objects.filter(updated_at__gte=since)
        .order_by()
        .values_list("due_on", flat=True)
        .distinct()
    ]
