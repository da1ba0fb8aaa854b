"""The ledger's actions: one declaration each, from which the item page's forms, the one action
view, the API's transition endpoint (its `action` literal), the offered buttons and the history
label derive (DESIGN "Actions")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import EvidenceForm, NoteForm, RectifyForm
from .models import LedgerItem
from .rules import Action


@dataclass(frozen=True)
class LedgerAction:
    name: str
    label: str | Promise
    form: type[forms.Form]
    run: Callable[[LedgerItem, Any, dict], Any]
    # Whether `user` may take it on the item as it stands (state and who they are).
    applies: Callable[[LedgerItem, Any], bool]
    # Part of the workflow table, so also offered on the API's transitions endpoint.
    workflow: bool = True
    danger: bool = False


def _transition(action: str) -> Callable[[LedgerItem, Any, dict], Any]:
    def run(item: LedgerItem, user: Any, data: dict) -> Any:
        return services.transition(user, item, action, data.get("note", ""), data.get("file"))

    return run


def _offers(action: str) -> Callable[[LedgerItem, Any], bool]:
    return lambda item, user: action in services.available_actions(user, item)


ACTIONS: dict[str, LedgerAction] = {
    a.name: a
    for a in (
        *(
            LedgerAction(
                action.value,
                action.label,
                RectifyForm if action == Action.RECTIFY else NoteForm,
                _transition(action.value),
                _offers(action.value),
                danger=action in (Action.RETURN, Action.ACCOUNT),
            )
            for action in Action
        ),
        LedgerAction(
            "evidence",
            _("上传整改佐证"),
            EvidenceForm,
            lambda item, user, data: services.add_evidence(user, item, **data),
            lambda item, user: services.may_add_evidence(user, item),
            workflow=False,
        ),
    )
}

# The API's transitions: the workflow actions (evidence comes with a file, through the page).
TRANSITION_NAMES = tuple(a.name for a in ACTIONS.values() if a.workflow)


def available_actions(item: LedgerItem, user: Any) -> list[LedgerAction]:
    """The actions `user` may take on `item` now, in declaration order."""
    return [a for a in ACTIONS.values() if a.applies(item, user)]


# What a history row's action reads as on the page: every registry action, and opening.
HISTORY_LABELS = {
    "open": _("建账"),
    "remind": _("到期提醒"),
    "escalate": _("逾期升级督办"),
} | {a.name: a.label for a in ACTIONS.values()}
