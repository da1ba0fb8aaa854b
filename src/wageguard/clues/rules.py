"""Pure clue rules: states, the one transition table, deadlines, SLA and urgency. No ORM here.

Legal basis: a complaint is accepted or refused in writing within 5 working days
(关于实施《劳动保障监察条例》若干规定 art. 20-21); refusal grounds: violation older than
2 years (Decree 423 art. 20), no identifiable employer, no jurisdiction (Decree 423 art. 13).
The national clue platform's verify and reply limits are not published: configurable per
province, default 10 working days, 5 for listed supervision (DOMAIN section 2).
"""

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from lunardate import LunarDate

from wageguard.core.deadlines import Sla, sla_state  # noqa: F401  (the clue SLA is the shared one)
from wageguard.core.workflow import Workflow


class State(models.TextChoices):
    RECEIVED = "received", _("已接收")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    VERIFYING = "verifying", _("核查中")
    RESOLVED = "resolved", _("已化解")
    UNSUBSTANTIATED = "unsubstantiated", _("查无实据")
    REFERRED = "referred", _("已转办")
    CONVERTED = "converted", _("已立案")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已合并")


class Action(models.TextChoices):
    ACCEPT = "accept", pgettext_lazy("clue action", "受理")
    REJECT = "reject", pgettext_lazy("clue action", "不予受理")
    START_VERIFICATION = "start_verification", pgettext_lazy("clue action", "开始核查")
    RESOLVE = "resolve", pgettext_lazy("clue action", "化解")
    MARK_UNSUBSTANTIATED = "mark_unsubstantiated", pgettext_lazy("clue action", "查无实据")
    REFER = "refer", pgettext_lazy("clue action", "转办")
    CONVERT_TO_CASE = "convert_to_case", pgettext_lazy("clue action", "转立案")
    REPLY = "reply", pgettext_lazy("clue action", "答复")
    CLOSE = "close", pgettext_lazy("clue action", "办结")
    REOPEN = "reopen", pgettext_lazy("clue action", "重新办理")
    TRANSFER = "transfer", pgettext_lazy("clue action", "移交")
    MERGE = "merge", pgettext_lazy("clue action", "合并")
    UNMERGE = "unmerge", pgettext_lazy("clue action", "取消合并")


class Channel(models.TextChoices):
    WEB = "web", _("网上/手机")
    HOTLINE_12333 = "hotline_12333", _("12333 热线")
    WINDOW = "window", _("窗口")
    LETTER = "letter", _("来信/信箱")
    PUBLIC_OPINION = "public_opinion", _("舆情")
    INSPECTION = "inspection", _("检查发现")
    UNDERCOVER = "undercover", _("暗访发现")
    NATIONAL_PLATFORM = "national_platform", _("全国根治欠薪线索反映平台")


class Sector(models.TextChoices):
    CONSTRUCTION = "construction", _("工程建设领域")
    OTHER = "other", _("其他领域")


class RejectReason(models.TextChoices):
    """不予受理的理由 (Decree 423 arts. 13 and 20; 若干规定 art. 21)."""

    TIME_BARRED = "time_barred", _("违法行为已超过两年（《劳动保障监察条例》第二十条）")
    NO_EMPLOYER = "no_employer", _("无明确的用人单位")
    NO_JURISDICTION = "no_jurisdiction", _("不属本机关管辖（《劳动保障监察条例》第十三条）")
    NOT_WAGE_MATTER = "not_wage_matter", _("不属于劳动保障监察事项")
    SUPPLEMENT = "supplement", _("材料不全，请补正后重新反映")


class Resolution(models.TextChoices):
    PAID_IN_FULL = "paid_in_full", _("全额支付")
    PAID_IN_PART = "paid_in_part", _("部分支付")
    MEDIATED = "mediated", _("调解化解")


class ReferralTarget(models.TextChoices):
    ARBITRATION = "arbitration", _("劳动人事争议仲裁")
    COURT = "court", _("人民法院")
    OTHER_DEPARTMENT = "other_department", _("其他部门")


class RecoveryMethod(models.TextChoices):
    EMPLOYER = "employer", _("用人单位支付")
    GENERAL_CONTRACTOR = "general_contractor", _("总承包单位先行清偿")
    WAGE_DEPOSIT = "wage_deposit", _("工资保证金支付")
    EMERGENCY_FUND = "emergency_fund", _("应急周转金垫付")


