"""The KPI registry and its computation (issue 13, item 1).

A KPI is declared once (`Kpi`): its key, Chinese label, unit and definition, the source whose
aggregate it reads, and the list (URL name and filters) whose rows it counts. A source
(`Source`) is one aggregate query over one app's records for a region and period, grouped by
county-level `region_id`, so the figure of a region and of each division below it (the
drill-down) come from the same few queries: a page asks a constant number of queries whatever
the number of records or divisions.

Lower apps cannot import dispatch, so the KPIs of every app are declared here, reading the lower
apps' models and the conditions their list filters use (`clues.filters.OUTCOMES`...), which is
what makes "the figure equals the count of its list" true by construction; tests prove it.
A KPI with no list to link to is simply not declared (docs/kpis.md lists them as later).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from wageguard.core.registry import Registry
from wageguard.regions.models import Level, Region

COUNT = "count"
MONEY = "money"
RATE = "rate"


@dataclass(frozen=True)
class Scope:
    """Where and when: a division (province, prefecture or county: itself and all below it),
    both ends of the period included (local days), and the campaign the period came from."""

    region: Region
    start: dt.date
    end: dt.date
    campaign: Any = None

    def params(self, **extra: str) -> dict[str, str]:
        return {"region": self.region.code, **extra}


@dataclass(frozen=True)
class Daily:
    """How a source is precomputed by county and past day (`kpis.daily`).

    `model`: the records' model, whose `restrict(user, "view")` decides whether a viewer sees all
    of a division (then the day table serves them). `counts` and `money`: the counters kept, in
    slot order (`n0`..., `m0`...). `by_day(first, last)`: every record of those days (no viewer),
    as `values("region_id", "day")` annotated with those counters. `first_day()`: the earliest
    day of any record. `touched(since)`: querysets of the days (`values_list(..., flat=True)`)
    of records changed since a moment. `clock_rows(scope, user)`: the counters that depend on
    today rather than on the records alone (a clue overdue now), always counted live."""

    model: Any
    counts: tuple[str, ...]
    by_day: Callable[[dt.date, dt.date], Any]
    first_day: Callable[[], dt.date | None]
    touched: Callable[[dt.datetime], Iterable[Any]]
    money: tuple[str, ...] = ()
    clock_rows: Callable[[Scope, Any], Iterable[dict[str, Any]]] | None = None

    def slots(self) -> dict[str, str]:
        """Counter name -> column of `KpiDaily`."""
        out = {name: f"n{i}" for i, name in enumerate(self.counts)}
        out.update({name: f"m{i}" for i, name in enumerate(self.money)})
        return out


@dataclass(frozen=True)
class Source:
    """One aggregate query: `rows(scope, user)` yields dicts with `region` (a division code) and
    one number per counter; rows are sums, never records. `needs_campaign`: the source has no
    period of its own and is computed only for a campaign (none now: the ledger counts the items
    opened in the period without one). `daily`: how its past days are precomputed; None for a
    source always counted live (the projects' rate of now, the ledger, sweeps, publications)."""

    rows: Callable[[Scope, Any], Iterable[dict[str, Any]]]
    needs_campaign: bool = False
    daily: Daily | None = None


@dataclass(frozen=True)
class Kpi:
    """One figure. `counter` names the source's number it shows; a rate names `of`
    (numerator, denominator) instead and is a percentage with one decimal. `params(scope)` are
    the filters of the list (`list_name`) whose rows the figure counts (for a rate: its
    numerator); `base_params` those of the denominator's list."""

    key: str
    label: Any
    unit: Any
    definition: Any
    source: str
    list_name: str
    params: Callable[[Scope], dict[str, str]]
    counter: str = ""
    of: tuple[str, str] | None = None
    base_params: Callable[[Scope], dict[str, str]] | None = None
    kind: str = COUNT


KPIS: Registry[Kpi] = Registry("dispatch KPIs")
SOURCES: Registry[Source] = Registry("dispatch KPI sources")


@dataclass
class Figure:
    kpi: Kpi
    value: int | Decimal | None
    numerator: int | Decimal | None
    denominator: int | Decimal | None
    list_url: str | None
    base_url: str | None

    @property
    def key(self) -> str:
        return self.kpi.key


@dataclass
class Row:
    """The figures of one division (the scope's, or one below it in the drill-down)."""

    region: Region
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Report:
    """`computed_at`: when the oldest figure used was computed (the page's "computed at"): now
    when everything was counted live, else the oldest computation of a precomputed day used."""

    scope: Scope
    computed_at: dt.datetime
    total: Row
    children: list[Row]


def list_url(name: str, params: dict[str, str], root: str | None) -> str:
    """The list's address with its filters; the region is left out when it is the viewer's own
    whole jurisdiction (the list shows all of it by default, and a list page's region choices
    need not offer it)."""
    shown = {k: v for k, v in params.items() if not (k == "region" and v == root)}
    query = urlencode(shown)
    return reverse(name) + (f"?{query}" if query else "")


def rate(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """A percentage with one decimal; None when nothing is counted (not 0%, not 100%)."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))


def child_of(region: Region) -> tuple[dict[str, str | None], list[Region]]:
    """Each division code within `region` mapped to the division one level below `region`
    that holds it (None for `region` itself, whose own rows count only in its total), and
    those divisions in order. One query."""
    if region.level == Level.COUNTY:
        return {region.code: None}, []
    if region.level == Level.PROVINCE:
        rows = list(Region.objects.filter(province_code=region.province_code))
    else:
        rows = [*Region.objects.filter(parent_id=region.code), region]
    mapping: dict[str, str | None] = {}
    for r in rows:
        if r.code == region.code:
            mapping[r.code] = None
        elif r.parent_id == region.code:
            mapping[r.code] = r.code
        else:
            mapping[r.code] = r.parent_id
    children = sorted((r for r in rows if r.parent_id == region.code), key=lambda r: r.code)
    return mapping, children


def compute(user: Any, scope: Scope, drill: bool = True) -> Report:
    """Every KPI for `scope` as `user` may see it (each source reads through the model's
    `restrict(user, "view")`), and per division one level below when `drill`.

    A source with a daily table takes its past days from it when the viewer sees every record of
    the division (`daily.sees_all`), and counts live today, any day not yet computed and its
    counters of now; the report's `computed_at` is the oldest computation of any figure used."""
    from . import daily

    mapping, children = child_of(scope.region)
    if not drill:
        children = []
    sums: dict[str | None, dict[str, dict[str, Any]]] = {"*": {}}
    for c in children:
        sums[c.code] = {}
    now = timezone.now()
    plan = daily.plan(user, scope, now)
    for name, source in SOURCES.items():
        if source.needs_campaign and scope.campaign is None:
            continue
        total = sums["*"].setdefault(name, {})
        for row in plan.rows(name, source):
            code = row.pop("region")
            _add(total, row)
            child = mapping.get(code)
            if drill and child in sums:
                _add(sums[child].setdefault(name, {}), row)
    root = _root(user)
    total_row = Row(scope.region, _figures(scope, sums["*"], root))
    rows = []
    for c in children:
        sub = Scope(c, scope.start, scope.end, scope.campaign)
        rows.append(Row(c, _figures(sub, sums[c.code], root)))
    return Report(scope, plan.computed_at, total_row, rows)


def _root(user: Any) -> str | None:
    return user.agency.region_id if getattr(user, "agency_id", None) else None


def _add(into: dict[str, Any], row: dict[str, Any]) -> None:
    for key, value in row.items():
        into[key] = into.get(key, 0) + (value or 0)


def _figures(scope: Scope, sums: dict[str, dict[str, Any]], root: str | None) -> list[Figure]:
    out = []
    for kpi in KPIS:
        source = SOURCES.get(kpi.source)
        if source.needs_campaign and scope.campaign is None:
            out.append(Figure(kpi, None, None, None, None, None))
            continue
        counters = sums.get(kpi.source, {})
        url = list_url(kpi.list_name, kpi.params(scope), root)
        if kpi.of is not None:
            num, den = counters.get(kpi.of[0], 0), counters.get(kpi.of[1], 0)
            base = (
                list_url(kpi.list_name, kpi.base_params(scope), root) if kpi.base_params else None
            )
            out.append(Figure(kpi, rate(num, den), num, den, url, base))
        else:
            value = counters.get(kpi.counter, 0)
            if kpi.kind == MONEY:
                value = Decimal(value).quantize(Decimal("0.01"))
            out.append(Figure(kpi, value, None, None, url, None))
    return out
