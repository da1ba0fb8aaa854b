"""The warning rules (预警规则): one registry from a rule's code to its definition and function.

The table `WarningRule` holds what a province may change (on/off, level, parameters, deadline);
this module holds what it may not: the condition, the article, the defaults and the limits each
parameter must stay within. Rules on the core systems read the same facts as `projects.rules`
(`ProjectFacts`); rules on the monthly feeds call signals the feeds register in `SIGNALS`, and
find nothing until a feed is there. A trigger that is provincial practice, not law, carries no
article and says so (`LOCAL_PRACTICE`), never an invented one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core.calendar import add_months
from wageguard.core.registry import Registry

from .. import rules as core_rules
from ..models.warnings import Level
from ..rules import ACTIVE, LAWFUL_CYCLES, DepositForm, ProjectFacts, State

LOCAL_PRACTICE = _l("本省监测规则（非法定条文）")


@dataclass(frozen=True)
class Finding:
    """One rule's finding on one project; `key` tells two findings of a rule on one project apart
    (a month, a guarantee)."""

    project_id: int
    summary: str
    key: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Batch:
    """What the rules judge a batch of projects on: the rows, their core-system facts (one
    `services.facts_for` call) and the day."""

    projects: list[Any]
    facts: dict[int, ProjectFacts]
    today: dt.date

    @property
    def ids(self) -> list[int]:
        return [p.pk for p in self.projects]


@dataclass(frozen=True)
class Param:
    """A parameter a province may set, within [low, high]: the limits are the law's (or, for a
    local-practice rule, the range its practice is known in)."""

    label: str | Promise
    default: int | Decimal
    low: int | Decimal
    high: int | Decimal
    unit: str | Promise = ""

    def clean(self, name: str, value: Any) -> int | Decimal:
        kind = type(self.default)
        try:
            number = kind(str(value).strip()) if value not in (None, "") else None
        except (ValueError, InvalidOperation):
            number = None
        if number is None or (kind is Decimal and not number.is_finite()):
            raise ValidationError({name: _("%(label)s应为数字") % {"label": self.label}})
        if not self.low <= number <= self.high:
            raise ValidationError(
                {
                    name: _("%(label)s应在 %(low)s 至 %(high)s 之间")
                    % {"label": self.label, "low": self.low, "high": self.high}
                }
            )
        return number


RuleFunction = Callable[[Batch, dict[str, Any]], Iterable[Finding]]


@dataclass(frozen=True)
class RuleDef:
    code: str
    label: str | Promise
    level: str
    explanation: str | Promise
    run: RuleFunction
    article: str = ""  # a key in core.legal, "" for a local-practice trigger
    params: dict[str, Param] = field(default_factory=dict)
    deadline_workdays: int = 5
    feed: bool = False  # judged by a signal (`SIGNALS`): the monthly feeds, or the clues

    def clean_parameters(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The parameters with defaults filled in and each checked against its limits; an
        unknown name is refused, so a typo never silently keeps the default."""
        unknown = set(raw) - set(self.params)
        if unknown:
            raise ValidationError(
                {"parameters": _("未知参数：%(names)s") % {"names": "、".join(sorted(unknown))}}
            )
        out: dict[str, Any] = {}
        for name, param in self.params.items():
            out[name] = param.clean(name, raw.get(name, param.default))
        return out

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.params.items()}


RULES: Registry[RuleDef] = Registry("warning rules")

# Signals computed from the monthly feeds (attendance, payroll, bank payments), registered by the
# feeds' module: `signal(project_ids, today, parameters) -> iterable of Finding`. A rule whose
# signal is not registered finds nothing.
Signal = Callable[[list[int], dt.date, dict[str, Any]], Iterable[Finding]]
SIGNALS: Registry[Signal] = Registry("warning signals from the feeds")

# Deadlines in working days a province may give a warning (no law sets one; a week's work to
# a month's is the span seen in provincial platforms).
DEADLINE_LOW, DEADLINE_HIGH = 1, 20

DONE_STATES = frozenset({State.SETTLED, State.CLOSED})


def rule(code: str, order: int, **kwargs: Any) -> Callable[[RuleFunction], RuleFunction]:
    def wrap(fn: RuleFunction) -> RuleFunction:
        RULES.register(code, RuleDef(code=code, run=fn, **kwargs), order)
        return fn

    return wrap


