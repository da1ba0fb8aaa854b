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

from django.db import models
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from wageguard.core.legal import cite

from .models import Attendance, MonthSummary, PayChannel, Payment, PayrollLine, RosterWorker

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


def summarise(pairs: Iterable[tuple[int, dt.date]]) -> int:
    """Reconcile these (project id, month) pairs again and store their `MonthSummary` rows (four
    queries whatever the number of pairs). Returns the number of rows written."""
    wanted = set(pairs)
    if not wanted:
        return 0
    totals: dict[tuple[int, dt.date], dict[str, int]] = {pair: {} for pair in wanted}
    rows = _rows((p for p, _m in wanted), (m for _p, m in wanted))
    for (p, _w, m), r in rows.items():
        if (p, m) not in wanted:
            continue
        t = totals[(p, m)]
        for name, hit in (
            ("on_attendance", bool(r["days"])),
            ("on_payroll", r["net"] is not None),
            ("paid_through_account", paid_in_full(r["net"], r["paid"])),
        ):
            t[name] = t.get(name, 0) + hit
        for cause in causes(r["days"], r["net"], r["channel"], r["paid"]):
            t[cause.value] = t.get(cause.value, 0) + 1
    objs = [
        MonthSummary(
            project_id=p,
            month=m,
            on_attendance=t.get("on_attendance", 0),
            on_payroll=t.get("on_payroll", 0),
            paid_through_account=t.get("paid_through_account", 0),
            worked_no_payroll=t.get(Cause.WORKED_NO_PAYROLL, 0),
            unpaid=t.get(Cause.UNPAID, 0),
            short_paid=t.get(Cause.SHORT_PAID, 0),
            not_through_account=t.get(Cause.NOT_THROUGH_ACCOUNT, 0),
            paid_no_payroll=t.get(Cause.PAID_NO_PAYROLL, 0),
        )
        for (p, m), t in totals.items()
    ]
    MonthSummary.objects.bulk_create(
        objs,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["project", "month"],
        update_fields=[
            "on_attendance",
            "on_payroll",
            "paid_through_account",
            "worked_no_payroll",
            "unpaid",
            "short_paid",
            "not_through_account",
            "paid_no_payroll",
            "updated_at",
        ],
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
