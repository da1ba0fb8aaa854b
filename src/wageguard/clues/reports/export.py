"""线索台账 Excel export: the filtered ledger in the columns a bureau reports with.

Streams through `core.xlsx` (write-only workbook, rows read `CHUNK` at a time), so a
province-wide ledger never sits in memory as objects. The recovered amount is a correlated
subquery rather than a joined SUM, so the query stays one row per clue with no GROUP BY over
every column.
"""

from __future__ import annotations

from decimal import Decimal
from typing import IO

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from wageguard.core.deadlines import Clock
from wageguard.core.xlsx import CHUNK, Ledger, local_time
from wageguard.org.models import User
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number, mask_name, mask_phone

from ..models import ArrearsLine
from ..rules import Channel, Sla, State

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


def write(qs: QuerySet, user: User, clock: Clock) -> Ledger:
    """The ledger of `qs` (already restricted and filtered), written and ready to save."""
    sees = sees_personal_data(user)
    # Labels are lazy translations; openpyxl writes only plain values.
    channels, states, slas = (
        {k: str(v) for k, v in choices} for choices in (Channel.choices, State.choices, Sla.choices)
    )
    ledger = Ledger("线索台账", COLUMNS)
    rows = with_recovered(qs.select_related("region", "agency", "assignee"))
    for clue in rows.iterator(chunk_size=CHUNK):
        due = ""
        if clue.due_date:
            due = clue.due_date.isoformat() + ("（暂定）" if clue.due_provisional else "")
        ledger.append(
            [
                clue.tracking_code,
                channels.get(clue.channel, clue.channel),
                local_time(clue.received_at),
                f"{clue.region.name}（{clue.region_id}）",
                clue.agency.name,
                clue.employer_name,
                clue.employer_credit_code,
                clue.project_name,
                clue.work_address,
                str(clue.get_sector_display()),
                clue.workers_owed,
                ledger.money(clue.amount_owed),
                ledger.money(clue.recovered),
                states.get(clue.state, clue.state),
                due,
                slas[clock.of(clue)],
                "是" if clue.urgent else "",
                clue.assignee.display_name if clue.assignee_id else "",
                local_time(clue.replied_at),
                clue.rating,
                clue.reporter_name if sees else mask_name(clue.reporter_name),
                clue.id_number if sees else mask_id_number(clue.id_number),
                clue.phone if sees else mask_phone(clue.phone),
            ]
        )
    return ledger


def build(qs: QuerySet, user: User, clock: Clock) -> tuple[IO[bytes], int]:
    """The workbook in a temporary file (deleted when closed), rewound, and its row count."""
    ledger = write(qs, user, clock)
    return ledger.save(), ledger.rows
