"""Pure clue rules: states, the one transition table, deadlines, SLA and urgency. No ORM here.

The answer to a complaint (《关于实施〈劳动保障监察条例〉若干规定》 art. 18, key O25.18; read
only in a secondary copy, docs/legal-sources.md §2 and §20): accepted or not within 5 working
days of receipt, and an accepted complaint is filed for investigation on the day it is accepted.
Of the conditions of acceptance, only the first one failed (a violation older than 2 years,
Decree 423 art. 20) gets a written refusal (不予受理); no identifiable employer or incomplete
material: the complainant is told to supplement (补正) and the clue waits for it; a matter outside
labour security supervision or another bureau's jurisdiction (Decree 423 art. 13): the
complainant is told where to go (告知向有关部门提出), which is not a refusal.
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

from wageguard.core import legal
from wageguard.core.calendar import DateAnswer, add_months, add_workdays
from wageguard.core.deadlines import Sla, sla_state  # noqa: F401  (the clue SLA is the shared one)
from wageguard.core.workflow import Workflow


class State(models.TextChoices):
    RECEIVED = "received", _("已接收")
    ACCEPTED = "accepted", _("已受理")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("待补正")
    REJECTED = "rejected", _("不予受理")
    REDIRECTED = "redirected", _("已告知向有关部门提出")
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
    REQUEST_SUPPLEMENT = "request_supplement", pgettext_lazy("clue action", "告知补正")
    SUPPLEMENT = "supplement", pgettext_lazy("clue action", "补正材料")
    REJECT = "reject", pgettext_lazy("clue action", "不予受理")
    REDIRECT = "redirect", pgettext_lazy("clue action", "告知向有关部门提出")
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


# Complaints (投诉) are the channels a worker reports through: they are answered under 若干规定
# art. 18 (accepted within 5 working days, filed for investigation on the day accepted). Public
# opinion, inspection and undercover findings and the national platform's clues are verified
# under the province's clue limits instead.
COMPLAINT_CHANNELS = frozenset({Channel.WEB, Channel.HOTLINE_12333, Channel.WINDOW, Channel.LETTER})


def is_complaint(channel: str) -> bool:
    return channel in COMPLAINT_CHANNELS


class RejectReason(models.TextChoices):
    """不予受理的理由: only the 2-year bar (Order 25 art. 18; Decree 423 art. 20)."""

    TIME_BARRED = "time_barred", _("违法行为发生已超过两年")


# Reasons a complaint was refused before issue 9 (Order 25 art. 18 gives them a request to
# supplement or a notice where to go instead): stored on closed clues, still shown by name.
LEGACY_REJECT_REASONS = {
    "no_employer": _("无明确的用人单位（旧规则下不予受理）"),
    "no_jurisdiction": _("不属本机关管辖（旧规则下不予受理）"),
    "not_wage_matter": _("不属于劳动保障监察事项（旧规则下不予受理）"),
    "supplement": _("材料不全（旧规则下不予受理）"),
}


class SupplementReason(models.TextChoices):
    """What the complainant is asked to supplement (补正, Order 25 art. 18)."""

    EMPLOYER = "employer", _("无明确的被投诉用人单位")
    MATERIAL = "material", _("投诉材料不全")


class RedirectKind(models.TextChoices):
    """Why the complainant is told to go elsewhere (告知向有关部门提出, Order 25 art. 18)."""

    NOT_LABOUR_MATTER = "not_labour_matter", _("不属于劳动保障监察职权范围")
    OTHER_BUREAU = "other_bureau", _("不属于本部门管辖")


def reject_basis():
    """The articles a written refusal names."""
    return legal.cite("O25.18", "423.20")


def redirect_basis(kind: str):
    """The articles a notice to go elsewhere names: Order 25 art. 18, and Decree 423 art. 13
    for another bureau's jurisdiction."""
    if kind == RedirectKind.OTHER_BUREAU:
        return legal.cite("O25.18", "423.13")
    return legal.cite("O25.18")