# --- Core systems -------------------------------------------------------------------------


@rule(
    "account_missing",
    10,
    label=_l("未按期开设农民工工资专用账户"),
    level=Level.RED,
    article="724.26",
    explanation=_l("施工合同签订之日起30日内应开设专用账户；期满次日仍未登记开户的发出预警。"),
    deadline_workdays=5,
)
def account_missing(batch: Batch, params: dict[str, Any]) -> Iterable[Finding]:
    for project in batch.projects:
        facts = batch.facts[project.pk]
        if project.state in DONE_STATES or facts.account_due_on is None:
            continue
        if facts.account is None and batch.today > facts.account_due_on:
            yield Finding(
                project.pk,
                _("专用账户应于 %(due)s 前开设，至今未登记")
                % {"due": f"{facts.account_due_on:%Y-%m-%d}"},
                data={"due": facts.account_due_on.isoformat()},
            )


@rule(
    "deposit_missing",
    20,
    label=_l("未按期存储工资保证金"),
    level=Level.ORANGE,
    article="R65.8",
    explanation=_l(
        "施工许可之日起20个工作日内应存储工资保证金或提交银行保函；期满仍无的发出预警。"
    ),
    deadline_workdays=5,
)
def deposit_missing(batch: Batch, params: dict[str, Any]) -> Iterable[Finding]:
    for project in batch.projects:
        facts = batch.facts[project.pk]
        if project.state in DONE_STATES or facts.deposit_due_on is None:
            continue
        current = [d for d in facts.deposits if d.released_on is None]
        if not current and batch.today > facts.deposit_due_on:
            yield Finding(
                project.pk,
                _("工资保证金应于 %(due)s 前存储，至今未登记")
                % {"due": f"{facts.deposit_due_on:%Y-%m-%d}"},
                data={"due": facts.deposit_due_on.isoformat()},
            )


def _guarantees(batch: Batch, project: Any) -> list[tuple[int, Any]]:
    facts = batch.facts[project.pk]
    return [
        (i, d)
        for i, d in enumerate(facts.deposits)
        if d.form == DepositForm.GUARANTEE and d.released_on is None and d.expires_on
    ]


def _has_cover_after(batch: Batch, project: Any, day: dt.date) -> bool:
    """Another current deposit (cash, exemption, or a guarantee running past `day`) covers the
    project: a renewed guarantee ends the warning on the old one."""
    for d in batch.facts[project.pk].deposits:
        if d.released_on is not None:
            continue
        if d.form == DepositForm.CASH and d.lodged_on:
            return True
        if d.form == DepositForm.EXEMPT and d.exemption_reason:
            return True
        if d.form == DepositForm.GUARANTEE and d.expires_on and d.expires_on > day:
            return True
    return False


@rule(
    "guarantee_expiring",
    30,
    label=_l("银行保函即将到期"),
    level=Level.ORANGE,
    article="R65.17",
    explanation=_l("保函到期前一个月提醒施工总承包单位更换新保函或延长有效期。"),
    params={"months_before": Param(_l("提前提醒月数"), 1, 1, 3, _l("个月"))},
    deadline_workdays=10,
)
def guarantee_expiring(batch: Batch, params: dict[str, Any]) -> Iterable[Finding]:
    horizon = add_months(batch.today, int(params["months_before"]))
    for project in batch.projects:
        if project.state in DONE_STATES:
            continue
        for _i, d in _guarantees(batch, project):
            if batch.today <= d.expires_on <= horizon and not _has_cover_after(
                batch, project, d.expires_on
            ):
                yield Finding(
                    project.pk,
                    _("银行保函将于 %(day)s 到期") % {"day": f"{d.expires_on:%Y-%m-%d}"},
                    key=f"{d.expires_on:%Y-%m-%d}",
                    data={"expires_on": d.expires_on.isoformat()},
                )


@rule(
    "guarantee_expired",
    40,
    label=_l("银行保函已过期"),
    level=Level.RED,
    article="R65.17",
    explanation=_l("保函过期且未更换或延期，工资保证金制度不再落实。"),
    deadline_workdays=5,
)
def guarantee_expired(batch: Batch, params: dict[str, Any]) -> Iterable[Finding]:
    for project in batch.projects:
        if project.state in DONE_STATES:
            continue
        for _i, d in _guarantees(batch, project):
            if d.expires_on < batch.today and not _has_cover_after(batch, project, batch.today):
                yield Finding(
                    project.pk,
                    _("银行保函已于 %(day)s 到期，未更换或延期")
                    % {"day": f"{d.expires_on:%Y-%m-%d}"},
                    key=f"{d.expires_on:%Y-%m-%d}",
                    data={"expires_on": d.expires_on.isoformat()},
                )


