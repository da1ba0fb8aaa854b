"""Every state change of a case, one module per concern: filing, the workflow transition, the
investigation record, measures, transfers to the police, supervision of late cases. Each takes
`fn(case, user, **data)`, checks the permission and the rules, and writes history and audit in
one transaction. The names other apps use are importable from here."""

from .common import MODEL, Source, clean_worker, record_view
from .filing import clue_facts, clue_months, file_case, file_from_clue, file_from_warning
from .threshold import province_name, threshold_for
from .workflow import (
    closing_blockers,
    decide_problems,
    hearing_dates,
    lapsed_pay_deadline,
    transition,
)

__all__ = [
    "MODEL",
    "Source",
    "clean_worker",
    "closing_blockers",
    "clue_facts",
    "clue_months",
    "decide_problems",
    "file_case",
    "file_from_clue",
    "file_from_warning",
    "hearing_dates",
    "lapsed_pay_deadline",
    "province_name",
    "record_view",
    "threshold_for",
    "transition",
]
