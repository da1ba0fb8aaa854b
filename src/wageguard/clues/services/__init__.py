"""Every state change of a clue, one module per concern; the names other apps and the pages use
are re-exported here (`services.intake`, `services.transition`, `services.ACTION_EFFECTS` ...)."""

from .arrears import add_arrears_line, record_recovery
from .intake import Intake, intake
from .rating import rate
from .routing import route_clue
from .steps import ACTION_EFFECTS, check_can_act, local_date
from .workflow import transition

__all__ = [
    "ACTION_EFFECTS",
    "Intake",
    "add_arrears_line",
    "check_can_act",
    "intake",
    "local_date",
    "rate",
    "record_recovery",
    "route_clue",
    "transition",
]
