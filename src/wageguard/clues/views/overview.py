"""督办总览: the supervisor's league table ("who is behind?"), its Excel export, its printable
one-page brief and 催办 from a row. All four read the same rows (`reports.overview.rows`) in the
same order, so the page, the workbook and the brief agree."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit, xlsx
from wageguard.core.deadlines import Clock
from wageguard.core.paging import query_string

from .. import filters
from ..models import Clue
from ..overview_columns import PERIODS, window
from ..reports import overview
from ..services import reminders
from .access import require


def _table(request: HttpRequest) -> dict[str, Any]:
    """The rows sorted as asked (`sort`, `dir`; default the most overdue first), the columns with
    each header's sort link, and each row's cells with their links."""
    user = request.user
    clock = Clock.now(filters.STAGE)
    period = window(request.GET.get("period", ""), clock.today)
    columns = overview.columns()
    by_key = {c.key: c for c in columns}
    key = request.GET.get("sort", "")
    if key not in by_key:
        key = overview.DEFAULT_SORT
    column = by_key[key]
    asked = request.GET.get("dir", "")
    worst_dir = "asc" if column.lower_is_worse else "desc"
    direction = asked if asked in ("asc", "desc") else worst_dir
    rows = overview.rows(user, clock, period)
    home = overview.viewer_region(user)
    ordered = overview.sort_rows(rows, key, direction == "desc")
    base = {"period": period.key} if period.key != "year" else {}
    headers = []
    for c in columns:
        if c.key == key:
            next_dir = "asc" if direction == "desc" else "desc"
        else:
            next_dir = "asc" if c.lower_is_worse else "desc"
        headers.append(
            {
                "column": c,
                "sorted": c.key == key,
                "aria": ("descending" if direction == "desc" else "ascending")
                if c.key == key
                else "",
                "url": "?" + query_string(base, sort=c.key, dir=next_dir),
            }
        )
    table = []
    rank = 0
    for row in ordered:
        if not row.triage:
            rank += 1
        cells = []
        for c in columns:
            value = row.value(c.key)
            url = c.link(row.region.code, row.triage, period) if c.link else ""
            cells.append(_cell(c, value, url, row.overdue))
        table.append({"row": row, "rank": None if row.triage else rank, "cells": cells})
    totals = overview.totals(rows)
    total_cells = [
        _cell(
            c,
            totals.get(c.key),
            c.link(home.code, False, period) if c.link else "",
            totals["overdue"],
        )
        for c in columns
    ]
    return {
        "home": home,
        "today": clock.today,
        "period": period,
        "periods": [
            {"key": k, "label": label, "url": "?" + query_string({"period": k}, sort=key)}
            for k, label in PERIODS.items()
        ],
        "columns": columns,
        "headers": headers,
        "table": table,
        "rows": ordered,
        "totals": totals,
        "total_trend": overview.trend_words(totals["trend"])[1],
        "total_cells": total_cells,
        "total_links": {cell["key"]: cell["url"] for cell in total_cells},
        "worst": overview.worst(rows),
        "query": query_string(request.GET.dict()),
        "can_remind": reminders.can_remind(user),
    }


def _cell(column: overview.Column, value: Any, url: str, overdue: int) -> dict[str, Any]:
    """One figure as shown: the rate with a % sign, the trend as an arrow and words, money with
    two decimals; `count` is the number of rows its link lists (the rate's is the overdue
    count), for the test that follows every link."""
    cell: dict[str, Any] = {
        "key": column.key,
        "kind": column.kind,
        "value": value,
        "url": url,
        "count": overdue if column.kind == "rate" else value,
    }
    if column.kind == "trend":
        cell["arrow"], cell["words"] = overview.trend_words(value)
        cell["url"] = ""
    if column.tone == "danger" and value:
        cell["danger"] = True
    return cell


@login_required
def overview_page(request: HttpRequest) -> HttpResponse:
    """督办总览 for the dispatch meeting: each number drills down to the list it counts."""
    require(request, "view")
    context = _table(request)
    context["chart"] = [
        {"name": item["row"].region.name, "overdue": item["row"].overdue}
        for item in context["table"]
        if not item["row"].triage
    ]
    return render(request, "clues/overview.html", context)


@login_required
def overview_print(request: HttpRequest) -> HttpResponse:
    """The one-page brief for the meeting: title, date, the table as sorted, the worst three."""
    require(request, "view")
    return render(request, "clues/overview_print.html", _table(request))


@login_required
def overview_export(request: HttpRequest) -> HttpResponse:
    """The table as .xlsx, the page's rows in the page's order (write-only, streamed)."""
    require(request, "view")
    context = _table(request)
    columns = context["columns"]
    ledger = xlsx.Ledger(
        str(_("督办总览")),
        [(_("名次"), 6), (_("辖区"), 18), *[(c.label, 12) for c in columns]],
    )
    for item in [*context["table"], None]:
        if item is None:
            label, rank, cells = str(_("合计")), None, context["total_cells"]
        else:
            row = item["row"]
            label = row.region.name
            if row.triage:
                label += "（" + _("本级分拣") + "）"
            rank, cells = item["rank"], item["cells"]
        out: list[Any] = [rank or "", label]
        for cell in cells:
            value = cell["value"]
            if cell["kind"] == "rate":
                out.append(ledger.percent(value))
            elif cell["kind"] == "money":
                out.append(ledger.money(value))
            elif cell["kind"] == "trend":
                out.append("" if value is None else value)
            else:
                out.append(value)
        ledger.append(out)
    audit.record_read(
        "export.xlsx",
        model=Clue,
        mode="export",
        query=request.GET.dict() | {"page": "overview"},
        rows=len(context["table"]),
    )
    return xlsx.download(ledger.save(), "督办总览")


@login_required
@require_POST
def remind(request: HttpRequest, code: str) -> HttpResponse:
    """催办 one row's division: notices to its bureau, recorded once a day; back to the page."""
    require(request, "view")
    try:
        reminders.remind_division(request.user, code, Clock.now(filters.STAGE))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已催办"))
    back = request.POST.get("next", "")
    return redirect(reverse("clues:overview") + (back if back.startswith("?") else ""))
