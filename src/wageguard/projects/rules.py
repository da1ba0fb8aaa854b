"""Pure rules for construction projects (工程项目) and their core wage-payment systems.

Decree 724 chapter 4 makes every construction project run a set of core systems; this module says,
from the facts recorded about one project and a day, whether each system is in place. No ORM and
no request: `assess(facts, today)` is a function of its arguments, so boundary tests pin each limit
and the nightly job, the import and the page all judge alike.

Each system's status carries the article it applies. The 2021 rules on dedicated accounts (53号)
and wage deposits (65号) were read only in stored pages quoting them (`docs/legal-sources.md`
§23-§24): their windows are applied and their citations marked secondary. The account window's
paragraph was quoted without its article number, so the status cites Decree 724 art. 26 and names
the 53号 window in its reason rather than inventing a number. The windows' last days are computed
by the service with the working-day calendar (they need the holiday table) and arrive here as
facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.legal import cite

from .deposits.rules import Required, shortfall_article


class State(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    UNDER_CONSTRUCTION = "construction", _("在建")
    SUSPENDED = "suspended", _("已停工")
    COMPLETED = "completed", _("已竣工")
    SETTLED = "settled", _("已结算")
    CLOSED = "closed", _("已关闭")


class Action(models.TextChoices):
    START = "start", _("开工")
    SUSPEND = "suspend", _("停工")
    RESUME = "resume", _("复工")
    COMPLETE = "complete", _("竣工")
    SETTLE = "settle", _("结算")
    CLOSE = "close", _("关闭")


TRANSITIONS: dict[tuple[str, str], str] = {
    (State.REGISTERED, Action.START): State.UNDER_CONSTRUCTION,
    (State.UNDER_CONSTRUCTION, Action.SUSPEND): State.SUSPENDED,
    (State.UNDER_CONSTRUCTION, Action.COMPLETE): State.COMPLETED,
    (State.SUSPENDED, Action.RESUME): State.UNDER_CONSTRUCTION,
    (State.SUSPENDED, Action.COMPLETE): State.COMPLETED,
    (State.COMPLETED, Action.SETTLE): State.SETTLED,
    (State.SETTLED, Action.CLOSE): State.CLOSED,
}

# Projects the core systems are counted on (在建项目): work has started and has not ended. A
# suspended site still owes its workers and keeps its account and roster.
ACTIVE = frozenset({State.UNDER_CONSTRUCTION, State.SUSPENDED})


class Funding(models.TextChoices):
    GOVERNMENT = "government", _("政府投资")
    STATE_OWNED = "soe", _("国有企业投资")
    PRIVATE = "private", _("社会投资")
    PPP = "ppp", _("政府和社会资本合作")


class AppropriationCycle(models.TextChoices):
    """人工费用拨付周期 as the construction contract states it."""

    HALF_MONTH = "half_month", _("每半月")
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    MILESTONE = "milestone", _("按形象进度")


# Decree 724 art. 24: the appropriation period is at most one month.
LAWFUL_CYCLES = frozenset({AppropriationCycle.HALF_MONTH, AppropriationCycle.MONTH})


class ContractorRole(models.TextChoices):
    SUBCONTRACTOR = "sub", _("专业分包")
    LABOUR = "labour", _("劳务分包")


class System(models.TextChoices):
    """The core wage-payment systems (工资支付核心制度), in the order pages show them."""

    WAGE_ACCOUNT = "account", _("农民工工资专用账户")
    REAL_NAME = "real_name", _("实名制管理")
    DEPOSIT = "deposit", _("工资保证金")
    CONTRACTOR_PAYROLL = "payroll", _("总包代发工资")
    NOTICE_BOARD = "notice", _("维权信息告示牌")
    LEDGER = "ledger", _("工资支付台账")


# What a narrow column header says; the full name is its tooltip.
SHORT = {
    System.WAGE_ACCOUNT: _("专户"),
    System.REAL_NAME: _("实名"),
    System.DEPOSIT: _("保证金"),
    System.CONTRACTOR_PAYROLL: _("代发"),
    System.NOTICE_BOARD: _("告示牌"),
    System.LEDGER: _("台账"),
}


class Status(models.TextChoices):
    IN_PLACE = "in_place", _("已落实")
    PARTIAL = "partial", _("部分落实")
    MISSING = "missing", _("未落实")
    EXEMPT = "exempt", _("免于适用")
    NOT_DUE = "not_due", _("尚未到期")
    UNKNOWN = "unknown", _("缺少数据")


# A system counts as applied (落实) when it is in place or lawfully exempt; a project applies the
# core systems when every system does.
APPLIED = frozenset({Status.IN_PLACE, Status.EXEMPT})

ARTICLE = {
    System.WAGE_ACCOUNT: "724.26",
    System.REAL_NAME: "724.28",
    System.DEPOSIT: "724.32",
    System.CONTRACTOR_PAYROLL: "724.31",
    System.NOTICE_BOARD: "724.34",
    System.LEDGER: "724.15",
}


class DepositForm(models.TextChoices):
    CASH = "cash", _("现金存储")
    GUARANTEE = "guarantee", _("银行保函")
    EXEMPT = "exempt", _("依规减免")


@dataclass(frozen=True)
class AccountFacts:
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None
    notice_started_on: dt.date | None = None  # 公示 of the closing began


@dataclass(frozen=True)
class DepositFacts:
    form: str = DepositForm.CASH
    lodged_on: dt.date | None = None
    expires_on: dt.date | None = None  # a bank guarantee's last day
    exemption_reason: str = ""  # recorded by the official who granted it
    released_on: dt.date | None = None
    # From the ledger (`deposits.ledger.totals`): what is held once every drawdown is topped up;
    # what is left now; the day a drawdown must be topped up by (the province's setting).
    covered: Decimal | None = None
    balance: Decimal | None = None
    topup_due_on: dt.date | None = None


@dataclass(frozen=True)
class PayrollMonth:
    """One month of one project, as the feeds left it (filled by the reconciliation)."""

    month: dt.date  # first day of the month
    on_attendance: int  # workers with attendance days
    on_payroll: int  # workers on the signed payroll sheet
    paid_through_account: int  # workers paid from the dedicated account into their own account


# 53号 (quoted, no article number): the account is opened within 30 days of the contract.
ACCOUNT_WINDOW_DAYS = 30
# 65号 art. 8: the deposit is lodged within 20 working days of the construction permit (or of
# the contract where no permit is needed).
DEPOSIT_WINDOW_WORKDAYS = 20


@dataclass(frozen=True)
class ProjectFacts:
    state: str
    started_on: dt.date | None = None
    account_due_on: dt.date | None = None  # last day of the 53号 window, None when unknown
    deposit_due_on: dt.date | None = None  # last day of the 65号 art. 8 window
    completed_on: dt.date | None = None
    settled_on: dt.date | None = None
    appropriation_cycle: str = ""
    account: AccountFacts | None = None
    deposits: tuple[DepositFacts, ...] = ()
    labour_officer: str = ""
    roster_size: int = 0
    roster_with_contract: int = 0
    notice_board_photo: bool = False
    months: tuple[PayrollMonth, ...] = field(default=())
    # What the general contractor must lodge (`deposits.required_deposit`); None when not
    # computed (no current cash deposit or guarantee with an amount, or no contract value).
    required: Required | None = None


@dataclass(frozen=True)
class Assessment:
    system: str
    status: str
    reason: str  # words for the page; the record's language (Chinese)
    article: str  # the key in core.legal

    @property
    def applied(self) -> bool:
        return self.status in APPLIED

    @property
    def citation(self) -> str:
        return cite(self.article)


def _a(system: str, status: str, reason: str, article: str | None = None) -> Assessment:
    return Assessment(system, status, str(reason), article or ARTICLE[system])


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from `first`'s month to `last`'s month, both included."""
    out = []
    month = first.replace(day=1)
    while month <= last:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def due_months(facts: ProjectFacts, today: dt.date) -> list[dt.date]:
    """The months whose wages must have been paid by `today`: every month of work from the start
    to completion (or to now) whose following month has ended, so the pay of a month is judged
    once the next month is over, the cycle the payroll warning uses (DOMAIN section 3)."""
    if facts.started_on is None:
        return []
    last_work = facts.completed_on or today
    months = months_between(facts.started_on, last_work)
    this_month = today.replace(day=1)
    previous = (this_month - dt.timedelta(days=1)).replace(day=1)
    return [m for m in months if m < previous]


