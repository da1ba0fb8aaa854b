"""The feed-based warning signals (`projects.warnings.SIGNALS`): what the monthly feeds and the
roster say about a batch of projects, each in one aggregate query over the month summaries, the
roster or the feed rows (two for the account balance: the balances, then the payroll or
attendance of the projects that reported one), so the scan keeps its fixed number of queries
per batch of 1,000 projects.

A month's pay is judged once the following month has ended (DOMAIN section 3: wages of an
attendance month not paid through the account by the end of the next month are a red warning);
months older than a year are left to the ledger, not raised again. Keys are the month
(`2026-03`), or the month (or year) and the roster row for one worker, or a card's keyed hash:
never an ID or card number, since the key and the data are shown to the department's liaison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Min, OuterRef, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from wageguard.core.calendar import add_months

from .models import AccountBalance, MonthSummary, Payment, PayrollLine, RosterWorker
from .warnings.rules import Finding

LOOKBACK_MONTHS = 12


def due_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """(first, last) wage months whose pay is due on `today`: the last is the month before last
    (its following month has ended), the first a year before it."""
    this_month = today.replace(day=1)
    last = add_months(this_month, -2)
    return add_months(last, -(LOOKBACK_MONTHS - 1)), last


def _summaries(project_ids: list[int], today: dt.date):
    first, last = due_window(today)
    return MonthSummary.objects.filter(
        project_id__in=project_ids, month__gte=first, month__lte=last, on_attendance__gt=0
    ).values_list("project_id", "month", "on_attendance", "on_payroll", "paid_through_account",
                  "worked_no_payroll")  # fmt: skip


def attendance_unpaid(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    for project, month, attended, _payroll, paid, _missing in _summaries(project_ids, today):
        if paid == 0:
            yield Finding(
                project,
                _("%(month)s 有 %(n)d 人出勤，至次月末仍无一人通过专用账户足额发放工资")
                % {"month": f"{month:%Y-%m}", "n": attended},
                key=f"{month:%Y-%m}",
                data={"month": f"{month:%Y-%m}", "attended": attended},
            )


def fewer_paid(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    for project, month, attended, _payroll, paid, _missing in _summaries(project_ids, today):
        if 0 < paid < attended:
            yield Finding(
                project,
                _("%(month)s 出勤 %(n)d 人，通过专用账户足额发放 %(paid)d 人")
                % {"month": f"{month:%Y-%m}", "n": attended, "paid": paid},
                key=f"{month:%Y-%m}",
                data={"month": f"{month:%Y-%m}", "attended": attended, "paid": paid},
            )


def attendees_without_wage(
    project_ids: list[int], today: dt.date, params: dict
) -> Iterable[Finding]:
    share = Decimal(params["share_percent"])
    for project, month, attended, _payroll, _paid, missing in _summaries(project_ids, today):
        if missing * 100 > share * attended:
            yield Finding(
                project,
                _("%(month)s 出勤 %(n)d 人，其中 %(m)d 人没有工资记录")
                % {"month": f"{month:%Y-%m}", "n": attended, "m": missing},
                key=f"{month:%Y-%m}",
                data={"month": f"{month:%Y-%m}", "attended": attended, "without": missing},
            )


def payroll_not_uploaded(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    """A month with attendance and no payroll sheet, `grace_days` into the following month."""
    grace = dt.timedelta(days=int(params["grace_days"]))
    first = add_months(today.replace(day=1), -LOOKBACK_MONTHS)
    rows = MonthSummary.objects.filter(
        project_id__in=project_ids, month__gte=first, on_attendance__gt=0, on_payroll=0
    ).values_list("project_id", "month", "on_attendance")
    for project, month, attended in rows:
        if today >= add_months(month, 1) + grace:
            yield Finding(
                project,
                _("%(month)s 有 %(n)d 人出勤，未上传工资表")
                % {"month": f"{month:%Y-%m}", "n": attended},
                key=f"{month:%Y-%m}",
                data={"month": f"{month:%Y-%m}", "attended": attended},
            )


def card_custody(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    """One bank card (by its keyed hash) paid the wages of `workers` or more people on these
    projects: Decree 724 art. 31 bars holding workers' cards."""
    rows = (
        Payment.objects.filter(project_id__in=project_ids)
        .values("project_id", "card_hash")
        .annotate(people=Count("worker__id_number_hash", distinct=True), last4=Max("card_last4"))
        .filter(people__gte=int(params["workers"]))
    )
    for row in rows:
        yield Finding(
            row["project_id"],
            _("尾号 %(last4)s 的银行卡收到 %(n)d 名农民工的工资")
            % {"last4": row["last4"], "n": row["people"]},
            key=row["card_hash"][:32],
            data={"card_last4": row["last4"], "people": row["people"]},
        )


