"""Pure rules of campaigns and the problem ledger: no ORM, no request.

Sources: DOMAIN measure 2 ("keep a problem ledger (问题台账); supervise, notify") and measure 7
(spot checks of the complaint channels feed it); issue 12 (winter campaigns run as sweeps whose
problems go into one ledger, are supervised (督办), notified (通报), lead to accountability (问责)
and are closed (销号) only after a second person verifies them on evidence). No stored legal text
fixes the rectification period or who verifies: the working days are a configurable default and
the verifier rule is the platform's (a level above, or another member at the top), so nothing here
cites an article.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.deadlines import sla_state
from wageguard.core.workflow import Workflow

# Working days a responsible unit has to rectify an item (整改期限), counted with core.calendar
# from the day the item is opened (that day itself does not count). **Configurable** in the
# DOMAIN sense: no national rule fixes it; 10 working days matches the platform's default
# verify-and-reply limit. Shown on the ledger and the forms that open items.
RECTIFICATION_WORKDAYS = 10
# An item still open whose due date is at most this many working days away is "due soon".
DUE_SOON_WORKDAYS = 2


class CampaignKind(models.TextChoices):
    WINTER = "winter", _("冬季专项行动")
    SUMMER = "summer", _("夏季专项行动")
    SPECIAL = "special", _("专项治理")
    OTHER = "other", _("其他专项行动")


class Sector(models.TextChoices):
    CONSTRUCTION = "construction", _("工程建设")
    MANUFACTURING = "manufacturing", _("加工制造")
    SERVICES = "services", _("餐饮服务")
    TRANSPORT = "transport", _("交通运输")
    WATER = "water", _("水利")
    OTHER = "other", _("其他行业")


class Metric(models.TextChoices):
    """What a target measures (`campaigns.metrics.MEASURERS` holds how each is measured from the
    campaign's counts; a metric without a measurer is shown as not measured). The sweeps add the
    measurer of PROJECTS_INSPECTED_RATE (coverage); OTHER is never measured."""

    LEDGER_CLOSED_RATE = "ledger_closed_rate", _("问题销号率（%）")
    LEDGER_OPEN = "ledger_open", _("未销号问题数")
    PROJECTS_INSPECTED_RATE = "projects_inspected_rate", _("在建项目检查覆盖率（%）")
    ARREARS_CLEARED_RATE = "arrears_cleared_rate", _("政府投资项目欠薪清偿率（%）")
    CLUES_DONE_RATE = "clues_done_rate", _("线索办结率（%）")
    CASES_CLOSED_RATE = "cases_closed_rate", _("案件结案率（%）")
    OUTSTANDING = "outstanding", _("未办结线索、案件和问题数")
    OTHER = "other", _("其他")


# Metrics whose target is a ceiling (met when the value is at most the goal: "zero outstanding
# before the Spring Festival"); every other metric's target is a floor (a rate to reach).
AT_MOST_METRICS = frozenset({Metric.LEDGER_OPEN, Metric.OUTSTANDING})
RATE_METRICS = frozenset(
    {
        Metric.LEDGER_CLOSED_RATE,
        Metric.PROJECTS_INSPECTED_RATE,
        Metric.ARREARS_CLEARED_RATE,
        Metric.CLUES_DONE_RATE,
        Metric.CASES_CLOSED_RATE,
    }
)


def target_met(metric: str, value: Decimal | None, goal: Decimal) -> bool | None:
    """Whether a measured value meets its target: at most the goal for a count to bring down,
    at least the goal for a rate; None when nothing could be measured (no records yet, or no
    measurer for the metric)."""
    if value is None:
        return None
    return value <= goal if metric in AT_MOST_METRICS else value >= goal


def rate(done: int | Decimal, total: int | Decimal) -> Decimal | None:
    """done / total as a percentage with one decimal, or None when there is nothing to count."""
    if not total or total <= 0:
        return None
    return (Decimal(100) * Decimal(done) / Decimal(total)).quantize(Decimal("0.1"))


class Source(models.TextChoices):
    CHANNEL_CHECK = "channel_check", _("渠道暗访")
    WARNING = "warning", _("工程项目预警")
    SWEEP = "sweep", _("拉网式排查")
    SUPERVISION = "supervision", _("督导检查")
    NATIONAL_PLATFORM = "national_platform", _("国家平台交办")
    OTHER = "other", _("其他")


class UnitKind(models.TextChoices):
    """Who must put the problem right. The responsible bureau (`agency`) always rectifies and
    reports; the unit says whom the problem is about."""

    ENTERPRISE = "enterprise", _("企业")
    PROJECT = "project", _("工程项目")
    DEPARTMENT = "department", _("部门")


class LedgerState(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFIED = "rectified", _("已整改待核验")
    CLOSED = "closed", _("已销号")


class Action(models.TextChoices):
    RECTIFY = "rectify", _("报告整改")
    VERIFY_CLOSE = "verify_close", _("核验销号")
    RETURN = "return", _("退回重新整改")
    SUPERVISE = "supervise", _("督办")
    NOTIFY = "notify", _("通报")
    ACCOUNT = "account", _("问责记录")


# The only allowed moves. The responsible bureau reports its rectification; a second person
# above it verifies on evidence and closes (销号) or returns it. A returned item keeps its due
# date: returning does not buy more time. Supervising, notifying and recording accountability
# leave the state as it is.
TRANSITIONS: dict[tuple[str, str], str] = {
    (LedgerState.OPEN, Action.RECTIFY): LedgerState.RECTIFIED,
    (LedgerState.RECTIFIED, Action.VERIFY_CLOSE): LedgerState.CLOSED,
    (LedgerState.RECTIFIED, Action.RETURN): LedgerState.OPEN,
    (LedgerState.OPEN, Action.SUPERVISE): LedgerState.OPEN,
    (LedgerState.OPEN, Action.NOTIFY): LedgerState.OPEN,
    (LedgerState.RECTIFIED, Action.NOTIFY): LedgerState.RECTIFIED,
    (LedgerState.CLOSED, Action.NOTIFY): LedgerState.CLOSED,
    (LedgerState.OPEN, Action.ACCOUNT): LedgerState.OPEN,
    (LedgerState.RECTIFIED, Action.ACCOUNT): LedgerState.RECTIFIED,
    (LedgerState.CLOSED, Action.ACCOUNT): LedgerState.CLOSED,
}

WORKFLOW = Workflow(TRANSITIONS, LedgerState, Action)

# The permission verb (user.can(verb, "campaigns.ledgeritem")) each action needs.
ACTION_PERMISSION: dict[str, str] = {
    Action.RECTIFY: "rectify",
    Action.VERIFY_CLOSE: "close",
    Action.RETURN: "close",
    Action.SUPERVISE: "supervise",
    Action.NOTIFY: "notify",
    Action.ACCOUNT: "notify",
}
# Actions taken by the responsible bureau itself; every other one comes from above it.
OWN_ACTIONS = frozenset({Action.RECTIFY})


class SupervisionLevel(models.IntegerChoices):
    """督办 level: who last pressed the responsible bureau. It only rises."""

    NONE = 0, _("未督办")
    CITY = 1, _("市级督办")
    PROVINCE = 2, _("省级督办")


LEVEL_OF_REGION = {"city": SupervisionLevel.CITY, "province": SupervisionLevel.PROVINCE}

# Reminders and escalation of open items (campaigns.jobs). **Configurable** in the DOMAIN sense,
# with the clue and case ladders' defaults: the responsible bureau is reminded this many working
# days before the due date; an overdue item goes one level up (a county's to the prefecture, a
# prefecture's to the province), and a county's goes on to the province once it is
# ESCALATE_TO_PROVINCE_AFTER_WORKDAYS working days late (clues.services.supervision).
REMINDER_WORKDAYS = DUE_SOON_WORKDAYS
ESCALATE_TO_PROVINCE_AFTER_WORKDAYS = 5


def escalation_level(agency_level: str, late_workdays: int) -> SupervisionLevel:
    """The supervision level an item of a bureau at `agency_level` ("county", "city",
    "province") has reached when it is `late_workdays` working days overdue (0: not overdue).
    The province's own items have nobody above them: they stay where they are."""
    if late_workdays <= 0:
        return SupervisionLevel.NONE
    if agency_level == "county":
        if late_workdays >= ESCALATE_TO_PROVINCE_AFTER_WORKDAYS:
            return SupervisionLevel.PROVINCE
        return SupervisionLevel.CITY
    if agency_level == "city":
        return SupervisionLevel.PROVINCE
    return SupervisionLevel.NONE


class Sla(models.TextChoices):
    OVERDUE = "overdue", _("已逾期")
    DUE_SOON = "due_soon", _("即将到期")
    ON_TIME = "on_time", _("未到期")
    DONE_ON_TIME = "done_on_time", _("按期整改")
    DONE_LATE = "done_late", _("逾期整改")


OPEN_SLAS = (Sla.OVERDUE, Sla.DUE_SOON, Sla.ON_TIME)


def sla_status(
    state: str, due_date: date, today: date, soon_limit: date, rectified_on: date | None
) -> str:
    """Time status derived from the stored due date (DESIGN: Deadlines).

    `soon_limit` is the date `DUE_SOON_WORKDAYS` working days after today; `rectified_on` the local
    date the rectification was last reported. An open item is judged against today, a rectified
    or closed one by when its rectification came in.
    """
    if state == LedgerState.OPEN:
        return Sla(sla_state(due_date, today, soon_limit))
    if rectified_on is not None and rectified_on > due_date:
        return Sla.DONE_LATE
    return Sla.DONE_ON_TIME


def period_contains(start: date, end: date, day: date) -> bool:
    """A campaign's period includes both its first and its last day."""
    return start <= day <= end


def closing_rate(closed: int, total: int) -> float | None:
    """Share of items closed, 0-100, or None when there is nothing to close."""
    if total <= 0:
        return None
    return round(100.0 * closed / total, 1)
