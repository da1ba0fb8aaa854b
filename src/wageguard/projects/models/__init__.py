"""The projects app's models, one module per concern: the project and the facts its core systems
are judged on (`project`); the roster and the monthly feeds, and the warnings, as they come."""

from .feeds import (
    AccountBalance,
    Appropriation,
    Attendance,
    FeedPush,
    MonthSummary,
    PayChannel,
    Payment,
    PayrollLine,
    RosterWorker,
)
from .project import (
    DEPARTMENTS,
    Evidence,
    Project,
    ProjectContractor,
    ProjectHistory,
    ProjectQuerySet,
    ProjectSystem,
    WageAccount,
    WageDeposit,
)

__all__ = [
    "DEPARTMENTS",
    "AccountBalance",
    "Appropriation",
    "Attendance",
    "Evidence",
    "FeedPush",
    "MonthSummary",
    "PayChannel",
    "Payment",
    "PayrollLine",
    "Project",
    "ProjectContractor",
    "ProjectHistory",
    "ProjectQuerySet",
    "ProjectSystem",
    "RosterWorker",
    "WageAccount",
    "WageDeposit",
]
