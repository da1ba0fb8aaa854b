"""Pure rules of channel checks: no ORM, no request.

Source: DOMAIN measure 7 ("open complaint channels: window, phone, network, mailbox; spot checks
and undercover visits; fix the first kilometre"). What a failed check leads to, the problem
ledger, is the campaigns app's (`campaigns.rules`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.campaigns import rules as ledger_rules

# The ledger's rectification period and due-soon margin (working days), for the record form.
RECTIFICATION_WORKDAYS = ledger_rules.RECTIFICATION_WORKDAYS
DUE_SOON_WORKDAYS = ledger_rules.DUE_SOON_WORKDAYS


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


def pass_rate(done: int, failed: int) -> float | None:
    """Share of checks passed, 0-100, or None when nothing was checked."""
    if done <= 0:
        return None
    return round(100.0 * (done - failed) / done, 1)
