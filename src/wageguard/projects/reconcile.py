"""Reconciling a project's month: attendance, the signed payroll sheet and the bank's payments from
the dedicated account, worker by worker, each difference named by its cause and the article it
breaks; and the patterns across workers that the warning engine asks about (card custody, front
accounts).

`causes()` is pure: the boundary tests pin it. `worker_months()` applies it to one project (the
project page); `summarise()` stores each project-month's counts in `MonthSummary`, the
`PayrollMonth` facts `services.facts_for` reads in one query per batch of projects.

For warning rules (plain querysets, each filtered to the projects given, evaluated lazily):
- `card_custody(projects)`: keyed card hashes paid to more than one person (art. 31 last paragraph);
- `shared_mobiles(projects)`: mobile hashes registered for more than one person on the rosters;
- `front_accounts(projects, month=None)`: a person paid more than ¥50,000 in one wage month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, models
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from wageguard.core.legal import cite

from .models import (
    Attendance,
    ClockDay,
    FeedSettings,
    MonthSummary,
    PayChannel,
    Payment,
    PayrollLine,
    RosterWorker,
)

# DOMAIN section 3: one worker paid over ¥50,000 in a month is a front account (red warning).
FRONT_ACCOUNT_MONTHLY = Decimal("50000")


class Cause(models.TextChoices):
    WORKED_NO_PAYROLL = "worked_no_payroll", _("有出勤但没有工资支付表")
    UNPAID = "unpaid", _("在工资支付表上但未经专用账户发放")
    SHORT_PAID = "short_paid", _("实付少于实发工资")
    NOT_THROUGH_ACCOUNT = "not_through_account", _("未通过专用账户代发")
    PAID_NO_PAYROLL = "paid_no_payroll", _("有代发记录但没有工资支付表")


# The article each cause breaks: art. 31 (the monthly payroll signed by the worker, paid by the
# general contractor from the dedicated account into the worker's own account); a payment with no
# payroll line leaves the art. 15 ledger without its entry.
ARTICLE = {
    Cause.WORKED_NO_PAYROLL: "724.31",
    Cause.UNPAID: "724.31",
    Cause.SHORT_PAID: "724.31",
    Cause.NOT_THROUGH_ACCOUNT: "724.31",
    Cause.PAID_NO_PAYROLL: "724.15",
}


def citation(cause: str) -> str:
    return cite(ARTICLE[Cause(cause)])


def causes(
    days: int | None, net: Decimal | None, channel: str | None, paid: Decimal
) -> list[Cause]:
    """The differences of one worker's month: `days` worked (None: no attendance row), the payroll
    line's 实发 and channel (None: no line), and what the account paid for that month."""
    found = []
    on_payroll = net is not None
    if days and not on_payroll:
        found.append(Cause.WORKED_NO_PAYROLL)
    if on_payroll:
        if channel and channel != PayChannel.ACCOUNT:
            found.append(Cause.NOT_THROUGH_ACCOUNT)
        elif paid <= 0 and net > 0:
            found.append(Cause.UNPAID)
        elif 0 < paid < net:
            found.append(Cause.SHORT_PAID)
    elif paid > 0:
        found.append(Cause.PAID_NO_PAYROLL)
    return found


def paid_in_full(net: Decimal | None, paid: Decimal) -> bool:
    """Paid through the account: something paid, and not less than the 实发 where there is one."""
    return paid > 0 and (net is None or paid >= net)


@dataclass(frozen=True)
class WorkerMonth:
    worker_id: int
    month: dt.date
    days: int | None
    gross: Decimal | None
    net: Decimal | None
    channel: str | None
    paid: Decimal
    causes: tuple[Cause, ...]


