"""Early warnings on construction projects: the rules (`rules`), the scan that issues and
updates warnings and their lifecycle (`services`), and the actions offered on pages and the API
(`actions`)."""

from .rules import RULES, SIGNALS, Batch, Finding, RuleDef

__all__ = ["RULES", "SIGNALS", "Batch", "Finding", "RuleDef"]
