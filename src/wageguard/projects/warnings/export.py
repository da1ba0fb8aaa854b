"""预警台账 as Excel: the inbox's warnings under its filters and the viewer's jurisdiction, in
the inbox's order (overdue first, then red, orange, yellow and the deadline; decided ones newest
first), for the monthly list of warned projects a province publishes.

Streamed through `core.xlsx`, one query per `CHUNK` of warnings (with their project and county).
No personal data: a warning's summary names months, counts and amounts, never a worker; the
reason typed when it was closed passes through `parties.rules.redact_personal_data`, so an ID or
phone number an official typed there does not leave in a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core.legal import cite
from wageguard.core.xlsx import CHUNK, Ledger
from wageguard.parties.rules import redact_personal_data

from ..extensions import WARNING_OUTCOMES
from ..models import DEPARTMENTS, OPEN_STATES, Level, Warning, WarningState
from .rules import LOCAL_PRACTICE, RULES

TITLE = _l("预警台账")


def columns() -> list[tuple[str, int]]:
    return [
        (_("等级"), 6),
        (_("预警规则"), 30),
        (_("预警内容"), 48),
        (_("依据"), 30),
        (_("项目名称"), 30),
        (_("项目编码"), 20),
        (_("辖区"), 18),
        (_("行业主管部门"), 16),
        (_("状态"), 10),
        (_("发出日期"), 11),
        (_("处置期限"), 11),
        (_("逾期"), 6),
        (_("发现次数"), 8),
        (_("处置结果"), 40),
        (_("关闭日期"), 11),
    ]


def ordered(qs: QuerySet, today: dt.date) -> QuerySet:
    """The inbox's order as one sort: open warnings overdue first (`filters.page` reads the same
    order as two walks of an index, for a page; an export reads everything once)."""
    if getattr(qs, "urgent_on", None) is None:
        return qs
    overdue = Case(
        When(Q(state__in=OPEN_STATES, due_on__lt=today), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.annotate(overdue_first=overdue).order_by(
        "overdue_first", "level_rank", "due_on", "pk"
    )


def _outcome(warning: Warning) -> str:
    """What became of the warning, in words: where it was referred, or why it was closed."""
    parts = []
    if warning.outcome:
        slot = (
            WARNING_OUTCOMES.get(warning.outcome) if warning.outcome in WARNING_OUTCOMES else None
        )
        label = str(slot.label) if slot is not None else warning.outcome
        parts.append(f"{label} {warning.outcome_ref}".strip())
    if warning.state in (WarningState.CLOSED, WarningState.DISMISSED) and warning.close_reason:
        parts.append(redact_personal_data(warning.close_reason))
    return "；".join(parts)


def write(qs: QuerySet, today: dt.date) -> Ledger:
    """The ledger of `qs` (restricted and filtered by `filters.filter_warnings`), ready to save."""
    levels = {k: str(v) for k, v in Level.choices}
    states = {k: str(v) for k, v in WarningState.choices}
    departments = {k.value: str(k.label) for k in DEPARTMENTS}
    rules = {d.code: str(d.label) for d in RULES}
    local = str(LOCAL_PRACTICE)
    yes, no = _("是"), _("否")
    ledger = Ledger(str(TITLE), columns())
    rows = ordered(qs, today).select_related("project", "region")
    for w in rows.iterator(chunk_size=CHUNK):
        overdue = w.state in OPEN_STATES and w.due_on < today
        ledger.append(
            [
                levels.get(w.level, w.level),
                rules.get(w.rule, w.rule),
                w.summary,
                str(cite(w.article)) if w.article else local,
                w.project.name,
                w.project.code,
                f"{w.region.name}（{w.region_id}）",
                departments.get(w.department, w.department),
                states.get(w.state, w.state),
                ledger.date(w.issued_on),
                ledger.date(w.due_on),
                yes if overdue else no,
                w.seen_count,
                _outcome(w),
                ledger.date(w.closed_on),
            ]
        )
    return ledger


def build(qs: QuerySet, today: dt.date) -> tuple[IO[bytes], int]:
    ledger = write(qs, today)
    return ledger.save(), ledger.rows
