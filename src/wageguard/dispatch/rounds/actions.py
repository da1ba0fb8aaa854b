"""A progress report's actions: one declaration each, for every action the rules' transition
table holds, from which the API's transitions endpoint (its `action` literal and body), the
offered actions and the history labels derive (as campaigns/coordination/actions.py).

Starting a round (`Action.REQUEST`) is no move of a report: it has its own route and service
(`services.create_round`) and reads here only as a history label."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise

from . import rules, services
from .forms import ReportForm, ReturnForm
from .models import ProgressReport
from .rules import Action


@dataclass(frozen=True)
class ReportAction:
    name: str
    label: str | Promise
    form: type[forms.Form]
    run: Callable[[ProgressReport, Any, dict], ProgressReport]
    danger: bool = False

    def applies(self, report: ProgressReport, user: Any) -> bool:
        return self.name in services.available_actions(user, report)


def _submit(report: ProgressReport, user: Any, data: dict) -> ProgressReport:
    return services.submit(user, report, data.get("narrative", ""), data.get("explanations"))


def _return(report: ProgressReport, user: Any, data: dict) -> ProgressReport:
    return services.return_report(user, report, data.get("note", ""))


# What each move of the table runs and which page form declares its input. A move added to
# `rules.TRANSITIONS` without an entry here fails at import, not on the first request.
_DECLARED: dict[str, tuple[type[forms.Form], Callable[..., ProgressReport], bool]] = {
    Action.SUBMIT: (ReportForm, _submit, False),
    Action.RETURN: (ReturnForm, _return, True),
}

ACTIONS: dict[str, ReportAction] = {
    a.value: ReportAction(a.value, a.label, *_DECLARED[a])
    for a in Action
    if any(action == a for (_state, action) in rules.TRANSITIONS)
}

TRANSITION_NAMES = tuple(ACTIONS)


def available_actions(report: ProgressReport, user: Any) -> list[ReportAction]:
    """The actions `user` may take on `report` now, in declaration order."""
    allowed = set(services.available_actions(user, report))
    return [a for a in ACTIONS.values() if a.name in allowed]


HISTORY_LABELS = {Action.REQUEST.value: Action.REQUEST.label} | {
    a.name: a.label for a in ACTIONS.values()
}
