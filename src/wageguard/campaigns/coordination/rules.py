"""Pure rules of coordination: assignments (交办) and the leading group (领导小组). No ORM, no
request.

Source: DOMAIN measure 5 ("coordination: HRSS leads; member units of the leading group work
together" -> assignments to other departments with deadlines and replies) and issue 12 item 4. No
stored legal text fixes the reply period or when to remind, so both are **configurable** per
province (`AssignmentSettings`, shown on the assignment pages) and nothing here cites an article.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.workflow import Workflow

# Default working days a department has to answer an assignment, counted with core.calendar from
# the day it is assigned (that day itself does not count); the platform's verify-and-reply default.
REPLY_WORKDAYS = 10
# Default working days before the reply deadline at which the department is reminded.
REMINDER_WORKDAYS = 2
# What an assigning bureau may choose for one assignment.
MIN_REPLY_WORKDAYS, MAX_REPLY_WORKDAYS = 1, 60


class GroupRole(models.TextChoices):
    """A member unit's place in the leading group (领导小组)."""

    LEADER = "leader", _("组长单位")
    DEPUTY = "deputy", _("副组长单位")
    OFFICE = "office", _("办公室所在单位")
    MEMBER = "member", _("成员单位")


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("待答复")
    ANSWERED = "answered", _("已答复待确认")
    ACCEPTED = "accepted", _("已办结")


class Action(models.TextChoices):
    ANSWER = "answer", _("答复")
    ACCEPT = "accept", _("确认办结")
    RETURN = "return", _("退回重办")


# The only allowed moves: the department answers; the assigning bureau accepts the answer or
# returns it with a note, which sends the matter back to the department. A returned assignment
# keeps its deadline: returning does not buy more time (as on the ledger).
TRANSITIONS: dict[tuple[str, str], str] = {
    (AssignmentState.ASSIGNED, Action.ANSWER): AssignmentState.ANSWERED,
    (AssignmentState.ANSWERED, Action.ACCEPT): AssignmentState.ACCEPTED,
    (AssignmentState.ANSWERED, Action.RETURN): AssignmentState.ASSIGNED,
}

WORKFLOW = Workflow(TRANSITIONS, AssignmentState, Action)

# The permission verb (user.can(verb, "campaigns.assignment")) each action needs.
ACTION_PERMISSION: dict[str, str] = {
    Action.ANSWER: "answer",
    Action.ACCEPT: "decide",
    Action.RETURN: "decide",
}


class Sla(models.TextChoices):
    OVERDUE = "overdue", _("已逾期")
    DUE_SOON = "due_soon", _("即将到期")
    ON_TIME = "on_time", _("未到期")
    ANSWERED_ON_TIME = "answered_on_time", _("按期答复")
    ANSWERED_LATE = "answered_late", _("逾期答复")


class Step(models.TextChoices):
    """A step the scheduled job takes on an assignment, once per deadline."""

    REMINDER = "reminder", _("到期提醒")
    ESCALATION = "escalation", _("逾期上报")


def is_overdue(state: str, due_date: date, today: date) -> bool:
    """Overdue: still waiting for the department's answer after the reply deadline."""
    return state == AssignmentState.ASSIGNED and today > due_date


def sla_status(
    state: str, due_date: date, today: date, soon_limit: date, answered_on: date | None
) -> str:
    """Time status from the stored deadline: a waiting assignment against today, an answered or
    accepted one by the day its (last) answer came in. `soon_limit` is the last day that counts
    as due soon."""
    if state == AssignmentState.ASSIGNED:
        if today > due_date:
            return Sla.OVERDUE
        if due_date <= soon_limit:
            return Sla.DUE_SOON
        return Sla.ON_TIME
    if answered_on is not None and answered_on > due_date:
        return Sla.ANSWERED_LATE
    return Sla.ANSWERED_ON_TIME
