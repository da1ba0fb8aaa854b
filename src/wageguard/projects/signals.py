"""The feed-based warning signals (`projects.warnings.SIGNALS`): what the monthly feeds say about a
batch of projects, each in one aggregate query over the month summaries or the feed rows, so the
scan keeps its fixed number of queries per batch of 1,000 projects.

A month's pay is judged once the following month has ended (DOMAIN section 3: wages of an
attendance month not paid through the account by the end of the next month are a red warning);
months older than a year are left to the ledger, not raised again. Keys are the month
(`2026-03`), or the month and the roster row for one worker, or a card's keyed hash: never an ID
or card number, since the key and the data are shown to the department's liaison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Sum
from django.utils.translation import gettext as _

from wageguard.core.calendar import add_months

from .models import MonthSummary, Payment, PayrollLine
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


SIGNALS: dict[str, Any] = {
    "attendance_unpaid": attendance_unpaid,
    "fewer_paid": fewer_paid,
    "attendees_without_wage": attendees_without_wage,
    "payroll_not_uploaded": payroll_not_uploaded,
    "card_custody": card_custody,
    "front_account": front_account,
    "below_minimum_wage": below_minimum_wage,
}