def assess_account(facts: ProjectFacts, today: dt.date) -> Assessment:
    system = System.WAGE_ACCOUNT
    account = facts.account
    if account is None or account.opened_on is None:
        if facts.account_due_on and today <= facts.account_due_on:
            return _a(
                system,
                Status.NOT_DUE,
                _("应于合同签订之日起30日内（%(due)s前）开立")
                % {"due": f"{facts.account_due_on:%Y-%m-%d}"},
            )
        if facts.state in ACTIVE or facts.account_due_on:
            return _a(system, Status.MISSING, _("未按期开设农民工工资专用账户"))
        return _a(system, Status.NOT_DUE, _("项目尚未开工"))
    if account.closed_on and facts.state in ACTIVE:
        return _a(system, Status.MISSING, _("项目未完工，专用账户已注销"), "724.27")
    if account.closed_on:
        lawful = (
            facts.completed_on is not None
            and account.notice_started_on is not None
            and account.notice_started_on >= facts.completed_on
            and account.closed_on >= account.notice_started_on + dt.timedelta(days=30)
        )
        if not lawful:
            return _a(system, Status.PARTIAL, _("专用账户注销前未完工或未经30日公示"), "724.27")
        return _a(system, Status.IN_PLACE, _("完工公示30日后依规注销"), "724.27")
    if facts.appropriation_cycle and facts.appropriation_cycle not in LAWFUL_CYCLES:
        return _a(system, Status.PARTIAL, _("合同约定的人工费用拨付周期超过1个月"), "724.24")
    return _a(system, Status.IN_PLACE, _("已开设专用账户"))


