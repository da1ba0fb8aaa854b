"""The project actions: one declaration each, from which the page's forms, the one action view,
the offered buttons and the history label derive (DESIGN "Actions")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services
from .deposits import ledger as deposit_ledger
from .deposits import services as deposit_services
from .forms import (
    AccountForm,
    DepositReleaseForm,
    DepositTopUpForm,
    EvidenceForm,
    TransitionForm,
    WageDepositForm,
)
from .models import Project
from .rules import Action, State


@dataclass(frozen=True)
class ProjectAction:
    name: str
    label: str | Promise
    form: type[forms.Form]
    run: Callable[[Project, Any, dict], Any]
    applies: Callable[[Project], bool]
    verb: str = "change"
    danger: bool = False


def _transition(action: str) -> Callable[[Project, Any, dict], Any]:
    def run(project: Project, user: Any, data: dict) -> Any:
        return services.transition(
            project, action, user, on=data.get("on"), note=data.get("note", "")
        )

    return run


def _offers(action: str) -> Callable[[Project], bool]:
    return lambda project: action in services.WORKFLOW.allowed(project.state)


ACTIONS: dict[str, ProjectAction] = {
    a.name: a
    for a in (
        *(
            ProjectAction(
                action.value,
                action.label,
                TransitionForm,
                _transition(action.value),
                _offers(action.value),
                danger=action in (Action.SUSPEND, Action.CLOSE),
            )
            for action in Action
        ),
        ProjectAction(
            "account",
            _("登记专用账户"),
            AccountForm,
            lambda p, u, d: services.record_account(p, u, **d),
            lambda p: p.state != State.CLOSED,
        ),
        ProjectAction(
            "deposit",
            _("登记工资保证金"),
            WageDepositForm,
            lambda p, u, d: services.record_deposit(p, u, **d),
            lambda p: p.state != State.CLOSED,
        ),
        ProjectAction(
            "deposit_topup",
            _("补足工资保证金"),
            DepositTopUpForm,
            lambda p, u, d: deposit_services.top_up(p, u, **d),
            lambda p: p.state != State.CLOSED and deposit_ledger.topup_owed(p),
        ),
        ProjectAction(
            "deposit_release",
            _("返还工资保证金"),
            DepositReleaseForm,
            lambda p, u, d: deposit_services.release(p, u, **d),
            lambda p: (
                deposit_services.may_release(p) and deposit_ledger.current_deposit(p) is not None
            ),
        ),
        ProjectAction(
            "evidence",
            _("上传佐证材料"),
            EvidenceForm,
            lambda p, u, d: services.add_evidence(p, u, **d),
            lambda p: p.state != State.CLOSED,
        ),
    )
}


def available_actions(project: Project, user: Any) -> list[ProjectAction]:
    """The actions `user` may take on `project` now, in declaration order."""
    if not (user.can("change", "projects.project") and user.in_jurisdiction(project.region_id)):
        return []
    return [a for a in ACTIONS.values() if a.applies(project)]


# What a history row's action reads as on the page: every registry action, and registration.
HISTORY_LABELS = {
    "register": _("登记"),
    "update": _("更新信息"),
    # Written by a case's drawdown (cases' action 从工资保证金支付), through deposits.services.
    "deposit_drawn": _("从工资保证金支付"),
} | {a.name: a.label for a in ACTIONS.values()}
