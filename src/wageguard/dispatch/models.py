"""The dispatch app's models: those of its sub-packages, registered by name."""

from .rounds.models import (  # noqa: F401  (progress reports)
    DispatchRound,
    ProgressReport,
    ProgressReportHistory,
    ProgressReportReminder,
)