def assess_real_name(facts: ProjectFacts, today: dt.date) -> Assessment:
    system = System.REAL_NAME
    if facts.state not in ACTIVE and facts.roster_size == 0:
        return _a(system, Status.NOT_DUE, _("项目尚未开工"))
    if facts.roster_size == 0:
        return _a(system, Status.MISSING, _("没有实名登记的农民工"))
    missing = []
    if not facts.labour_officer:
        missing.append(str(_("未配备劳资专管员")))
    unsigned = facts.roster_size - facts.roster_with_contract
    if unsigned > 0:
        missing.append(str(_("%(n)d 名农民工未签订劳动合同") % {"n": unsigned}))
    if missing:
        return _a(system, Status.PARTIAL, "；".join(missing))
    return _a(
        system, Status.IN_PLACE, _("实名登记 %(n)d 人，均签订劳动合同") % {"n": facts.roster_size}
    )


def assess_deposit(facts: ProjectFacts, today: dt.date) -> Assessment:
    system = System.DEPOSIT
    current = [d for d in facts.deposits if d.released_on is None]
    if not current:
        if facts.deposit_due_on and today <= facts.deposit_due_on:
            return _a(
                system,
                Status.NOT_DUE,
                _("应于施工许可之日起20个工作日内（%(due)s前）存储")
                % {"due": f"{facts.deposit_due_on:%Y-%m-%d}"},
                "R65.8",
            )
        if facts.state in ACTIVE or facts.deposit_due_on:
            return _a(system, Status.MISSING, _("未存储工资保证金，也未提供银行保函"), "R65.8")
        return _a(system, Status.NOT_DUE, _("项目尚未开工"))
    # The latest first: a renewed guarantee or a new deposit replaces what it was lodged for.
    for deposit in reversed(current):
        if deposit.form == DepositForm.EXEMPT:
            if deposit.exemption_reason:
                return _a(
                    system, Status.EXEMPT, _("依规减免：%(r)s") % {"r": deposit.exemption_reason}
                )
            continue
        if deposit.lodged_on is None:
            continue
        if (
            deposit.form == DepositForm.GUARANTEE
            and deposit.expires_on
            and deposit.expires_on < today
        ):
            continue
        return _against_required(deposit, facts.required, today)
    expired = any(
        d.form == DepositForm.GUARANTEE and d.expires_on and d.expires_on < today for d in current
    )
    if expired:
        return _a(system, Status.MISSING, _("银行保函已过期"), "R65.17")
    return _a(system, Status.PARTIAL, _("保证金登记不完整（缺少存储日期或减免理由）"))


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _against_required(
    deposit: DepositFacts, required: Required | None, today: dt.date
) -> Assessment:
    """A lodged deposit or a valid guarantee, held against the amount required: below it, the
    system is partial (a guarantee: 65号 art. 15; cash: art. 11's rate). While a drawdown's
    top-up is not yet due, what was lodged counts; after the province's top-up period, what is
    left."""
    system = System.DEPOSIT
    if required is None or required.amount is None or deposit.covered is None:
        return _a(system, Status.IN_PLACE, _("已存储工资保证金或提供银行保函"))
    pending = deposit.topup_due_on is not None and today <= deposit.topup_due_on
    held = deposit.covered if pending else deposit.balance
    values = {
        "held": _yuan(held),
        "required": _yuan(required.amount),
        "rate": required.rate,
        "due": f"{deposit.topup_due_on:%Y-%m-%d}" if deposit.topup_due_on else "",
    }
    article = shortfall_article(deposit.form)
    if deposit.topup_due_on is not None and not pending and held < required.amount:
        return _a(
            system,
            Status.PARTIAL,
            _(
                "动用后未在本省规定的补足期限（%(due)s）前补足：余额 %(held)s 元，"
                "应存储 %(required)s 元（%(rate)s%%）"
            )
            % values,
            article,
        )
    if held < required.amount:
        if deposit.form == DepositForm.GUARANTEE:
            text = _("保函金额 %(held)s 元低于应存储的 %(required)s 元（%(rate)s%%）")
        else:
            text = _("保证金 %(held)s 元低于应存储的 %(required)s 元（%(rate)s%%）")
        return _a(system, Status.PARTIAL, text % values, article)
    if pending:
        return _a(
            system,
            Status.IN_PLACE,
            _("已存储 %(held)s 元（应存储 %(required)s 元），已被动用，应于 %(due)s 前补足")
            % values,
        )
    return _a(
        system,
        Status.IN_PLACE,
        _("已存储 %(held)s 元，不低于应存储的 %(required)s 元（%(rate)s%%）") % values,
    )


