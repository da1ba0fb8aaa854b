"""Pure rules of public opinion items: channels, risk levels, the one transition table and the
hour-level deadlines. No ORM here.

Urgency is the clues app's, not a second scale: the words that make a clue urgent
(`clues.rules.UrgencySettings.keywords`, kept per province in 线索办理参数) raise an item to the
extreme-incident risk, and an item at that risk escalates at once as an urgent clue does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.workflow import Workflow


class Source(models.TextChoices):
    MEDIA = "media", _("新闻媒体")
    WEIBO = "weibo", _("微博")
    WECHAT = "wechat", _("微信")
    SHORT_VIDEO = "short_video", _("短视频")
    FORUM = "forum", _("论坛/贴吧")
    OTHER = "other", _("其他")


class OpinionRisk(models.TextChoices):
    LOW = "low", _("低")
    MEDIUM = "medium", _("中")
    HIGH = "high", _("高")
    EXTREME = "extreme", _("极端事件风险")


RISK_ORDER = [OpinionRisk.LOW, OpinionRisk.MEDIUM, OpinionRisk.HIGH, OpinionRisk.EXTREME]


class OpinionState(models.TextChoices):
    NEW = "new", _("待核实")
    VERIFIED = "verified", _("已核实待回应")
    DISMISSED = "dismissed", _("经核不实")
    RESPONDED = "responded", _("已回应待发布")
    PUBLISHED = "published", _("已发布回应")
    CLOSED = "closed", _("已办结")


class Action(models.TextChoices):
    VERIFY = "verify", _("核实属实")
    DISMISS = "dismiss", _("核实不实")
    RESPOND = "respond", _("回应处置（关联线索或案件）")
    PUBLISH = "publish", _("发布回应")
    CLOSE = "close", _("办结")
    RAISE_RISK = "raise_risk", _("调整风险等级")


OPEN_STATES = (OpinionState.NEW, OpinionState.VERIFIED, OpinionState.RESPONDED)

# The only allowed moves. Raising the risk leaves the state as it is.
TRANSITIONS: dict[tuple[str, str], str] = {
    (OpinionState.NEW, Action.VERIFY): OpinionState.VERIFIED,
    (OpinionState.NEW, Action.DISMISS): OpinionState.DISMISSED,
    (OpinionState.VERIFIED, Action.RESPOND): OpinionState.RESPONDED,
    (OpinionState.RESPONDED, Action.PUBLISH): OpinionState.PUBLISHED,
    (OpinionState.PUBLISHED, Action.CLOSE): OpinionState.CLOSED,
    (OpinionState.DISMISSED, Action.CLOSE): OpinionState.CLOSED,
    **{(s, Action.RAISE_RISK): s for s in OPEN_STATES},
}
WORKFLOW = Workflow(TRANSITIONS, OpinionState, Action)

# Hours from the time an item was seen (`seen_at`) to verify it, to respond (link it to a clue or
# case) and to publish a response. LOCAL PRACTICE, not law: no stored text gives deadlines for
# wage-arrears public opinion (searched 舆情 处置 时限 小时 in the reference corpus: only
# third-party commentary, e.g. "red alert within 1 hour", nothing authoritative), so these are
# the working figures of this deployment, to be replaced by the province's own when it sets them.
DEADLINE_HOURS: dict[str, tuple[int, int, int]] = {
    OpinionRisk.LOW: (24, 72, 120),
    OpinionRisk.MEDIUM: (12, 48, 72),
    OpinionRisk.HIGH: (4, 24, 48),
    OpinionRisk.EXTREME: (1, 6, 24),
}


def deadlines(seen_at: dt.datetime, risk: str) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """Verify, respond and publish-by, counted in clock hours from when the item was seen:
    opinion does not wait for working days."""
    verify, respond, publish = DEADLINE_HOURS[risk]
    return (
        seen_at + dt.timedelta(hours=verify),
        seen_at + dt.timedelta(hours=respond),
        seen_at + dt.timedelta(hours=publish),
    )


def higher(a: str, b: str) -> str:
    return a if RISK_ORDER.index(a) >= RISK_ORDER.index(b) else b


def assessed_risk(
    chosen: str, text: str, workers: int | None, keywords: Iterable[str], workers_threshold: int
) -> tuple[str, list[str]]:
    """The risk an item stands at and why, by the clues' urgency rules: a word the province lists
    as signalling an extreme incident (跳楼, 聚集...) makes it extreme; as many workers as make a
    clue urgent make it at least high. A person may set it higher, never lower than the rules."""
    reasons: list[str] = []
    risk = chosen
    found = [w for w in keywords if w and w in text]
    if found:
        reasons.append("出现极端事件风险词：" + "、".join(found))
        risk = OpinionRisk.EXTREME
    if workers and workers >= workers_threshold:
        reasons.append(f"涉及 {workers} 名劳动者（≥ {workers_threshold} 人）")
        risk = higher(risk, OpinionRisk.HIGH)
    return risk, reasons


def due_field(state: str) -> str | None:
    """Which deadline the item's current state runs against."""
    return {
        OpinionState.NEW: "verify_due",
        OpinionState.VERIFIED: "respond_due",
        OpinionState.RESPONDED: "publish_due",
    }.get(state)
