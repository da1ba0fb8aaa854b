"""The warning actions: one declaration each, from which the page's forms, the one action view,
the API's transitions and the offered buttons derive (DESIGN "Actions"). Handing a warning on to
a clue or a case is one action per slot the apps above registered (projects.extensions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import Form

from ..extensions import WARNING_OUTCOMES
from ..models import Warning
from . import services
from .services import LABEL, Action


class NoteForm(Form):
    note = forms.CharField(label=_("说明"), max_length=2000, required=False, widget=forms.Textarea)


class ReasonForm(Form):
    note = forms.CharField(label=_("理由或处置情况"), max_length=2000, widget=forms.Textarea)


@dataclass(frozen=True)
class WarningAction:
    name: str
    label: str | Promise
    form: type[forms.Form]
    verb: str  # the workflow action (and permission) it takes
    outcome: str = ""
    danger: bool = False

    def run(self, warning: Warning, user: Any, data: dict) -> Warning:
        return services.transition(
            warning, self.verb, user, note=data.get("note", ""), outcome=self.outcome
        )


STATIC = [
    WarningAction(Action.ASSIGN, _("分派给我"), NoteForm, Action.ASSIGN),
    WarningAction(Action.HANDLE, Action.HANDLE.label, ReasonForm, Action.HANDLE),
    WarningAction(Action.VERIFY, Action.VERIFY.label, NoteForm, Action.VERIFY),
    WarningAction(Action.REJECT, Action.REJECT.label, ReasonForm, Action.REJECT, danger=True),
    WarningAction(Action.CLOSE, Action.CLOSE.label, ReasonForm, Action.CLOSE),
    WarningAction(Action.DISMISS, Action.DISMISS.label, ReasonForm, Action.DISMISS, danger=True),
]


def all_actions() -> dict[str, WarningAction]:
    """The static actions and one "to_<slot>" per outcome registered by the apps above."""
    out = {a.name: a for a in STATIC}
    for name, slot in WARNING_OUTCOMES.items():
        out[f"to_{name}"] = WarningAction(
            f"to_{name}", slot.label, NoteForm, Action.REFER, outcome=name
        )
    return out


def _may(action: WarningAction, user: Any) -> bool:
    if not user.can(action.verb, LABEL):
        return False
    if action.outcome:
        return WARNING_OUTCOMES.get(action.outcome).may(user)
    return True


def available_actions(warning: Warning, user: Any) -> list[WarningAction]:
    """What `user` may do to `warning` now (the caller has already found it visible)."""
    if not user.in_jurisdiction(warning.region_id):
        return []
    allowed = set(services.WORKFLOW.allowed(warning.state))
    return [a for a in all_actions().values() if a.verb in allowed and _may(a, user)]


ActionRunner = Callable[[Warning, Any, dict], Warning]