def front_account(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    """One worker paid over `monthly_yuan` for one wage month on a project."""
    limit = Decimal(params["monthly_yuan"])
    first = add_months(today.replace(day=1), -LOOKBACK_MONTHS)
    rows = (
        Payment.objects.filter(project_id__in=project_ids, month__gte=first)
        .values("project_id", "worker_id", "month")
        .annotate(total=Sum("amount"))
        .filter(total__gt=limit)
    )
    for row in rows:
        yield Finding(
            row["project_id"],
            _("一名农民工 %(month)s 的工资收到 %(total)s 元")
            % {"month": f"{row['month']:%Y-%m}", "total": f"{row['total']:,.2f}"},
            key=f"{row['month']:%Y-%m}-{row['worker_id']}",
            data={"month": f"{row['month']:%Y-%m}", "total": str(row["total"])},
        )


def below_minimum_wage(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    """The month's average net pay on the payroll below the local monthly minimum wage."""
    minimum = Decimal(params["minimum_yuan"])
    first, last = due_window(today)
    rows = (
        PayrollLine.objects.filter(project_id__in=project_ids, month__gte=first, month__lte=last)
        .values("project_id", "month")
        .annotate(average=Avg("net"), people=Count("pk"))
        .filter(average__lt=minimum)
    )
    for row in rows:
        average = Decimal(row["average"]).quantize(Decimal("0.01"))
        yield Finding(
            row["project_id"],
            _("%(month)s 人均实发 %(avg)s 元，低于 %(min)s 元")
            % {"month": f"{row['month']:%Y-%m}", "avg": f"{average:,}", "min": f"{minimum:,}"},
            key=f"{row['month']:%Y-%m}",
            data={"month": f"{row['month']:%Y-%m}", "average": str(average)},
        )


def _yuan(amount: Decimal | int) -> Decimal:
    """A summed amount to the fen (SQLite's SUM of decimals carries more places)."""
    return Decimal(amount).quantize(Decimal("0.01"))


def front_account_yearly(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    """One worker paid over `yearly_yuan` for the wage months of one calendar year on a project:
    this year's running total, and last year's (so December's total is not lost on 1 January).
    One aggregate over the payments, through the (project, month) index."""
    limit = Decimal(params["yearly_yuan"])
    first = dt.date(today.year - 1, 1, 1)
    rows = (
        Payment.objects.filter(project_id__in=project_ids, month__gte=first)
        .annotate(year=ExtractYear("month"))
        .values("project_id", "worker_id", "year")
        .annotate(total=Sum("amount"))
        .filter(total__gt=limit)
    )
    for row in rows:
        total = _yuan(row["total"])
        yield Finding(
            row["project_id"],
            _("一名农民工 %(year)d 年的工资收到 %(total)s 元")
            % {"year": row["year"], "total": f"{total:,}"},
            key=f"{row['year']}-{row['worker_id']}",
            data={"year": row["year"], "total": str(total)},
        )


def departed_unsettled(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    """Workers the roster says left more than `grace_days` ago without confirming that their
    wages were settled: one finding per project (how many, and the earliest departure), never
    the workers' names or numbers, in one aggregate over the roster."""
    last_day = today - dt.timedelta(days=int(params["grace_days"]))
    rows = (
        RosterWorker.objects.filter(
            project_id__in=project_ids, left_on__lt=last_day, settlement_confirmed=False
        )
        .values("project_id")
        .annotate(workers=Count("pk"), earliest=Min("left_on"))
    )
    for row in rows:
        yield Finding(
            row["project_id"],
            _("%(n)d 名已退场农民工未确认工资结算（最早于 %(day)s 退场）")
            % {"n": row["workers"], "day": f"{row['earliest']:%Y-%m-%d}"},
            data={"workers": row["workers"], "earliest": row["earliest"].isoformat()},
        )


# A balance the bank reported more than this many days ago says nothing about today's.
BALANCE_FRESH_DAYS = 31


def latest_balances(project_ids: list[int], today: dt.date) -> dict[int, tuple[dt.date, Decimal]]:
    """Each project's latest reported balance of the last `BALANCE_FRESH_DAYS` days, in one
    query (the latest day per project through the (project, day) unique index)."""
    latest_day = (
        AccountBalance.objects.filter(project_id=OuterRef("project_id"), on__lte=today)
        .order_by("-on")
        .values("on")[:1]
    )
    rows = AccountBalance.objects.filter(
        project_id__in=project_ids,
        on__gt=today - dt.timedelta(days=BALANCE_FRESH_DAYS),
        on__lte=today,
        on=Subquery(latest_day),
    ).values_list("project_id", "on", "balance")
    return {project: (day, balance) for project, day, balance in rows}


def _latest_by_project(rows: Iterable[tuple]) -> dict[int, tuple]:
    """(project, month, ...) rows reduced to each project's latest month."""
    latest: dict[int, tuple] = {}
    for row in rows:
        if row[0] not in latest or row[1] > latest[row[0]][1]:
            latest[row[0]] = row
    return latest


def balance_short(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    """The account's latest balance below `cover_percent`% of the latest month's payroll (实发
    total of the last payroll sheet of this month or the two before it): the next month's wages
    are not covered. Two queries: the balances, and the payroll totals of the projects that
    reported one."""
    share = Decimal(params["cover_percent"])
    balances = latest_balances(project_ids, today)
    if not balances:
        return
    first = add_months(today.replace(day=1), -2)
    totals = _latest_by_project(
        PayrollLine.objects.filter(project_id__in=list(balances), month__gte=first)
        .values("project_id", "month")
        .annotate(total=Sum("net"))
        .values_list("project_id", "month", "total")
    )
    for project, (_p, month, total) in totals.items():
        day, balance = balances[project]
        total = _yuan(total or 0)
        if total > 0 and balance * 100 < share * total:
            yield Finding(
                project,
                _("专用账户 %(day)s 余额 %(balance)s 元，低于 %(month)s 实发工资 %(total)s 元")
                % {
                    "day": f"{day:%Y-%m-%d}",
                    "balance": f"{balance:,.2f}",
                    "month": f"{month:%Y-%m}",
                    "total": f"{total:,}",
                },
                data={
                    "on": day.isoformat(),
                    "balance": str(balance),
                    "month": f"{month:%Y-%m}",
                    "payroll": str(total),
                },
            )


def balance_empty(project_ids: list[int], today: dt.date, params: dict) -> Iterable[Finding]:
    """The account's latest balance is zero (or below) while workers were on attendance this
    month or last: wages are due and nothing is there to pay them. Two queries: the balances,
    and the month summaries of the projects at zero."""
    balances = latest_balances(project_ids, today)
    empty = [project for project, (_day, balance) in balances.items() if balance <= 0]
    if not empty:
        return
    first = add_months(today.replace(day=1), -1)
    attended = _latest_by_project(
        MonthSummary.objects.filter(
            project_id__in=empty, month__gte=first, on_attendance__gt=0
        ).values_list("project_id", "month", "on_attendance")
    )
    for project, (_p, month, workers) in attended.items():
        day, balance = balances[project]
        yield Finding(
            project,
            _("专用账户 %(day)s 余额为 %(balance)s 元，%(month)s 仍有 %(n)d 人出勤")
            % {
                "day": f"{day:%Y-%m-%d}",
                "balance": f"{balance:,.2f}",
                "month": f"{month:%Y-%m}",
                "n": workers,
            },
            data={"on": day.isoformat(), "balance": str(balance), "attended": workers},
        )


SIGNALS: dict[str, Any] = {
    "attendance_unpaid": attendance_unpaid,
    "fewer_paid": fewer_paid,
    "attendees_without_wage": attendees_without_wage,
    "payroll_not_uploaded": payroll_not_uploaded,
    "card_custody": card_custody,
    "front_account": front_account,
    "below_minimum_wage": below_minimum_wage,
    "front_account_yearly": front_account_yearly,
    "departed_unsettled": departed_unsettled,
    "balance_short": balance_short,
    "balance_empty": balance_empty,
}
