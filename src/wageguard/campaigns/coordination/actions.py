"""The assignment's actions: one declaration each, from which the detail page's forms, the one
action view, the API's transitions endpoint (its `action` literal), the offered buttons and the
history label derive (DESIGN "Actions")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import AcceptForm, AnswerForm, ReturnForm
from .models import Assignment
from .rules import Action, Step


@dataclass(frozen=True)
class AssignmentAction:
    name: str
    label: str | Promise
    form: type[forms.Form]
    danger: bool = False

    def run(self, assignment: Assignment, user: Any, data: dict) -> Assignment:
        return services.transition(
            user, assignment, self.name, data.get("note", ""), data.get("files") or ()
        )

    def applies(self, assignment: Assignment, user: Any) -> bool:
        return self.name in services.available_actions(user, assignment)


ACTIONS: dict[str, AssignmentAction] = {
    a.name: a
    for a in (
        AssignmentAction(Action.ANSWER.value, Action.ANSWER.label, AnswerForm),
        AssignmentAction(Action.ACCEPT.value, Action.ACCEPT.label, AcceptForm),
        AssignmentAction(Action.RETURN.value, Action.RETURN.label, ReturnForm, danger=True),
    )
}

TRANSITION_NAMES = tuple(ACTIONS)


def available_actions(assignment: Assignment, user: Any) -> list[AssignmentAction]:
    """The actions `user` may take on `assignment` now, in declaration order."""
    allowed = services.available_actions(user, assignment)
    return [a for a in ACTIONS.values() if a.name in allowed]


# What a history row's action reads as on the page: assigning, every registry action and the
# job's steps.
HISTORY_LABELS = (
    {"assign": _("交办")}
    | {a.name: a.label for a in ACTIONS.values()}
    | {s.value: s.label for s in Step}
)