@rule(
    "deposit_topup_overdue",
    45,
    label=_l("工资保证金动用后未按期补足"),
    level=Level.ORANGE,
    explanation=_l(
        "工资保证金被动用支付后，施工总承包单位未在本省设定的补足期限（工资保证金设置）内"
        "补足；国家规定的补足期限原文未能核实，不引用条文。"
    ),
    deadline_workdays=5,
)
def deposit_topup_overdue(batch: Batch, params: dict[str, Any]) -> Iterable[Finding]:
    """The top-up period is the province's setting (`DepositSettings.topup_workdays`), stored as
    the deposit's `topup_due_on` when it is drawn on: the day after it, still owed, warns."""
    for project in batch.projects:
        for d in batch.facts[project.pk].deposits:
            if d.released_on is None and d.topup_due_on and batch.today > d.topup_due_on:
                yield Finding(
                    project.pk,
                    _("工资保证金应于 %(due)s 前补足，至今未补足")
                    % {"due": f"{d.topup_due_on:%Y-%m-%d}"},
                    key=f"{d.topup_due_on:%Y-%m-%d}",
                    data={"due": d.topup_due_on.isoformat()},
                )


@rule(
    "notice_board_missing",
    50,
    label=_l("在建项目未设立维权信息告示牌"),
    level=Level.YELLOW,
    article="724.34",
    explanation=_l("在建项目开工后应在施工现场设立维权信息告示牌；宽限期满仍未上传照片的预警。"),
    params={"grace_days": Param(_l("开工后宽限天数"), 7, 0, 30, _l("天"))},
    deadline_workdays=10,
)
def notice_board_missing(batch: Batch, params: dict[str, Any]) -> Iterable[Finding]:
    grace = dt.timedelta(days=int(params["grace_days"]))
    for project in batch.projects:
        facts = batch.facts[project.pk]
        if project.state != State.UNDER_CONSTRUCTION or facts.notice_board_photo:
            continue
        if facts.started_on is None or batch.today <= facts.started_on + grace:
            continue
        yield Finding(project.pk, _("开工后未上传维权信息告示牌照片"))


@rule(
    "appropriation_cycle",
    60,
    label=_l("人工费用拨付周期超过1个月"),
    level=Level.YELLOW,
    article="724.24",
    explanation=_l("施工合同约定的人工费用拨付周期不得超过1个月。"),
    deadline_workdays=10,
)
def appropriation_cycle(batch: Batch, params: dict[str, Any]) -> Iterable[Finding]:
    for project in batch.projects:
        cycle = project.appropriation_cycle
        if project.state in core_rules.ACTIVE and cycle and cycle not in LAWFUL_CYCLES:
            yield Finding(
                project.pk,
                _("合同约定按“%(cycle)s”拨付人工费用")
                % {"cycle": core_rules.AppropriationCycle(cycle).label},
                data={"cycle": cycle},
            )


# --- Monthly feeds (signals registered by the feeds) --------------------------------------


def _from_signal(name: str) -> RuleFunction:
    def run(batch: Batch, params: dict[str, Any]) -> Iterable[Finding]:
        if name not in SIGNALS:
            return ()
        active = [p.pk for p in batch.projects if p.state in ACTIVE or p.state == "completed"]
        return SIGNALS.get(name)(active, batch.today, params) if active else ()

    return run


def _feed_rule(code: str, order: int, **kwargs: Any) -> None:
    RULES.register(code, RuleDef(code=code, run=_from_signal(code), feed=True, **kwargs), order)


