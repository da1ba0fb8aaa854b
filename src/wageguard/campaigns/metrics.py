"""What a campaign counts and how far its targets are (issue 12, item 1: "every clue, case,
warning, inspection and ledger item is counted in the campaigns whose period and scope it falls
in").

**Counts.** Each kind of record is one `Counter` in `COUNTERS`: clues (by `received_at`), cases
(`filed_on`), project warnings (`issued_on`) and ledger items (`opened_at`) are registered here;
channel checks (`performed_at`) by the inspections app in its `ready()`, since inspections sits
above campaigns and this app never imports it. A counter filters its records with
`services.in_campaign` (division within the campaign's scope, day within its period) and
`services.sector_q` (the campaign's sectors, where the record can be tied to one), reads only
what the viewer may see (`restrict(user, "view")`; a counter of a kind the viewer may not see is
left out), and answers with **one** aggregate query (conditional counts), so the page costs the
same whatever the number of records.

**Targets.** A target names a `rules.Metric`; `MEASURERS` holds, per metric, how to measure it
from the counts (and, for the arrears rate, one more aggregate). A metric without a measurer
shows as not measured. The sweeps register the measurer of `Metric.PROJECTS_INSPECTED_RATE`
(coverage) from the campaigns app's `ready()`:
`MEASURERS.register(Metric.PROJECTS_INSPECTED_RATE, Measurer(fn))`, `fn(measuring)` answering a
`Decimal` percentage or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.cases.models import CaseWorker, EnforcementCase
from wageguard.cases.rules import OPEN_STATES as CASE_OPEN_STATES
from wageguard.cases.rules import State as CaseState
from wageguard.clues.models import Clue
from wageguard.clues.rules import State as ClueState
from wageguard.core.registry import Registry
from wageguard.projects.models import Warning
from wageguard.projects.models.warnings import OPEN_STATES as WARNING_OPEN_STATES
from wageguard.projects.rules import Funding

from . import rules, services
from .models import Campaign, CampaignTarget
from .rules import Metric, Sector

# A clue is done once it is answered or closed: replied, closed, refused in writing, or the
# complainant told where to go. A merged clue is counted in the clue it joined, not on its own.
CLUE_DONE_STATES = (ClueState.REPLIED, ClueState.CLOSED, ClueState.REJECTED, ClueState.REDIRECTED)
# "Government-invested" as Sichuan's 2021-22 action groups it (DOMAIN section 1: "government,
# state-owned and PPP project arrears cleared by 12-31").
GOVERNMENT_INVESTED = (Funding.GOVERNMENT, Funding.STATE_OWNED, Funding.PPP)


@dataclass(frozen=True)
class RecordCount:
    """One kind of record in one campaign, as the viewer may see it. `open` is what is not
    finished yet, `done` what is, `overdue` what is open past its stored due date, `problems`
    what a check found wrong; None where the figure means nothing for the kind."""

    key: str
    label: str
    total: int
    open: int | None = None
    done: int | None = None
    overdue: int | None = None
    problems: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Counter:
    """A kind of record counted in campaigns. `model` is the permission label the viewer needs
    ("clues.clue"); `count(campaign, user, today)` answers the figures of `RecordCount` (total
    and any of open, done, overdue, problems, detail) in a constant number of queries."""

    label: Any
    model: str
    count: Callable[[Campaign, Any, dt.date], dict[str, Any]]


COUNTERS: Registry[Counter] = Registry("campaign record counters")


def _with_sectors(qs: QuerySet, sectors: Q | None) -> QuerySet:
    return qs if sectors is None else qs.filter(sectors)


def count_clues(campaign: Campaign, user: Any, today: dt.date) -> dict[str, Any]:
    """Clues received in the period whose handling division lies in scope. A clue is tied to
    construction by its `sector`; "other fields" names no sector a campaign can choose, so those
    clues count only in campaigns of every sector."""
    qs = services.in_campaign(
        Clue.objects.restrict(user, "view").exclude(state=ClueState.MERGED), campaign, "received_at"
    )
    qs = _with_sectors(
        qs, services.sector_q(campaign, {Sector.CONSTRUCTION: Q(sector="construction")})
    )
    done = Q(state__in=CLUE_DONE_STATES)
    return qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~done),
        done=Count("pk", filter=done),
        overdue=Count("pk", filter=~done & Q(due_date__lt=today)),
    )


def cases_in_campaign(campaign: Campaign, qs: QuerySet) -> QuerySet:
    """Cases filed in the period whose division lies in scope. A case is construction when it
    names a project or came from a construction clue; any other case names no sector and counts
    only in campaigns of every sector."""
    qs = services.in_campaign(qs, campaign, "filed_on")
    construction = Q(project__isnull=False) | Q(clue__sector="construction")
    return _with_sectors(qs, services.sector_q(campaign, {Sector.CONSTRUCTION: construction}))


def count_cases(campaign: Campaign, user: Any, today: dt.date) -> dict[str, Any]:
    qs = cases_in_campaign(campaign, EnforcementCase.objects.restrict(user, "view"))
    closed = Q(state=CaseState.CLOSED)
    return qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~closed),
        done=Count("pk", filter=closed),
        overdue=Count("pk", filter=Q(state__in=CASE_OPEN_STATES, due_date__lt=today)),
    )


def count_warnings(campaign: Campaign, user: Any, today: dt.date) -> dict[str, Any]:
    """Project warnings issued in the period for projects in scope: every project is a
    construction project, so a campaign whose sectors leave out construction counts none."""
    qs = services.in_campaign(Warning.objects.restrict(user, "view"), campaign, "issued_on")
    qs = _with_sectors(qs, services.sector_q(campaign, {Sector.CONSTRUCTION: services.EVERY}))
    is_open = Q(state__in=WARNING_OPEN_STATES)
    return qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=is_open),
        done=Count("pk", filter=~is_open),
        overdue=Count("pk", filter=is_open & Q(due_on__lt=today)),
    )


def count_ledger(campaign: Campaign, user: Any, today: dt.date) -> dict[str, Any]:
    """Ledger items opened in the period, in scope and sectors (`services.ledger_in_campaign`,
    the ledger's own campaign filter); `detail` has the ledger panel's figures by state."""
    row = services.counts_by_state(campaign, user, today)
    return {
        "total": row["total"],
        "open": row["open"] + row["rectified"],
        "done": row["closed"],
        "overdue": row["overdue"],
        "detail": row,
    }


def register_builtin() -> None:
    """The counters and measurers of the records this app can read (called in `ready()`)."""
    COUNTERS.register("clues", Counter(_("线索"), "clues.clue", count_clues), order=10)
    COUNTERS.register("cases", Counter(_("案件"), "cases.enforcementcase", count_cases), order=20)
    COUNTERS.register(
        "warnings", Counter(_("工程项目预警"), "projects.warning", count_warnings), order=30
    )
    COUNTERS.register("ledger", Counter(_("问题台账"), services.MODEL, count_ledger), order=50)
    for metric, measurer in BUILTIN_MEASURERS.items():
        MEASURERS.register(metric, measurer)


def count_records(campaign: Campaign, user: Any, today: dt.date | None = None) -> list[RecordCount]:
    """Every registered kind of record the viewer may see, counted in `campaign`: one query per
    kind."""
    today = today or timezone.localdate()
    out = []
    for key, counter in COUNTERS.items():
        if not user.can("view", counter.model):
            continue
        figures = counter.count(campaign, user, today)
        out.append(RecordCount(key=key, label=str(counter.label), **figures))
    return out


# --- targets -------------------------------------------------------------------------------


@dataclass
class Measuring:
    """What a measurer gets: the campaign, the viewer, today, and the counts already made (by
    key: "clues", "cases", "warnings", "channel_checks", "ledger"); `cache` lets measurers of
    several targets share one query."""

    campaign: Campaign
    user: Any
    today: dt.date
    records: dict[str, RecordCount]
    cache: dict[str, Any] = field(default_factory=dict)

    def record(self, key: str) -> RecordCount | None:
        return self.records.get(key)


@dataclass(frozen=True)
class Measurer:
    """How one metric is measured: `measure(measuring)` answers the value (a percentage for a
    rate metric, a number otherwise) or None when there is nothing to measure."""

    measure: Callable[[Measuring], Decimal | None]


MEASURERS: Registry[Measurer] = Registry("campaign target measurers")


def _rate_of(key: str) -> Measurer:
    def measure(m: Measuring) -> Decimal | None:
        row = m.record(key)
        return None if row is None else rules.rate(row.done or 0, row.total)

    return Measurer(measure)


def _ledger_open(m: Measuring) -> Decimal | None:
    row = m.record("ledger")
    return None if row is None else Decimal(row.open or 0)


def _outstanding(m: Measuring) -> Decimal | None:
    """Clues, cases and ledger items counted in the campaign and not finished: the "zero
    outstanding before the Spring Festival" target. Only the kinds the viewer may see add up;
    None when they may see none."""
    rows = [m.record(k) for k in ("clues", "cases", "ledger")]
    seen = [r for r in rows if r is not None]
    return Decimal(sum(r.open or 0 for r in seen)) if seen else None


def _arrears_cleared(m: Measuring) -> Decimal | None:
    """Arrears recovered as a share of arrears owed, over the workers of the campaign's cases on
    government-invested projects (`GOVERNMENT_INVESTED`); one aggregate query."""
    if "arrears" not in m.cache:
        if not m.user.can("view", "cases.enforcementcase"):
            m.cache["arrears"] = None
        else:
            cases = cases_in_campaign(
                m.campaign, EnforcementCase.objects.restrict(m.user, "view")
            ).filter(project__funding__in=GOVERNMENT_INVESTED)
            m.cache["arrears"] = CaseWorker.objects.filter(case__in=cases.values("pk")).aggregate(
                owed=Sum("amount_owed"), recovered=Sum("amount_recovered")
            )
    row = m.cache["arrears"]
    if row is None or not row["owed"]:
        return None
    return rules.rate(row["recovered"] or 0, row["owed"])


BUILTIN_MEASURERS: dict[str, Measurer] = {
    Metric.LEDGER_CLOSED_RATE: _rate_of("ledger"),
    Metric.LEDGER_OPEN: Measurer(_ledger_open),
    Metric.CLUES_DONE_RATE: _rate_of("clues"),
    Metric.CASES_CLOSED_RATE: _rate_of("cases"),
    Metric.OUTSTANDING: Measurer(_outstanding),
    Metric.ARREARS_CLEARED_RATE: Measurer(_arrears_cleared),
}


@dataclass(frozen=True)
class TargetProgress:
    """A target against its measured value: `measured` says whether the metric has a measurer,
    `met` is None when nothing could be measured, `late` that the due date has passed without
    the target met."""

    target: CampaignTarget
    value: Decimal | None
    measured: bool
    met: bool | None
    late: bool
    is_rate: bool
    at_most: bool


def progress(
    campaign: Campaign,
    user: Any,
    targets: list[CampaignTarget],
    records: list[RecordCount],
    today: dt.date | None = None,
) -> list[TargetProgress]:
    """Each target measured from the counts (`MEASURERS`), in the targets' order."""
    today = today or timezone.localdate()
    measuring = Measuring(campaign, user, today, {r.key: r for r in records})
    out = []
    for target in targets:
        measured = target.metric in MEASURERS
        value = MEASURERS.get(target.metric).measure(measuring) if measured else None
        met = rules.target_met(target.metric, value, target.value)
        out.append(
            TargetProgress(
                target=target,
                value=value,
                measured=measured,
                met=met,
                late=target.due_date < today and met is not True,
                is_rate=target.metric in rules.RATE_METRICS,
                at_most=target.metric in rules.AT_MOST_METRICS,
            )
        )
    return out


def ledger_detail(records: list[RecordCount]) -> dict[str, Any] | None:
    """The ledger panel's figures by state, when the viewer may see the ledger."""
    for row in records:
        if row.key == "ledger":
            return row.detail
    return None