# Decree 423 art. 17: an investigation is completed within 60 working days of filing, +30 with
# the department head's approval. cases.rules keeps the same figures for the case record; a
# complaint's limit is on the clue from its acceptance, whether or not a case is opened.
INVESTIGATION_DAYS = 60
EXTENSION_DAYS = 30


def investigation_due(filed_on: dt.date, extended: bool = False) -> DateAnswer:
    """The last day of the investigation of a complaint filed (accepted) on `filed_on`."""
    return add_workdays(filed_on, INVESTIGATION_DAYS + (EXTENSION_DAYS if extended else 0))


TIME_BAR_MONTHS = 24


def time_bar_ends(violation_ended: dt.date) -> dt.date:
    """The last day a complaint about a violation that ended (or occurred) on `violation_ended`
    is still within the 2 years of Decree 423 art. 20: the corresponding day 2 years later
    (Civil Code arts. 201-202: the first day does not count; 02-29 ends on 02-28)."""
    return add_months(violation_ended, TIME_BAR_MONTHS)


def time_barred(violation_ended: dt.date | None, received_on: dt.date) -> bool | None:
    """Whether a complaint received on `received_on` is out of the 2 years: None when the day
    the violation ended is not known (the official must establish it; a continuing violation
    counts from its end, Decree 423 art. 20 para. 2)."""
    if violation_ended is None:
        return None
    return received_on > time_bar_ends(violation_ended)


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
    (State.RECEIVED, Action.REQUEST_SUPPLEMENT): State.AWAITING_SUPPLEMENT,
    (State.RECEIVED, Action.REDIRECT): State.REDIRECTED,
    (State.AWAITING_SUPPLEMENT, Action.SUPPLEMENT): State.RECEIVED,
    (State.AWAITING_SUPPLEMENT, Action.REJECT): State.REJECTED,
    (State.AWAITING_SUPPLEMENT, Action.REDIRECT): State.REDIRECTED,
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
    (State.REDIRECTED, Action.CLOSE): State.CLOSED,
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
    State.AWAITING_SUPPLEMENT: "received",
    State.REJECTED: "replied",
    State.REDIRECTED: "replied",
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


def outcome_label(code: str) -> str:
    """The stored outcome by name, old refusal reasons included (rules.LEGACY_REJECT_REASONS)."""
    for choices in (RejectReason, RedirectKind, Resolution, ReferralTarget):
        if code in choices.values:
            return str(choices(code).label)
    if code in LEGACY_REJECT_REASONS:
        return str(LEGACY_REJECT_REASONS[code])
    named = {"unsubstantiated": State.UNSUBSTANTIATED, "converted": State.CONVERTED}
    return str(named[code].label) if code in named else code


# Listed supervision (挂牌督办). Its limit is a province setting (ClueSettings.supervision_days,
# default 5 working days: DOMAIN, the national platform's limits are configurable, not published);
# the official who lists may set another date.
class ListedState(models.TextChoices):
    LISTED = "listed", _("待报告")
    REPORTED = "reported", _("已报告待销号")
    CLOSED = "closed", _("已销号")


class ListedReminder(models.TextChoices):
    BEFORE = "before", _("临期提醒")
    OVERDUE = "overdue", _("逾期催报")


class ListedReview(models.TextChoices):
    CLOSE = "close", _("销号")
    RETURN = "return", _("退回重报")


def listed_reminder_due(
    due: dt.date, today: dt.date, due_soon_limit: dt.date, reported: bool, closed: bool
) -> str | None:
    """Which reminder a listed item gets today, if any: before its deadline from the due-soon
    margin on, and each day after it until it is reported back (the job sends one a day)."""
    if reported or closed:
        return None
    if today > due:
        return ListedReminder.OVERDUE
    if due <= due_soon_limit:
        return ListedReminder.BEFORE
    return None