_feed_rule(
    "attendance_unpaid",
    100,
    label=_l("出勤月份工资未通过专用账户发放"),
    level=Level.RED,
    article="724.31",
    explanation=_l(
        "有考勤的月份，至次月末仍未通过专用账户代发到农民工本人账户（发放时点为本省监测规则）。"
    ),
    deadline_workdays=3,
)
_feed_rule(
    "fewer_paid",
    110,
    label=_l("发放人数少于出勤人数"),
    level=Level.ORANGE,
    article="724.31",
    explanation=_l("某月通过专用账户发放工资的人数少于有考勤的人数。"),
    deadline_workdays=5,
)
_feed_rule(
    "attendees_without_wage",
    120,
    label=_l("出勤人员无工资记录比例过高"),
    level=Level.RED,
    explanation=_l("某月有考勤的农民工中，没有工资记录的超过设定比例。"),
    params={"share_percent": Param(_l("无工资记录比例超过"), 10, 1, 50, "%")},
    deadline_workdays=3,
)
_feed_rule(
    "payroll_not_uploaded",
    130,
    label=_l("未上传当月工资表"),
    level=Level.ORANGE,
    explanation=_l("有考勤的月份，次月宽限期满仍未上传工资表。"),
    params={"grace_days": Param(_l("次月宽限天数"), 15, 0, 31, _l("天"))},
    deadline_workdays=5,
)
_feed_rule(
    "card_custody",
    140,
    label=_l("疑似代管农民工工资卡"),
    level=Level.RED,
    article="724.31",
    explanation=_l("同一银行卡或手机号对应多名农民工。"),
    params={"workers": Param(_l("同一卡号对应人数达到"), 2, 2, 20, _l("人"))},
    deadline_workdays=3,
)
_feed_rule(
    "front_account",
    150,
    label=_l("单人月发放金额异常（疑似挂名账户）"),
    level=Level.RED,
    explanation=_l("一名农民工一个月收到的工资超过设定金额，疑为挂名或代收账户。"),
    params={
        "monthly_yuan": Param(_l("单人月发放金额超过"), 50000, 10000, 200000, _l("元")),
    },
    deadline_workdays=3,
)
_feed_rule(
    "below_minimum_wage",
    160,
    label=_l("人均工资低于最低工资标准"),
    level=Level.ORANGE,
    explanation=_l("某月人均实发工资低于设定的当地月最低工资标准。"),
    params={"minimum_yuan": Param(_l("月最低工资标准"), 2100, 1000, 5000, _l("元"))},
    deadline_workdays=5,
)
_feed_rule(
    "front_account_yearly",
    155,
    label=_l("单人年发放金额异常（疑似挂名账户）"),
    level=Level.RED,
    explanation=_l(
        "一名农民工一个自然年度内收到的工资（按工资所属月份计）超过设定金额，疑为挂名或代收账户。"
    ),
    params={
        "yearly_yuan": Param(_l("单人年发放金额超过"), 300000, 100000, 1000000, _l("元")),
    },
    deadline_workdays=3,
)
_feed_rule(
    "departed_unsettled",
    170,
    label=_l("退场农民工未确认工资结算"),
    level=Level.ORANGE,
    explanation=_l("花名册登记已退场的农民工，退场后宽限期满仍未确认工资已结清。"),
    params={"grace_days": Param(_l("退场后宽限天数"), 15, 0, 60, _l("天"))},
    deadline_workdays=5,
)
_feed_rule(
    "balance_short",
    180,
    label=_l("专用账户余额不足下月工资"),
    level=Level.ORANGE,
    article="724.29",
    explanation=_l(
        "专用账户最近一次报送的余额低于最近一个月工资支付表实发总额的设定比例，"
        "人工费用可能未及时足额拨付（比较方法为本省监测规则）。"
    ),
    params={"cover_percent": Param(_l("余额应达到月工资总额的"), 100, 50, 300, "%")},
    deadline_workdays=5,
)
_feed_rule(
    "balance_empty",
    185,
    label=_l("专用账户余额为零但仍有人出勤"),
    level=Level.RED,
    article="724.29",
    explanation=_l(
        "专用账户最近一次报送的余额为零（或为负），而本月或上月仍有农民工出勤"
        "（判断方法为本省监测规则）。"
    ),
    deadline_workdays=3,
)
# Registered by the clues app (`clues/project_signal.py`): clues sit above projects.
_feed_rule(
    "open_clue",
    190,
    label=_l("项目有未化解的欠薪线索"),
    level=Level.ORANGE,
    explanation=_l(
        "关联到本项目的欠薪投诉举报线索尚未化解（已接收、已受理、核查中、已转办或已立案）。"
    ),
    params={"clues": Param(_l("未化解线索达到"), 1, 1, 10, _l("条"))},
    deadline_workdays=5,
)


def definition(code: str) -> RuleDef:
    return RULES.get(code)
