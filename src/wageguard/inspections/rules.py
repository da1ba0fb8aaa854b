"""Pure rules of channel checks and the problem ledger: no ORM, no request.

Sources: DOMAIN measure 7 ("open complaint channels: window, phone, network, mailbox; spot checks
and undercover visits; fix the first kilometre") and measure 2 ("keep a problem ledger (问题台账);
supervise, notify"); the ledger item is closed (销号) by the supervising level.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.deadlines import sla_state
from wageguard.core.workflow import Workflow

# Working days a checked agency has to rectify a failed channel (整改期限), counted with
# core.calendar from the day the finding is opened (that day itself does not count).
# **Configurable** in the DOMAIN sense: no national rule fixes it; 10 working days matches the
# platform's default verify-and-reply limit. Shown on the ledger and the record form.
RECTIFICATION_WORKDAYS = 10
# A finding still open whose due date is at most this many working days away is "due soon".
DUE_SOON_WORKDAYS = 2


class CheckKind(models.TextChoices):
    TEST_CALL = "test_call", _("电话测试")
    UNDERCOVER_VISIT = "undercover_visit", _("暗访窗口")
    ONLINE_TEST = "online_test", _("网络测试")


class Channel(models.TextChoices):
    HOTLINE_12333 = "hotline_12333", _("12333 热线")
    HOTLINE_LOCAL = "hotline_local", _("本地举报投诉电话")
    WINDOW = "window", _("投诉受理窗口")
    MAILBOX = "mailbox", _("投诉信箱")
    ONLINE = "online", _("网上投诉渠道")


# Which channel each kind of check can reach: a test call dials a hotline, a visit walks up to a
# window (or drops a letter in its mailbox), an online test uses a web form or an e-mail box.
ALLOWED_CHANNELS: dict[str, frozenset[str]] = {
    CheckKind.TEST_CALL: frozenset({Channel.HOTLINE_12333, Channel.HOTLINE_LOCAL}),
    CheckKind.UNDERCOVER_VISIT: frozenset({Channel.WINDOW, Channel.MAILBOX}),
    CheckKind.ONLINE_TEST: frozenset({Channel.ONLINE, Channel.MAILBOX}),
}


class CheckResult(models.TextChoices):
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


def check_result(answered: bool, handled_correctly: bool | None) -> str:
    """A channel passes only when it answered and handled the matter correctly."""
    return CheckResult.PASSED if answered and handled_correctly else CheckResult.FAILED


class FindingSource(models.TextChoices):
    CHANNEL_CHECK = "channel_check", _("渠道暗访")
    WARNING = "warning", _("工程项目预警")


class FindingState(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFIED = "rectified", _("已整改待销号")
    CLOSED = "closed", _("已销号")


class FindingAction(models.TextChoices):
    RECTIFY = "rectify", _("报告整改")
    CLOSE = "close", _("销号")
    RETURN = "return", _("退回重新整改")


# The only allowed changes of a ledger item. The checked agency reports its rectification; the
# supervising level either closes the item (销号) or returns it when the rectification is not
# enough. A returned item keeps its original due date: returning does not buy more time.
TRANSITIONS: dict[tuple[str, str], str] = {
    (FindingState.OPEN, FindingAction.RECTIFY): FindingState.RECTIFIED,
    (FindingState.RECTIFIED, FindingAction.CLOSE): FindingState.CLOSED,
    (FindingState.RECTIFIED, FindingAction.RETURN): FindingState.OPEN,
}

# The permission verb (user.can(verb, "inspections.finding")) each action needs.
ACTION_PERMISSION: dict[str, str] = {
    FindingAction.RECTIFY: "rectify",
    FindingAction.CLOSE: "close",
    FindingAction.RETURN: "close",
}


WORKFLOW = Workflow(TRANSITIONS, FindingState, FindingAction)
next_state = WORKFLOW.next
allowed_actions = WORKFLOW.allowed


class Sla(models.TextChoices):
    OVERDUE = "overdue", _("已逾期")
    DUE_SOON = "due_soon", _("即将到期")
    ON_TIME = "on_time", _("未到期")
    DONE_ON_TIME = "done_on_time", _("按期整改")
    DONE_LATE = "done_late", _("逾期整改")


def sla_status(
    state: str, due_date: date, today: date, soon_limit: date, rectified_on: date | None
) -> str:
    """Time status derived from the stored due date (DESIGN: Deadlines).

    `soon_limit` is the date `DUE_SOON_WORKDAYS` working days after today; `rectified_on` the local
    date the rectification was last reported. An open item is judged against today, a rectified
    or closed one by when its rectification came in.
    """
    if state == FindingState.OPEN:
        return Sla(sla_state(due_date, today, soon_limit))
    if rectified_on is not None and rectified_on > due_date:
        return Sla.DONE_LATE
    return Sla.DONE_ON_TIME


def pass_rate(done: int, failed: int) -> float | None:
    """Share of checks passed, 0-100, or None when nothing was checked."""
    if done <= 0:
        return None
    return round(100.0 * (done - failed) / done, 1)