def assess_payroll(facts: ProjectFacts, today: dt.date) -> Assessment:
    """Decree 724 art. 31: the general contractor pays every worker's wage from the dedicated
    account straight into the worker's own account; judged on the months already due."""
    system = System.CONTRACTOR_PAYROLL
    due = due_months(facts, today)
    if not due:
        return _a(system, Status.NOT_DUE, _("尚无应发工资的月份"))
    by_month = {m.month: m for m in facts.months}
    if not any(m in by_month for m in due):
        return _a(system, Status.UNKNOWN, _("没有考勤和工资发放数据"))
    short = []
    for month in due:
        row = by_month.get(month)
        if row is None or row.on_attendance == 0:
            continue
        if row.paid_through_account < row.on_attendance:
            short.append(month)
    if short:
        names = "、".join(f"{m:%Y-%m}" for m in short[-3:])
        return _a(
            system,
            Status.MISSING if len(short) == len(due) else Status.PARTIAL,
            _("%(n)d 个月有出勤未全部通过专用账户代发（%(months)s）")
            % {"n": len(short), "months": names},
        )
    return _a(system, Status.IN_PLACE, _("应发月份均通过专用账户代发"))


def assess_notice_board(facts: ProjectFacts, today: dt.date) -> Assessment:
    system = System.NOTICE_BOARD
    if facts.notice_board_photo:
        return _a(system, Status.IN_PLACE, _("已上传告示牌照片"))
    if facts.state in ACTIVE:
        return _a(system, Status.MISSING, _("未上传维权信息告示牌照片"))
    return _a(system, Status.NOT_DUE, _("项目尚未开工"))


def assess_ledger(facts: ProjectFacts, today: dt.date) -> Assessment:
    """Decree 724 art. 15: a written wage ledger for every pay cycle; the signed monthly payroll
    sheet of art. 31 is that ledger on a construction project."""
    system = System.LEDGER
    due = due_months(facts, today)
    if not due:
        return _a(system, Status.NOT_DUE, _("尚无应编制台账的月份"))
    have = {m.month for m in facts.months if m.on_payroll > 0}
    worked = {m.month for m in facts.months if m.on_attendance > 0}
    lacking = [m for m in due if m in worked and m not in have]
    if not have and not worked:
        return _a(system, Status.UNKNOWN, _("没有考勤和工资发放数据"))
    if lacking:
        return _a(
            system,
            Status.PARTIAL,
            _("%(n)d 个有出勤的月份没有工资支付表") % {"n": len(lacking)},
        )
    return _a(system, Status.IN_PLACE, _("有出勤的月份均有工资支付表"))


ASSESSORS = {
    System.WAGE_ACCOUNT: assess_account,
    System.REAL_NAME: assess_real_name,
    System.DEPOSIT: assess_deposit,
    System.CONTRACTOR_PAYROLL: assess_payroll,
    System.NOTICE_BOARD: assess_notice_board,
    System.LEDGER: assess_ledger,
}


def assess(facts: ProjectFacts, today: dt.date) -> list[Assessment]:
    """Every core system's status for one project on `today`, in `System` order."""
    return [ASSESSORS[system](facts, today) for system in System]


def applies_all(assessments: list[Assessment]) -> bool:
    return all(a.applied for a in assessments)


def rate(applied: int, total: int) -> Decimal | None:
    """制度落实率 as a percentage with one decimal; None when nothing is counted."""
    if not total:
        return None
    return (Decimal(applied) * 100 / Decimal(total)).quantize(Decimal("0.1"))
