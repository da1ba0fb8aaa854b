"""The projects app's models, one module per concern: the project and the facts its core systems
are judged on (`project`); the roster and the monthly feeds, and the warnings, as they come."""

from .deposits import SIGN, DepositMovement, DepositSettings, MovementKind
from .feeds import (
    AccountBalance,
    Appropriation,
    Attendance,
    ClockDay,
    FeedPush,
    FeedSettings,
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
from .warnings import (
    OPEN_STATES,
    Level,
    Warning,
    WarningHistory,
    WarningRule,
    WarningState,
)

__all__ = [
    "DEPARTMENTS",
    "OPEN_STATES",
    "SIGN",
    "AccountBalance",
    "Appropriation",
    "Attendance",
    "ClockDay",
    "DepositMovement",
    "DepositSettings",
    "Evidence",
    "FeedPush",
    "FeedSettings",
    "Level",
    "MonthSummary",
    "MovementKind",
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
    "Warning",
    "WarningHistory",
    "WarningRule",
    "WarningState",
]
