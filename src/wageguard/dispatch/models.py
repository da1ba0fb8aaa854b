"""The dispatch app's models: those of its sub-packages, registered by name."""

from .documents.models import DispatchDocument  # noqa: F401
from .kpis.models import KpiDaily, KpiDay  # noqa: F401  (precomputed KPI counts)
from .opinion.models import OpinionHistory, OpinionItem  # noqa: F401
from .rounds.models import (  # noqa: F401  (progress reports)
    DispatchRound,
    ProgressReport,
    ProgressReportHistory,
    ProgressReportReminder,
)
