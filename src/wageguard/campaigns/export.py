"""问题台账 as .xlsx in the form offices keep it: a summary sheet (one row per division: items by
state and overdue), then one sheet per county (or prefecture or province for items of those
bureaus), rows in due-date order. Written through `core.xlsx.Ledger` (write-only, streamed,
text that looks like a formula kept as text)."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wageguard.core.xlsx import CHUNK, Ledger, local_time
from wageguard.regions.models import Region

from .models import LedgerItem
from .rules import LedgerState, Sla, Source, SupervisionLevel, UnitKind, sla_status

TITLE = gettext_lazy("问题台账")
# Excel refuses sheet titles over 31 characters and these characters.
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(region: Region) -> str:
    """`<code> <name>`: unique per division (names repeat across prefectures), at most 31."""
    return f"{region.code} {region.name}".translate(_SHEET_FORBIDDEN)[:31]


def summary_columns() -> list[tuple[str, int]]:
    return [
        (_("行政区划代码"), 14),
        (_("行政区划"), 18),
        (_("问题总数"), 10),
        (_("待整改"), 10),
        (_("已整改待核验"), 14),
        (_("已销号"), 10),
        (_("已逾期"), 10),
    ]


def item_columns() -> list[tuple[str, int]]:
    return [
        (_("序号"), 6),
        (_("编号"), 8),
        (_("来源"), 12),
        (_("责任机构"), 24),
        (_("责任主体"), 24),
        (_("问题描述"), 50),
        (_("建账日期"), 12),
        (_("整改期限"), 12),
        (_("时限"), 10),
        (_("状态"), 14),
        (_("督办"), 10),
        (_("通报"), 6),
        (_("整改情况"), 40),
        (_("整改报告时间"), 17),
        (_("销号人"), 12),
        (_("销号时间"), 17),
        (_("专项行动"), 24),
    ]


def _unit(item: LedgerItem, kinds: dict[str, str]) -> str:
    name = ""
    if item.unit_kind == UnitKind.ENTERPRISE and item.enterprise_id:
        name = item.enterprise.name
    elif item.unit_kind == UnitKind.PROJECT and item.project_id:
        name = item.project.name
    else:
        name = item.agency.name
    return f"{kinds.get(item.unit_kind, item.unit_kind)}：{name}"


def write(qs: QuerySet, today: dt.date, soon: dt.date) -> Ledger:
    """The ledger of `qs` (restricted and filtered by `filters.filter_ledger`), ready to save."""
    by_region = (
        qs.order_by()
        .values("region_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(state=LedgerState.OPEN)),
            rectified=Count("pk", filter=Q(state=LedgerState.RECTIFIED)),
            closed=Count("pk", filter=Q(state=LedgerState.CLOSED)),
            overdue=Count("pk", filter=Q(state=LedgerState.OPEN, due_date__lt=today)),
        )
        .order_by("region_id")
    )
    counts = list(by_region)
    regions = Region.objects.in_bulk([c["region_id"] for c in counts])
    ledger = Ledger(str(_("汇总")), summary_columns())
    for c in counts:
        region = regions[c["region_id"]]
        ledger.append(
            [
                region.code,
                region.name,
                c["total"],
                c["open"],
                c["rectified"],
                c["closed"],
                c["overdue"],
            ]
        )
    sources = {k: str(v) for k, v in Source.choices}
    states = {k: str(v) for k, v in LedgerState.choices}
    levels = {k: str(v) for k, v in SupervisionLevel.choices}
    kinds = {k: str(v) for k, v in UnitKind.choices}

    slas = {k: str(v) for k, v in Sla.choices}
    yes, no = _("是"), _("否")
    rows = qs.select_related("agency", "enterprise", "project", "campaign", "closed_by").order_by(
        "region_id", "due_date", "pk"
    )
    current, number = None, 0
    for item in rows.iterator(chunk_size=CHUNK):
        if item.region_id != current:
            current, number = item.region_id, 0
            ledger.add_sheet(sheet_title(regions[item.region_id]), item_columns())
        number += 1
        rectified_on = timezone.localdate(item.rectified_at) if item.rectified_at else None
        sla = sla_status(item.state, item.due_date, today, soon, rectified_on)
        ledger.append(
            [
                number,
                item.pk,
                sources.get(item.source, item.source),
                item.agency.name,
                _unit(item, kinds),
                item.description,
                ledger.date(timezone.localdate(item.opened_at)),
                ledger.date(item.due_date),
                slas.get(sla, sla),
                states.get(item.state, item.state),
                levels.get(item.supervision_level, ""),
                yes if item.notified else no,
                item.rectification_note,
                local_time(item.rectified_at),
                item.closed_by.display_name if item.closed_by_id else "",
                local_time(item.closed_at),
                item.campaign.name if item.campaign_id else "",
            ]
        )
    return ledger


def build(qs: QuerySet, today: dt.date, soon: dt.date) -> tuple[IO[bytes], int]:
    ledger = write(qs, today, soon)
    return ledger.save(), ledger.rows
