"""Pure rules of dispatch rounds and progress reports. No ORM, no request.

Source: issue 13 item 2 and DOMAIN (the province's video dispatch meeting, 视频调度会议, where each
prefecture reports its progress). No stored legal text fixes the cadence, the due date or when
to remind: the province sets cadence and due date per round; reminders go one day before the
due date and on the day after. Nothing here cites an article.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.workflow import Workflow

MAX_NARRATIVE = 2000
MAX_EXPLANATION = 500
MAX_NOTE = 1000


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("每周")
    EVERY_3_DAYS = "every3", _("每3天")
    EVERY_10_DAYS = "every10", _("每10天")


CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.EVERY_3_DAYS: 3, Cadence.EVERY_10_DAYS: 10}


class ReportState(models.TextChoices):
    REQUESTED = "requested", _("待报送")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")


class Action(models.TextChoices):
    REQUEST = "request", _("发起调度")
    SUBMIT = "submit", _("报送")
    RETURN = "return", _("退回")


# The prefecture submits; the province may return a submitted report with a note, and the
# prefecture submits it again. A returned report keeps its due date: returning buys no time.
TRANSITIONS: dict[tuple[str, str], str] = {
    (ReportState.REQUESTED, Action.SUBMIT): ReportState.SUBMITTED,
    (ReportState.RETURNED, Action.SUBMIT): ReportState.SUBMITTED,
    (ReportState.SUBMITTED, Action.RETURN): ReportState.RETURNED,
}

WORKFLOW = Workflow(TRANSITIONS, ReportState, Action)

# The permission verb (user.can(verb, "dispatch.progressreport")) each action needs.
ACTION_PERMISSION = {Action.SUBMIT: "submit", Action.RETURN: "request"}


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("到期前提醒")
    AFTER = "after", _("逾期催报")


def next_period(
    start: dt.date, end: dt.date, due: dt.date, cadence: str
) -> tuple[dt.date, dt.date, dt.date]:
    """The following round's period and due date: each shifted by the cadence's days."""
    step = dt.timedelta(days=CADENCE_DAYS[Cadence(cadence)])
    return start + step, end + step, due + step


def is_late(state: str, due: dt.date, submitted_on: dt.date | None, today: dt.date) -> bool:
    """Late: not submitted by the end of the due date. A report first submitted late stays
    late; a report returned and submitted again counts from its first submission."""
    if submitted_on is not None:
        return submitted_on > due
    return today > due


def reminder_due(due: dt.date, today: dt.date) -> str | None:
    """Which reminder a prefecture that has not reported gets today, if any: one day before the
    due date, and on the day after it."""
    if today == due - dt.timedelta(days=1):
        return ReminderKind.BEFORE
    if today == due + dt.timedelta(days=1):
        return ReminderKind.AFTER
    return None