# The one table of allowed moves: (state, action) -> new state (DESIGN: Workflow).
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.RECEIVED, Action.ACCEPT): State.ACCEPTED,
    (State.RECEIVED, Action.REJECT): State.REJECTED,
    (State.RECEIVED, Action.TRANSFER): State.RECEIVED,
    (State.RECEIVED, Action.MERGE): State.MERGED,
    (State.ACCEPTED, Action.START_VERIFICATION): State.VERIFYING,
    (State.ACCEPTED, Action.TRANSFER): State.RECEIVED,
    (State.ACCEPTED, Action.MERGE): State.MERGED,
    (State.VERIFYING, Action.RESOLVE): State.RESOLVED,
    (State.VERIFYING, Action.MARK_UNSUBSTANTIATED): State.UNSUBSTANTIATED,
    (State.VERIFYING, Action.REFER): State.REFERRED,
    (State.VERIFYING, Action.CONVERT_TO_CASE): State.CONVERTED,
    (State.RESOLVED, Action.REPLY): State.REPLIED,
    (State.UNSUBSTANTIATED, Action.REPLY): State.REPLIED,
    (State.REFERRED, Action.REPLY): State.REPLIED,
    (State.CONVERTED, Action.REPLY): State.REPLIED,
    (State.REJECTED, Action.CLOSE): State.CLOSED,
    (State.REPLIED, Action.CLOSE): State.CLOSED,
    (State.REPLIED, Action.REOPEN): State.VERIFYING,
    (State.CLOSED, Action.REOPEN): State.VERIFYING,
    (State.MERGED, Action.UNMERGE): State.RECEIVED,
}

# A sorted tuple, not a set: SQL renders it in this order, which must be the same every time for
# the partial indexes on open clues to match the queries (and the migrations to stay stable).
OPEN_STATES: tuple[str, ...] = tuple(
    sorted(
        {
            State.RECEIVED,
            State.ACCEPTED,
            State.VERIFYING,
            State.RESOLVED,
            State.UNSUBSTANTIATED,
            State.REFERRED,
            State.CONVERTED,
        }
    )
)
# The reporter's view of the workflow (public timeline): coarse, never naming staff.
PUBLIC_STAGE = {
    State.RECEIVED: "received",
    State.ACCEPTED: "accepted",
    State.REJECTED: "replied",
    State.VERIFYING: "verifying",
    State.RESOLVED: "verifying",
    State.UNSUBSTANTIATED: "verifying",
    State.REFERRED: "verifying",
    State.CONVERTED: "verifying",
    State.REPLIED: "replied",
    State.CLOSED: "closed",
    State.MERGED: "verifying",
}
PUBLIC_STAGES = ["received", "accepted", "verifying", "replied", "closed"]


WORKFLOW = Workflow(TRANSITIONS, State, Action)
next_state = WORKFLOW.next
allowed_actions = WORKFLOW.allowed


@dataclass(frozen=True)
class UrgencySettings:
    workers: int = 10
    amount: Decimal = Decimal("500000")
    keywords: tuple[str, ...] = (
        "跳楼",
        "堵路",
        "聚集",
        "自杀",
        "上访",
        "群体",
        "讨薪视频",
        "拉横幅",
        "爬塔吊",
    )
    festival_window_days: int = 30


@functools.cache
def spring_festival(year: int) -> dt.date:
    """Lunar new year's day (春节) of `year`."""
    return LunarDate(year, 1, 1).to_solar_date()


def urgent_reasons(
    *,
    workers_owed: int | None,
    amount_owed: Decimal | None,
    text: str,
    sector: str,
    received_on: dt.date,
    rules: UrgencySettings,
) -> list[str]:
    """Why a clue must escalate at once; empty when it need not. Each reason explains itself.

    Many workers and large sums raise the risk of mass incidents; certain words in the description
    signal extreme-incident risk (measure 6); construction arrears peak before Spring Festival
    (Sichuan's winter action: cleared "before Spring Festival").
    """
    reasons = []
    if workers_owed and workers_owed >= rules.workers:
        reasons.append(f"涉及 {workers_owed} 名劳动者（≥ {rules.workers} 人）")
    if amount_owed is not None and amount_owed >= rules.amount:
        reasons.append(f"欠薪金额 {amount_owed:,.2f} 元（≥ {rules.amount:,.0f} 元）")
    found = [word for word in rules.keywords if word and word in text]
    if found:
        reasons.append("出现极端事件风险词：" + "、".join(found))
    if sector == Sector.CONSTRUCTION:
        for year in (received_on.year, received_on.year + 1):
            festival = spring_festival(year)
            if (
                dt.timedelta(0)
                <= festival - received_on
                <= dt.timedelta(days=rules.festival_window_days)
            ):
                reasons.append(
                    f"工程建设领域，距春节（{festival:%m月%d日}）"
                    f"不足 {rules.festival_window_days} 天"
                )
                break
    return reasons
