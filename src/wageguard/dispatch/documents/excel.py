"""The Excel workbook of a round: a summary sheet (the province and one row per prefecture, every
KPI, with native bar charts of the on-time rate and of its change from the previous round), the
rankings, the lagging units, and one sheet per prefecture (its figures beside the previous
round's, its report), each with a native chart. Figures are numbers (rates as percentages with
one decimal, 85.3; amounts in yuan), so the task force can sort, sum and chart them again; every
sheet says when they were computed.

The workbook is small (a few hundred cells), so it is built in memory with a normal openpyxl
workbook (charts need one); text people typed is written as text, never as a formula."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from wageguard.core.xlsx import FORMULA_STARTS

from ..kpis import KPIS
from ..kpis.base import MONEY, RATE
from ..meeting.briefing import Briefing
from . import context as ctx
from .rules import Kind

FORMATS = {RATE: "0.0", MONEY: "#,##0.00"}
COUNT_FORMAT = "#,##0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
# Summary sheet: the header row and the first data row (the province's total).
SUMMARY_HEADER_ROW = 4
# A prefecture's sheet: the header row of its figures table.
PREFECTURE_HEADER_ROW = 5
TREND_KEY = "clues_on_time_rate"


def _text(ws: Worksheet, row: int, column: int, value: str, bold: bool = False) -> None:
    value = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    cell = ws.cell(row=row, column=column, value=value)
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # text that looks like a formula stays text
    if bold:
        cell.font = BOLD


def _number(ws: Worksheet, row: int, column: int, value: Any, kind: str) -> None:
    if value is None:
        return
    cell = ws.cell(row=row, column=column, value=Decimal(value) if kind != "count" else int(value))
    cell.number_format = FORMATS.get(kind, COUNT_FORMAT)


def _header(ws: Worksheet, b: Briefing, heading: str) -> None:
    ws.cell(row=1, column=1, value=heading).font = TITLE
    r = b.round
    _text(
        ws,
        2,
        1,
        _("统计期间：%(period)s；数据计算时间：%(at)s")
        % {
            "period": f"{r.start:%Y-%m-%d} — {r.end:%Y-%m-%d}",
            "at": ctx.moment(b.computed_at),
        },
    )


def _label(kpi) -> str:
    return f"{kpi.label}（{kpi.unit}）"


def _summary(ws: Worksheet, b: Briefing, kind: str) -> None:
    _header(ws, b, ctx.title(b, kind))
    row = SUMMARY_HEADER_ROW
    _text(ws, row, 1, _("市（州）"), bold=True)
    for col, kpi in enumerate(KPIS, start=2):
        _text(ws, row, col, _label(kpi), bold=True)
        ws.cell(row=row, column=col).alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 22
    rows = [(f"{b.report.total.region.name}{_('合计')}", b.report.total.figures)]
    rows += [(p.region.name, p.figures) for p in b.prefectures]
    for name, figures in rows:
        row += 1
        _text(ws, row, 1, name)
        values = {f.kpi.key: f.value for f in figures}
        for col, kpi in enumerate(KPIS, start=2):
            _number(ws, row, col, values.get(kpi.key), kpi.kind)
    first, last = SUMMARY_HEADER_ROW + 2, row
    ws.freeze_panes = ws.cell(row=SUMMARY_HEADER_ROW + 1, column=2)
    keys = [k.key for k in KPIS]
    if last < first:
        return
    column = keys.index(TREND_KEY) + 2
    chart = BarChart()
    chart.type = "bar"
    chart.title = _("各市（州）时限办结率（%）")
    # The prefectures only (the province's total, the first data row, would dwarf them).
    chart.series.append(
        Series(
            Reference(ws, min_col=column, min_row=first, max_row=last),
            title=_label(next(k for k in KPIS if k.key == TREND_KEY)),
        )
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.height, chart.width = 12, 18
    ws.add_chart(chart, f"A{last + 3}")
    _trend(ws, b, start=last + 30)


def _trend(ws: Worksheet, b: Briefing, start: int) -> None:
    """This round's on-time rate beside the previous round's, per prefecture, and their chart."""
    kpi = next(k for k in KPIS if k.key == TREND_KEY)
    _text(ws, start, 1, _("与上轮比较：%(kpi)s") % {"kpi": _label(kpi)}, bold=True)
    _text(ws, start + 1, 1, _("市（州）"), bold=True)
    _text(ws, start + 1, 2, _("本轮"), bold=True)
    _text(ws, start + 1, 3, _("上轮"), bold=True)
    row = start + 1
    for p in b.prefectures:
        row += 1
        _text(ws, row, 1, p.region.name)
        _number(ws, row, 2, p.figure(TREND_KEY).value, RATE)
        _number(ws, row, 3, p.previous.get(TREND_KEY), RATE)
    if row == start + 1:
        return
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = _("时限办结率：本轮与上轮")
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=start + 1, max_row=row), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=start + 2, max_row=row))
    chart.height, chart.width = 10, 24
    ws.add_chart(chart, f"E{start}")


def _rankings(ws: Worksheet, b: Briefing) -> None:
    _header(ws, b, _("排名情况"))
    _text(ws, 3, 1, str(ctx.LAGGING_RULE))
    row = 4
    for rk in b.rankings:
        row += 1
        _text(ws, row, 1, _label(rk.kpi), bold=True)
        row += 1
        for col, head in enumerate(
            (_("名次"), _("市（州）"), _("本轮"), _("上轮"), _("变化"), _("备注")), start=1
        ):
            _text(ws, row, col, head, bold=True)
        for s in rk.rows:
            row += 1
            ws.cell(row=row, column=1, value=s.place)
            _text(ws, row, 2, s.region.name)
            _number(ws, row, 3, s.figure.value, rk.kpi.kind)
            _number(ws, row, 4, s.previous, rk.kpi.kind)
            _number(ws, row, 5, s.change, rk.kpi.kind)
            _text(ws, row, 6, _("滞后") if s.lagging else "")
        row += 1
    ws.column_dimensions["B"].width = 22


def _lagging(ws: Worksheet, b: Briefing) -> None:
    _header(ws, b, _("进展滞后单位"))
    _text(ws, 3, 1, str(ctx.LAGGING_RULE))
    _text(ws, 5, 1, _("市（州）"), bold=True)
    _text(ws, 5, 2, _("列为滞后的原因"), bold=True)
    row = 5
    for p in b.lagging:
        row += 1
        _text(ws, row, 1, p.region.name)
        _text(ws, row, 2, "；".join(p.reasons))
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 80


def _prefecture(ws: Worksheet, b: Briefing, p) -> None:
    _header(ws, b, f"{p.region.name} — {b.round}")
    _text(ws, 3, 1, _("报送情况：%(s)s") % {"s": ctx.status(p)})
    if p.reasons:
        _text(ws, 4, 1, _("列为滞后：%(r)s") % {"r": "；".join(p.reasons)})
    heads = (_("指标"), _("单位"), _("本轮"), _("上轮"), _("变化"), _("说明"), _("指标代码"))
    for col, head in enumerate(heads, start=1):
        _text(ws, PREFECTURE_HEADER_ROW, col, head, bold=True)
    report = p.report if p.report is not None and p.report.state == "submitted" else None
    explanations = report.explanations if report else {}
    row = PREFECTURE_HEADER_ROW
    rates = []
    for f in p.figures:
        row += 1
        before = p.previous.get(f.kpi.key)
        _text(ws, row, 1, str(f.kpi.label))
        _text(ws, row, 2, str(f.kpi.unit))
        _number(ws, row, 3, f.value, f.kpi.kind)
        _number(ws, row, 4, before, f.kpi.kind)
        if f.value is not None and before is not None:
            _number(ws, row, 5, Decimal(f.value) - Decimal(before), f.kpi.kind)
        _text(ws, row, 6, ctx.clean(explanations.get(f.kpi.key, "")))
        _text(ws, row, 7, f.kpi.key)
        if f.kpi.kind == RATE:
            rates.append((f, before))
    row += 2
    _text(ws, row, 1, _("工作进展"), bold=True)
    cell_row = row + 1
    _text(ws, cell_row, 1, ctx.clean(report.narrative) if report else ctx.status(p))
    ws.merge_cells(start_row=cell_row, start_column=1, end_row=cell_row, end_column=6)
    ws.cell(row=cell_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[cell_row].height = 120
    for column, width in zip("ABCDEFG", (22, 8, 14, 14, 12, 40, 22), strict=True):
        ws.column_dimensions[column].width = width
    # The chart's data: the rates, now and before, in a block of their own to the right.
    top = PREFECTURE_HEADER_ROW
    for col, head in enumerate((_("比率指标"), _("本轮"), _("上轮")), start=9):
        _text(ws, top, col, head, bold=True)
    for i, (f, before) in enumerate(rates, start=1):
        _text(ws, top + i, 9, str(f.kpi.label))
        _number(ws, top + i, 10, f.value, RATE)
        _number(ws, top + i, 11, before, RATE)
    if rates:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.title = _("比率指标：本轮与上轮（%）")
        chart.add_data(
            Reference(ws, min_col=10, max_col=11, min_row=top, max_row=top + len(rates)),
            titles_from_data=True,
        )
        chart.set_categories(Reference(ws, min_col=9, min_row=top + 1, max_row=top + len(rates)))
        chart.height, chart.width = 8, 16
        ws.add_chart(chart, f"I{top + len(rates) + 2}")


def render(b: Briefing, kind: str) -> bytes:
    """The workbook of `kind` as .xlsx bytes: the bulletin's opens on the lagging units."""
    book = Workbook()
    summary = book.active
    summary.title = _("汇总")
    _summary(summary, b, kind)
    if kind == Kind.BULLETIN:
        _lagging(book.create_sheet(_("滞后单位"), 0), b)
        _rankings(book.create_sheet(_("排名")), b)
    else:
        _rankings(book.create_sheet(_("排名")), b)
        _lagging(book.create_sheet(_("滞后单位")), b)
    taken = set(book.sheetnames)
    for p in b.prefectures:
        _prefecture(book.create_sheet(ctx.sheet_name(p.region.name, taken)), b, p)
    book.properties.title = ctx.title(b, kind)
    book.properties.creator = b.round.region.name
    out = BytesIO()
    book.save(out)
    return out.getvalue()
