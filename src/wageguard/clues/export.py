"""线索台账 Excel export: the filtered ledger in the columns a bureau reports with.

Streams: rows are read with `iterator(chunk_size=2000)` and written by openpyxl's write-only
workbook, which spools each row to a temporary file, so a province-wide ledger never sits in
memory as objects. The recovered amount is a correlated subquery rather than a joined SUM, so
the query stays one row per clue with no GROUP BY over every column.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from typing import IO

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from wageguard.org.models import User
from wageguard.org.rules import SEES_PERSONAL_DATA
from wageguard.parties.rules import mask_id_number, mask_name, mask_phone

from .filters import SlaClock
from .models import ArrearsLine
from .rules import Channel, Sla, State

CHUNK = 2000

COLUMNS: list[tuple[str, int]] = [
    ("查询码", 14),
    ("来源渠道", 14),
    ("接收时间", 17),
    ("辖区", 14),
    ("承办机构", 24),
    ("用人单位", 30),
    ("统一社会信用代码", 21),
    ("项目名称", 28),
    ("工作地址", 32),
    ("行业", 12),
    ("涉及人数", 9),
    ("欠薪金额", 14),
    ("已追回金额", 14),
    ("状态", 10),
    ("办理期限", 12),
    ("时限状态", 10),
    ("紧急", 6),
    ("承办人", 10),
    ("答复时间", 17),
    ("满意度", 7),
    ("反映人", 10),
    ("身份证号码", 20),
    ("手机号码", 14),
]

MONEY = "#,##0.00"


def sees_personal_data(user: User) -> bool:
    return user.is_superuser or user.role in SEES_PERSONAL_DATA


def with_recovered(qs: QuerySet) -> QuerySet:
    recovered = (
        ArrearsLine.objects.filter(clue=OuterRef("pk"))
        .order_by()
        .values("clue")
        .annotate(total=Sum("amount_recovered"))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return qs.annotate(
        recovered=Coalesce(
            Subquery(recovered, output_field=money), Value(Decimal("0")), output_field=money
        )
    )


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _money_cell(sheet, value) -> WriteOnlyCell | str:
    if value is None:
        return ""
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = MONEY
    return cell


def write(qs: QuerySet, user: User, clock: SlaClock, out: IO[bytes]) -> int:
    """Writes the ledger of `qs` (already restricted and filtered) to `out`; returns the rows."""
    sees = sees_personal_data(user)
    # Labels are lazy translations; openpyxl writes only plain values.
    channels, states, slas = (
        {k: str(v) for k, v in choices} for choices in (Channel.choices, State.choices, Sla.choices)
    )
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("线索台账")
    for index, (_title, width) in enumerate(COLUMNS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title, _width in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    rows = with_recovered(qs.select_related("region", "agency", "assignee"))
    count = 0
    for clue in rows.iterator(chunk_size=CHUNK):
        due = ""
        if clue.due_date:
            due = clue.due_date.isoformat() + ("（暂定）" if clue.due_provisional else "")
        sheet.append(
            [
                clue.tracking_code,
                channels.get(clue.channel, clue.channel),
                _local(clue.received_at),
                f"{clue.region.name}（{clue.region_id}）",
                clue.agency.name,
                clue.employer_name,
                clue.employer_credit_code,
                clue.project_name,
                clue.work_address,
                str(clue.get_sector_display()),
                clue.workers_owed,
                _money_cell(sheet, clue.amount_owed),
                _money_cell(sheet, clue.recovered),
                states.get(clue.state, clue.state),
                due,
                slas[clock.of(clue)],
                "是" if clue.urgent else "",
                clue.assignee.display_name if clue.assignee_id else "",
                _local(clue.replied_at),
                clue.rating,
                clue.reporter_name if sees else mask_name(clue.reporter_name),
                clue.id_number if sees else mask_id_number(clue.id_number),
                clue.phone if sees else mask_phone(clue.phone),
            ]
        )
        count += 1
    wb.save(out)
    return count


def build(qs: QuerySet, user: User, clock: SlaClock) -> tuple[IO[bytes], int]:
    """The workbook in a temporary file (deleted when closed), rewound, and its row count."""
    # Closed by the FileResponse that streams it, hence no context manager here.
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    count = write(qs, user, clock, out)
    out.seek(0)
    return out, count
