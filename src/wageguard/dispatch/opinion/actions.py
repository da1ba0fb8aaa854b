"""The item's actions: one declaration each, from which the page's forms, the one action view,
the offered buttons and the history labels derive (as campaigns/actions.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import NoteForm, PublishForm, RespondForm, RiskForm
from .models import OpinionItem
from .rules import Action


@dataclass(frozen=True)
class OpinionAction:
    name: str
    label: str | Promise
    form: type[forms.Form]
    run: Callable[[OpinionItem, Any, dict], Any]
    applies: Callable[[OpinionItem, Any], bool]
    danger: bool = False


FORMS: dict[str, type[forms.Form]] = {
    Action.RESPOND: RespondForm,
    Action.PUBLISH: PublishForm,
    Action.RAISE_RISK: RiskForm,
}


def _run(action: str) -> Callable[[OpinionItem, Any, dict], Any]:
    return lambda item, user, data: services.transition(user, item, action, data)


def _offers(action: str) -> Callable[[OpinionItem, Any], bool]:
    return lambda item, user: action in services.available_actions(user, item)


ACTIONS: dict[str, OpinionAction] = {
    a.value: OpinionAction(
        a.value,
        a.label,
        FORMS.get(a, NoteForm),
        _run(a.value),
        _offers(a.value),
        danger=a == Action.DISMISS,
    )
    for a in Action
}


def available_actions(item: OpinionItem, user: Any) -> list[OpinionAction]:
    offered = set(services.available_actions(user, item))
    return [a for a in ACTIONS.values() if a.name in offered]


HISTORY_LABELS = {
    "create": _("登记"),
    "escalate": _("极端事件风险：立即上报省专班和市局"),
} | {a.name: a.label for a in ACTIONS.values()}
