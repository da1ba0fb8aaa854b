"""Precomputed daily counts (issue 13: the dashboard under 300 ms over a million clues).

A source with a `Daily` declaration keeps, per county and past day, its counters of the records
of that day (`KpiDaily`), and which days were computed when (`KpiDay`). `compute()` then sums
the days of a period from that table instead of reading every record of the period, when the
viewer sees every record of the division (`sees_all`); it counts live today (never kept: records
arrive all day), any day not computed yet, and the counters that change with the day rather
than with the records (a clue overdue now). Figures are exact as of their day's `computed_at`,
and the report's `computed_at` is the oldest one used, which the page and the API show.

How stale a kept day can be (the job `dispatch.kpi-daily`, run with the others every 5 minutes):
- every run recomputes the last `RECENT_DAYS` days, every day not computed yet, the days of the
  records changed since the previous run (by their `updated_at`, or the warning's history, or a
  case's recoveries: `Daily.touched`), and the `ROLLING_DAYS` days computed longest ago;
- so a change made through a service (which saves the record) shows at the next run; a change
  that leaves no timestamp (a bulk update, a deletion, a record moved to another day, whose old
  day is not touched) shows when the rolling pass reaches its day: every day is recomputed at
  least once every ceil(days kept / ROLLING_DAYS) runs (two years: 730 / 60, 13 runs, about an
  hour). The page says when the oldest figure was computed, so no figure is stale unseen.

`refresh(days, sources)` is the service (no management command): one DELETE and one
INSERT ... SELECT (the source's own aggregate, grouped by county and day) per source and run of
consecutive days, inside the database: no record is read into Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from wageguard.regions.models import within

from .base import SOURCES, Daily, Scope, Source
from .models import KpiDaily, KpiDay

# Recomputed on every run: where most records still change (verified, replied, closed).
RECENT_DAYS = 14
# Recomputed on every run besides: the days computed longest ago (the staleness bound).
ROLLING_DAYS = 60
# A change saved just before a run but committed after it began is caught by the next run.
MARGIN = dt.timedelta(minutes=10)


def today() -> dt.date:
    """The first day never kept: it is counted live. (Tests move it to pretend a day is over.)"""
    return timezone.localdate()


def daily_sources(names: Iterable[str] | None = None) -> dict[str, Daily]:
    wanted = None if names is None else set(names)
    out = {}
    for name, source in SOURCES.items():
        if source.daily is not None and (wanted is None or name in wanted):
            out[name] = source.daily
    if wanted is not None and wanted - set(out):
        raise ValueError(f"not a kept KPI source: {sorted(wanted - set(out))}")
    return out


def sees_all(user: Any, model: Any, region_code: str) -> bool:
    """Whether `model.objects.restrict(user, "view")` keeps every record of the division: the
    role may view the model, the division lies in the user's jurisdiction (which holds every
    division below its own), and the model does not narrow further for this user (an industry
    department sees only its own projects' warnings: `restrict_extra` returns another queryset).
    Only then may the table, counted without any viewer, stand for what the viewer's lists
    show."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.can("view", model) or not user.in_jurisdiction(region_code):
        return False
    extra = getattr(model, "restrict_extra", None)
    if extra is not None:
        base = model.objects.all()
        if extra(base, user) is not base:
            return False
    return True


def runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) pairs."""
    out: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if out and out[-1][1] + dt.timedelta(days=1) == day:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Reading


@dataclass
class Plan:
    """For one report: per kept source the runs of days read from the table and the runs
    counted live; `computed_at` the oldest computation used (now when all is live)."""

    user: Any
    scope: Scope
    computed_at: dt.datetime
    kept: dict[str, list[tuple[dt.date, dt.date]]] = field(default_factory=dict)
    live: dict[str, list[tuple[dt.date, dt.date]]] = field(default_factory=dict)

    def rows(self, name: str, source: Source) -> Iterator[dict[str, Any]]:
        if name not in self.kept:
            yield from source.rows(self.scope, self.user)
            return
        scope = self.scope
        for first, last in self.live[name]:
            yield from source.rows(Scope(scope.region, first, last, scope.campaign), self.user)
        kept = self.kept[name]
        if not kept:
            return
        daily = source.daily
        assert daily is not None
        slots = daily.slots()
        days = Q()
        for first, last in kept:
            days |= Q(day__gte=first, day__lte=last)
        qs = (
            KpiDaily.objects.filter(days, within(scope.region.code), source=name)
            .order_by()
            .values("region_id")
            .annotate(**{f"sum_{slot}": Sum(slot) for slot in slots.values()})
        )
        for row in qs:
            out = {"region": row["region_id"]}
            for counter, slot in slots.items():
                out[counter] = row[f"sum_{slot}"]
            yield out
        if daily.clock_rows is not None:
            for first, last in kept:
                sub = Scope(scope.region, first, last, scope.campaign)
                yield from daily.clock_rows(sub, self.user)


def plan(user: Any, scope: Scope, now: dt.datetime) -> Plan:
    """Which days of which source the table serves: the past days of the period that were
    computed, for the sources whose records the viewer sees all of. One query for all sources
    (and one more per source only when some day of the period was never computed)."""
    out = Plan(user, scope, now)
    last_past = min(scope.end, today() - dt.timedelta(days=1))
    if scope.start > last_past:
        return out
    names = [
        name
        for name, source in SOURCES.items()
        if source.daily is not None
        and not (source.needs_campaign and scope.campaign is None)
        and sees_all(user, source.daily.model, scope.region.code)
    ]
    if not names:
        return out
    counts = {
        row["source"]: row
        for row in KpiDay.objects.filter(source__in=names, day__gte=scope.start, day__lte=last_past)
        .order_by()
        .values("source")
        .annotate(n=Count("pk"), oldest=Min("computed_at"))
    }
    expected = (last_past - scope.start).days + 1
    after = [(last_past + dt.timedelta(days=1), scope.end)] if scope.end > last_past else []
    for name in names:
        row = counts.get(name)
        if row is None:
            continue  # nothing computed in the period: all live
        if row["n"] == expected:
            kept = [(scope.start, last_past)]
            live = after
        else:
            have = set(
                KpiDay.objects.filter(
                    source=name, day__gte=scope.start, day__lte=last_past
                ).values_list("day", flat=True)
            )
            kept = runs(have)
            live = runs(d for d in _days(scope.start, last_past) if d not in have) + after
        out.kept[name], out.live[name] = kept, live
        out.computed_at = min(out.computed_at, row["oldest"])
    return out


# --------------------------------------------------------------------------------------------
# Computing


def refresh(
    days: Iterable[dt.date] | None = None, sources: Iterable[str] | None = None
) -> dict[str, int]:
    """Recompute `days` (default: every day from the earliest record to yesterday) of the kept
    `sources` (default: all). Today and later days are skipped (always counted live). Returns
    the days computed per source. Safe to run again: each run of days is deleted and written
    again in one transaction, so a reader sees the old or the new figures, never a mix."""
    yesterday = today() - dt.timedelta(days=1)
    wanted = None if days is None else {d for d in days if d <= yesterday}
    done = {}
    for name, daily in daily_sources(sources).items():
        if wanted is None:
            first = daily.first_day()
            chosen = list(_days(first, yesterday)) if first is not None else []
        else:
            chosen = sorted(wanted)
        for first, last in runs(chosen):
            _refresh_run(name, daily, first, last)
        done[name] = len(chosen)
    return done


def _refresh_run(name: str, daily: Daily, first: dt.date, last: dt.date) -> None:
    slots = daily.slots()
    sql, params = daily.by_day(first, last).query.sql_with_params()
    qn = connection.ops.quote_name
    # Every slot is written (a model default is no column default): 0 where the source has none.
    by_slot = {slot: f"t.{qn(counter)}" for counter, slot in slots.items()}
    empty = [f"n{i}" for i in range(6)] + ["m0", "m1"]
    filled = {slot: by_slot.get(slot, "0") for slot in empty}
    columns = ["source", "region_id", "day", *filled, "computed_at"]
    select = ["%s", "t.division", "t.day", *filled.values(), "%s"]
    insert = "INSERT INTO {} ({}) SELECT {} FROM ({}) t".format(
        qn(KpiDaily._meta.db_table), ", ".join(qn(c) for c in columns), ", ".join(select), sql
    )
    with transaction.atomic():
        computed_at = timezone.now()
        KpiDaily.objects.filter(source=name, day__gte=first, day__lte=last).delete()
        KpiDay.objects.filter(source=name, day__gte=first, day__lte=last).delete()
        with connection.cursor() as cursor:
            stamp = connection.ops.adapt_datetimefield_value(computed_at)
            cursor.execute(insert, [name, stamp, *params])
        KpiDay.objects.bulk_create(
            [KpiDay(source=name, day=d, computed_at=computed_at) for d in _days(first, last)],
            batch_size=500,
        )


def due(sources: Iterable[str] | None = None) -> dict[str, set[dt.date]]:
    """The days the job recomputes now, per source (see the module doc)."""
    yesterday = today() - dt.timedelta(days=1)
    out: dict[str, set[dt.date]] = {}
    for name, daily in daily_sources(sources).items():
        first = daily.first_day()
        if first is None or first > yesterday:
            out[name] = set()
            continue
        have = dict(
            KpiDay.objects.filter(source=name, day__gte=first, day__lte=yesterday).values_list(
                "day", "computed_at"
            )
        )
        days = {d for d in _days(first, yesterday) if d not in have}
        days |= set(_days(max(first, yesterday - dt.timedelta(days=RECENT_DAYS - 1)), yesterday))
        if have:
            since = max(have.values()) - MARGIN
            for qs in daily.touched(since):
                days |= {d for d in qs if d is not None and first <= d <= yesterday}
        oldest = sorted((d for d in have if d not in days), key=lambda d: (have[d], d))
        days |= set(oldest[:ROLLING_DAYS])
        out[name] = days
    return out


def run_job(dry_run: bool = False) -> list[str]:
    """The `dispatch.kpi-daily` job."""
    plan_ = due()
    if dry_run:
        return [f"KPI days to compute: {sum(len(d) for d in plan_.values())}"]
    total = 0
    for name, days in plan_.items():
        total += refresh(days, [name])[name]
    return [f"KPI days computed: {total}"]
