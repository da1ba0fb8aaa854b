"""The case columns of the supervisor overview (clues.overview_columns), registered in
`CasesConfig.ready()`: open cases near their time limit and past it, and the money recovered
for the workers of the cases filed in the period. Each is one grouped query through the case
list's own filters (`filters.apply`), so a figure and the list its link opens count the same
rows; the money is the sum of the list's 追回金额 column, the dispatch KPI 追回金额's definition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wageguard.clues.overview_columns import OVERVIEW_COLUMNS, OverviewColumn, Window
from wageguard.core.deadlines import Clock
from wageguard.core.paging import query_string

from . import filters
from .models import CaseWorker, EnforcementCase

_MONEY = DecimalField(max_digits=18, decimal_places=2)


def _cases(
    user: Any, params: dict[str, str], today: dt.date, soon: dt.date, only: list[str] | None
):
    qs = filters.apply(
        EnforcementCase.objects.restrict(user, "view"),
        params,
        Clock(today, soon, filters.STAGE),
    )
    return qs if only is None else qs.filter(region_id__in=only)


def _open(sla: str):
    params = {"state": "open", "sla": sla}

    def counts(user: Any, today: dt.date, soon: dt.date, _period: Window, only: list[str] | None):
        rows = _cases(user, params, today, soon, only).order_by().values("region_id")
        return {r["region_id"]: r["n"] for r in rows.annotate(n=Count("pk"))}

    return counts, _link(params)


def _filed(period: Window) -> dict[str, str]:
    return {"filed_from": period.first.isoformat(), "filed_to": period.last.isoformat()}


def _link(params: dict[str, str], period_params=None):
    def link(code: str, own: bool, period: Window) -> str:
        shown = {**params, **(period_params(period) if period_params else {}), "region": code}
        if own:
            shown["own_level"] = "1"
        return reverse("cases:list") + "?" + query_string(shown)

    return link


def _recovered(user: Any, today: dt.date, soon: dt.date, period: Window, only: list[str] | None):
    cases = _cases(user, _filed(period), today, soon, only)
    rows = (
        CaseWorker.objects.filter(case__in=cases.order_by().values("pk"))
        .order_by()
        .values("case__region_id")
        .annotate(n=Coalesce(Sum("amount_recovered"), Value(0), output_field=_MONEY))
    )
    cent = Decimal("0.01")
    return {r["case__region_id"]: Decimal(r["n"]).quantize(cent) for r in rows}


def register() -> None:
    due_soon, due_soon_link = _open("due_soon")
    overdue, overdue_link = _open("overdue")
    OVERVIEW_COLUMNS.register(
        "cases_due_soon",
        OverviewColumn(
            _("临期案件"), _("办理中、剩余工作日不多于提醒天数的案件"), due_soon, due_soon_link
        ),
        order=10,
    )
    OVERVIEW_COLUMNS.register(
        "cases_overdue",
        OverviewColumn(
            _("超期案件"), _("办理中、已过办案期限的案件"), overdue, overdue_link, tone="danger"
        ),
        order=20,
    )
    OVERVIEW_COLUMNS.register(
        "recovered",
        OverviewColumn(
            _("追回金额"),
            _("期间内立案的案件至今已为劳动者追回的金额（案件台账各案“追回金额”之和）"),
            _recovered,
            _link({}, _filed),
            money=True,
            lower_is_worse=True,
        ),
        order=30,
    )
