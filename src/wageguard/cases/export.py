"""案件台账 Excel export: the list page's cases in the columns a bureau reports with.

Streams through `core.xlsx`: the cases are read `CHUNK` at a time and each chunk costs two
queries whatever its size: the cases themselves, with the worker totals, the latest transfer and
the columns other apps register (`extensions.EXPORT_COLUMNS`: the latest credit listing) as
correlated subqueries (one row per case, no GROUP BY over every
column), and their measures with the documents' numbers (prefetched per chunk).

No personal data: the ledger names units, never workers, so every role that may view cases
gets the same columns.
"""

from __future__ import annotations

from decimal import Decimal
from typing import IO

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from wageguard.core.deadlines import Clock, Sla
from wageguard.core.xlsx import CHUNK, Ledger

from .extensions import EXPORT_COLUMNS
from .models import CaseWorker, Decision, PoliceTransfer
from .rules import DecisionKind, State, TransferResponse

TITLE = "案件台账"
COLUMNS: list[tuple[str, int]] = [
    ("案件编号", 24),
    ("辖区", 16),
    ("承办机构", 26),
    ("用人单位", 30),
    ("统一社会信用代码", 21),
    ("来源", 18),
    ("立案日期", 11),
    ("办案期限", 11),
    ("时限状态", 16),
    ("状态", 14),
    ("劳动者人数", 10),
    ("欠薪金额", 14),
    ("已追回金额", 14),
    ("措施（种类与文号）", 56),
    ("移送公安", 20),
]
SOURCES = {"inspection": "检查发现", "other": "其他来源", "warning": "工程项目预警"}


def columns() -> list[tuple[str, int]]:
    """The ledger's own columns, then those other apps register (the credit listing's)."""
    return [*COLUMNS, *((c.header, c.width) for c in EXPORT_COLUMNS)]


_MONEY = DecimalField(max_digits=16, decimal_places=2)


def annotated(qs: QuerySet) -> QuerySet:
    """`qs` with what the ledger shows beyond the case's own columns, in the same query."""
    workers = CaseWorker.objects.filter(case=OuterRef("pk")).order_by().values("case")

    def total(field: str) -> Coalesce:
        sums = workers.annotate(total=Sum(field)).values("total")
        return Coalesce(
            Subquery(sums, output_field=_MONEY), Value(Decimal("0")), output_field=_MONEY
        )

    counts = workers.annotate(n=Count("pk")).values("n")
    transfer = PoliceTransfer.objects.filter(case=OuterRef("pk")).order_by("-transferred_on", "-pk")
    extra: dict = {}
    for column in EXPORT_COLUMNS:
        extra.update(column.annotations())
    return qs.select_related("region", "agency").annotate(
        clue_code=F("clue__tracking_code"),
        n_workers=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0)),
        owed=total("amount_owed"),
        recovered=total("amount_recovered"),
        transferred_on=Subquery(transfer.values("transferred_on")[:1]),
        transfer_response=Subquery(transfer.values("response")[:1]),
        **extra,
    )


def _labels(choices) -> dict[str, str]:
    # Labels are lazy translations; openpyxl writes only plain values.
    return {key: str(label) for key, label in choices}


def write(qs: QuerySet, clock: Clock) -> Ledger:
    """The ledger of `qs` (already restricted, filtered and ordered), ready to save."""
    states, slas, responses, kinds = (
        _labels(c)
        for c in (State.choices, Sla.choices, TransferResponse.choices, DecisionKind.choices)
    )
    measures = Prefetch(
        "decisions",
        Decision.objects.select_related("document").only(
            "case_id", "kind", "issued_on", "document__number"
        ),
    )
    ledger = Ledger(TITLE, columns())
    for case in annotated(qs).prefetch_related(measures).iterator(chunk_size=CHUNK):
        sla = slas[clock.of(case)]
        if case.extended:
            sla += "（已延期）"
        if case.due_provisional:
            sla += "（期限暂定）"
        transfer = ""
        if case.transferred_on:
            response = responses.get(case.transfer_response, case.transfer_response)
            transfer = f"{case.transferred_on:%Y-%m-%d} 移送，{response}"
        ledger.append(
            [
                case.number,
                f"{case.region.name}（{case.region_id}）",
                case.agency.name,
                case.employer_name,
                case.employer_credit_code,
                f"线索 {case.clue_code}" if case.clue_code else SOURCES.get(case.source, ""),
                ledger.date(case.filed_on),
                ledger.date(case.due_date),
                sla,
                states.get(case.state, case.state),
                case.n_workers,
                ledger.money(case.owed),
                ledger.money(case.recovered),
                "；".join(
                    f"{kinds.get(d.kind, d.kind)} {d.document.number}"
                    if d.document_id
                    else kinds.get(d.kind, d.kind)
                    for d in case.decisions.all()
                ),
                transfer,
                *(column.value(case) for column in EXPORT_COLUMNS),
            ]
        )
    return ledger


def build(qs: QuerySet, clock: Clock) -> tuple[IO[bytes], int]:
    """The workbook in a temporary file (deleted when closed), rewound, and its row count."""
    ledger = write(qs, clock)
    return ledger.save(), ledger.rows