def _rows(project_ids: Iterable[int], months: Iterable[dt.date]) -> dict[tuple, dict]:
    """Per (project, worker, month): days, payroll line and paid total, in three queries."""
    pids, months = list(set(project_ids)), list(set(months))
    out: dict[tuple, dict] = {}

    def at(project_id: int, worker_id: int, month: dt.date) -> dict:
        return out.setdefault(
            (project_id, worker_id, month),
            {"days": None, "gross": None, "net": None, "channel": None, "paid": Decimal(0)},
        )

    for p, w, m, days in Attendance.objects.filter(
        project_id__in=pids, month__in=months
    ).values_list("project_id", "worker_id", "month", "days"):
        at(p, w, m)["days"] = days
    for p, w, m, gross, net, channel in PayrollLine.objects.filter(
        project_id__in=pids, month__in=months
    ).values_list("project_id", "worker_id", "month", "gross", "net", "channel"):
        at(p, w, m).update(gross=gross, net=net, channel=channel)
    for row in (
        Payment.objects.filter(project_id__in=pids, month__in=months)
        .values("project_id", "worker_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        at(row["project_id"], row["worker_id"], row["month"])["paid"] = row["total"]
    return out


def worker_months(project_id: int, months: Iterable[dt.date]) -> list[WorkerMonth]:
    """Every worker's reconciliation for these months of one project (three queries)."""
    out = []
    for (_p, worker, month), r in _rows([project_id], months).items():
        out.append(
            WorkerMonth(
                worker,
                month,
                r["days"],
                r["gross"],
                r["net"],
                r["channel"],
                r["paid"],
                tuple(causes(r["days"], r["net"], r["channel"], r["paid"])),
            )
        )
    return sorted(out, key=lambda w: (w.month, w.worker_id), reverse=True)


# What `summarise` counts per project-month, each the SQL twin of `causes()` and `paid_in_full()`
# over one worker's month `w` (days, net, channel, paid): the test of the summary compares both
# on every combination of their boundaries.
_PAID = "ROUND(w.paid, 2)"
_NET = "ROUND(w.net, 2)"
_ON_PAYROLL = "w.net IS NOT NULL"
_OTHER_CHANNEL = (
    f"({_ON_PAYROLL} AND w.channel IS NOT NULL AND w.channel <> ''"
    f" AND w.channel <> '{PayChannel.ACCOUNT}')"
)
_ON_ACCOUNT = f"{_ON_PAYROLL} AND NOT {_OTHER_CHANNEL}"
_COUNTS = {
    "on_attendance": "w.days > 0",
    "on_payroll": _ON_PAYROLL,
    "paid_through_account": f"{_PAID} > 0 AND (w.net IS NULL OR {_PAID} >= {_NET})",
    Cause.WORKED_NO_PAYROLL: "w.days > 0 AND w.net IS NULL",
    Cause.NOT_THROUGH_ACCOUNT: _OTHER_CHANNEL,
    Cause.UNPAID: f"{_ON_ACCOUNT} AND {_PAID} <= 0 AND {_NET} > 0",
    Cause.SHORT_PAID: f"{_ON_ACCOUNT} AND {_PAID} > 0 AND {_PAID} < {_NET}",
    Cause.PAID_NO_PAYROLL: f"w.net IS NULL AND {_PAID} > 0",
    # 按月足额发放: a worker with attendance not paid in full from the account by the due day
    # (what was paid by then, `w.on_time`, judged as `paid_in_full` judges `paid`).
    "not_paid_on_time": "w.days > 0 AND NOT (ROUND(w.on_time, 2) > 0"
    f" AND (w.net IS NULL OR ROUND(w.on_time, 2) >= {_NET}))",
}
# Pairs per statement: two parameters each, far below SQLite's limit of variables.
SUMMARY_PAIRS = 1000


def _pairs_in(pairs: int) -> str:
    """A condition that (project_id, month) is one of `pairs` pairs given as parameters."""
    wanted = ", ".join(["(%s, %s)"] * pairs)
    if connection.vendor == "postgresql":
        return f"(project_id, month) IN (VALUES {wanted})"
    # SQLite's row values compare with IN only against a subquery.
    return f"(project_id, month) IN (SELECT * FROM (VALUES {wanted}))"


def _pair_params(chunk: list[tuple[int, dt.date]]) -> list:
    day = connection.ops.adapt_datefield_value
    return [value for p, m in chunk for value in (p, day(m))]


def attendance_from_clock_days(pairs: Iterable[tuple[int, dt.date]]) -> None:
    """Each worker's attendance days of these project-months counted again from their clock
    days: a day counts when its first and last clock-in are the province's minimum apart
    (`FeedSettings.clockin_min_hours`), so a day read in two files counts once and rightly."""
    minutes = int(FeedSettings.for_province().clockin_min_hours * 60)
    wanted = sorted(set(pairs))
    q = connection.ops.quote_name
    attendance, clock = q(Attendance._meta.db_table), q(ClockDay._meta.db_table)
    for start in range(0, len(wanted), SUMMARY_PAIRS):
        chunk = wanted[start : start + SUMMARY_PAIRS]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {attendance} (project_id, worker_id, month, days) "
                "SELECT project_id, worker_id, month, "
                "SUM(CASE WHEN last_minute - first_minute >= %s THEN 1 ELSE 0 END) "
                f"FROM {clock} WHERE {_pairs_in(len(chunk))} "
                "GROUP BY project_id, worker_id, month "
                "ON CONFLICT (worker_id, month) DO UPDATE SET days = EXCLUDED.days",
                [minutes, *_pair_params(chunk)],
            )


def due_on(month: dt.date) -> dt.date:
    """The last day the wages of `month` may be paid: the end of the next month (DOMAIN
    section 3, the payroll warning's cycle; `rules.due_months` judges a month after it too)."""
    after_next = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    after_next = (after_next + dt.timedelta(days=32)).replace(day=1)
    return after_next - dt.timedelta(days=1)


def _paid_by_due() -> str:
    """SQL: a payment made by the end of the month after its wage month (`due_on`)."""
    if connection.vendor == "postgresql":
        return "paid_on < (month + INTERVAL '2 months')"
    return "paid_on < date(month, '+2 months')"


def _summary_sql(pairs: int) -> str:
    """Per project-month, the counts of `_COUNTS` over its workers' months, for `pairs` (project,
    month) pairs given as parameters: each feed table read through its (project, month) index,
    joined per worker, counted, in one statement."""
    q = connection.ops.quote_name
    where = _pairs_in(pairs)
    tables = {m: q(m._meta.db_table) for m in (Attendance, PayrollLine, Payment)}
    counts = ", ".join(
        f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS {q(str(name))}"
        for name, condition in _COUNTS.items()
    )
    return (
        f"SELECT w.project_id, w.month, {counts} FROM ("
        " SELECT project_id, worker_id, month, MAX(days) AS days, MAX(net) AS net,"
        " MAX(channel) AS channel, SUM(paid) AS paid, SUM(on_time) AS on_time FROM ("
        f"  SELECT project_id, worker_id, month, days, NULL AS net, NULL AS channel, 0 AS paid,"
        f"  0 AS on_time FROM {tables[Attendance]} WHERE {where}"
        f"  UNION ALL SELECT project_id, worker_id, month, NULL, net, channel, 0, 0"
        f"  FROM {tables[PayrollLine]} WHERE {where}"
        f"  UNION ALL SELECT project_id, worker_id, month, NULL, NULL, NULL, amount,"
        f"  CASE WHEN {_paid_by_due()} THEN amount ELSE 0 END"
        f"  FROM {tables[Payment]} WHERE {where}"
        " ) u GROUP BY project_id, worker_id, month"
        ") w GROUP BY w.project_id, w.month"
    )


def summarise(pairs: Iterable[tuple[int, dt.date]]) -> int:
    """Reconcile these (project id, month) pairs again and store their `MonthSummary` rows (two
    statements per thousand pairs, in SQL however many workers they hold). Returns the number
    of rows written."""
    wanted = sorted(set(pairs))
    if not wanted:
        return 0
    names = [str(name) for name in _COUNTS]
    objs = []
    for start in range(0, len(wanted), SUMMARY_PAIRS):
        chunk = wanted[start : start + SUMMARY_PAIRS]
        params = _pair_params(chunk) * 3
        found = {}
        with connection.cursor() as cursor:
            cursor.execute(_summary_sql(len(chunk)), params)
            for project, month, *numbers in cursor.fetchall():
                if not isinstance(month, dt.date):
                    month = dt.date.fromisoformat(str(month)[:10])
                found[(project, month)] = dict(
                    zip(names, (int(n or 0) for n in numbers), strict=True)
                )
        objs += [
            MonthSummary(
                project_id=p,
                month=m,
                due_on=due_on(m),
                **found.get((p, m), dict.fromkeys(names, 0)),
            )
            for p, m in chunk
        ]
    MonthSummary.objects.bulk_create(
        objs,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["project", "month"],
        update_fields=[*names, "due_on", "updated_at"],
    )
    return len(objs)


# Projects reconciled together by `summarise_projects`: their worker-months sit in memory at once
# (a project of 300 workers has 300 a month).
SUMMARY_PROJECTS = 100


def summarise_projects(project_ids: Iterable[int]) -> int:
    """Every month with feeds of these projects reconciled again (the demo, a repair), a hundred
    projects at a time so memory stays bounded over a province."""
    ids = list(project_ids)
    written = 0
    for start in range(0, len(ids), SUMMARY_PROJECTS):
        chunk = ids[start : start + SUMMARY_PROJECTS]
        pairs: set[tuple[int, dt.date]] = set()
        for model in (Attendance, PayrollLine, Payment):
            pairs |= set(
                model.objects.filter(project_id__in=chunk)
                .values_list("project_id", "month")
                .distinct()
                .order_by()
            )
        written += summarise(pairs)
    return written


# --- patterns across workers, for the warning engine ------------------------------------------


def _scope(qs: models.QuerySet, projects: models.QuerySet | Iterable[int] | None, field: str):
    return qs if projects is None else qs.filter(**{f"{field}__in": projects})


def card_custody(projects=None) -> models.QuerySet:
    """One bank card (its keyed hash) receiving the wages of more than one person: rows of
    `card_hash`, `people` (distinct ID numbers), `projects`; Decree 724 art. 31 forbids holding
    workers' cards."""
    return (
        _scope(Payment.objects.all(), projects, "project")
        .values("card_hash")
        .annotate(
            people=Count("worker__id_number_hash", distinct=True),
            projects=Count("project", distinct=True),
            card_last4=models.Max("card_last4"),
        )
        .filter(people__gt=1)
        .order_by("-people", "card_hash")
    )


def shared_mobiles(projects=None) -> models.QuerySet:
    """One mobile number (its keyed hash) on the rosters of more than one person: rows of
    `mobile_hash` and `people`; the same sign of one person holding others' accounts."""
    return (
        _scope(RosterWorker.objects.exclude(mobile_hash=""), projects, "project")
        .values("mobile_hash")
        .annotate(people=Count("id_number_hash", distinct=True))
        .filter(people__gt=1)
        .order_by("-people", "mobile_hash")
    )


def front_accounts(
    projects=None, month: dt.date | None = None, limit: Decimal = FRONT_ACCOUNT_MONTHLY
) -> models.QuerySet:
    """A person (their ID's keyed hash) paid more than `limit` for one wage month across the
    projects given: rows of `worker__id_number_hash`, `month`, `total`, `payments`."""
    qs = _scope(Payment.objects.all(), projects, "project")
    if month is not None:
        qs = qs.filter(month=month)
    return (
        qs.values("worker__id_number_hash", "month")
        .annotate(total=Sum("amount"), payments=Count("pk"))
        .filter(total__gt=limit)
        .order_by("-total")
    )


def custody_workers(project_id: int) -> models.QuerySet:
    """The roster workers of one project paid through a card that also paid someone else (on
    any project): only this project's cards are looked up, through the card hash index."""
    mine = Payment.objects.filter(project_id=project_id).values("card_hash")
    shared = (
        Payment.objects.filter(card_hash__in=mine)
        .values("card_hash")
        .annotate(people=Count("worker__id_number_hash", distinct=True))
        .filter(people__gt=1)
        .values("card_hash")
    )
    return RosterWorker.objects.filter(
        project_id=project_id,
        pk__in=Payment.objects.filter(project_id=project_id, card_hash__in=shared).values(
            "worker_id"
        ),
    )
