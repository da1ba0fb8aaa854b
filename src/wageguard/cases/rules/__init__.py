"""Pure enforcement-case rules: states and the one transition table, the investigation deadline,
the criminal "amount is large" threshold, additional compensation and the penalty ranges.
No ORM here; each rule cites its article (DOMAIN section 2).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from wageguard.core import legal
from wageguard.core.calendar import DateAnswer, add_months, add_workdays, days_period_end
from wageguard.core.workflow import Workflow

CENT = Decimal("0.01")


def yuan(value: Decimal) -> str:
    return f"{Decimal(value).quantize(CENT, ROUND_HALF_UP):,.2f}"


# --- workflow --------------------------------------------------------------------------------


class State(models.TextChoices):
    FILED = "filed", _("已立案")
    INVESTIGATING = "investigating", _("调查中")
    DECIDED = "decided", _("已作出处理决定")
    CLOSED = "closed", _("已结案")


class Action(models.TextChoices):
    START_INVESTIGATION = "start_investigation", pgettext_lazy("case action", "开始调查")
    REQUEST_EXTENSION = "request_extension", pgettext_lazy("case action", "申请延期")
    APPROVE_EXTENSION = "approve_extension", pgettext_lazy("case action", "批准延期")
    DECIDE = "decide", pgettext_lazy("case action", "作出处理决定")
    CLOSE = "close", pgettext_lazy("case action", "结案")


# The one table of allowed moves: (state, action) -> new state (DESIGN: Workflow). Extension is
# asked for and approved while the investigation clock runs (Decree 423 art. 17).
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.FILED, Action.START_INVESTIGATION): State.INVESTIGATING,
    (State.FILED, Action.REQUEST_EXTENSION): State.FILED,
    (State.FILED, Action.APPROVE_EXTENSION): State.FILED,
    (State.INVESTIGATING, Action.REQUEST_EXTENSION): State.INVESTIGATING,
    (State.INVESTIGATING, Action.APPROVE_EXTENSION): State.INVESTIGATING,
    (State.INVESTIGATING, Action.DECIDE): State.DECIDED,
    (State.DECIDED, Action.CLOSE): State.CLOSED,
}
OPEN_STATES: tuple[str, ...] = tuple(sorted({State.FILED, State.INVESTIGATING}))


WORKFLOW = Workflow(TRANSITIONS, State, Action)
next_state = WORKFLOW.next
allowed_actions = WORKFLOW.allowed


# --- parties, documents and decisions -------------------------------------------------------


class PartyRole(models.TextChoices):
    EMPLOYER = "employer", _("用人单位")
    DEVELOPER = "developer", _("建设单位")
    GENERAL_CONTRACTOR = "general_contractor", _("施工总承包单位")
    SUBCONTRACTOR = "subcontractor", _("分包单位")


class PersonRole(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_representative", _("法定代表人（主要负责人）")
    RESPONSIBLE = "responsible", _("直接责任人员")


class DocumentKind(models.TextChoices):
    ORDER = "order", _("劳动保障监察责令改正指令书")
    HANDLING = "handling", _("劳动保障监察处理决定书")
    PENALTY = "penalty", _("劳动保障监察行政处罚决定书")
    STOPPAGE = "stoppage", _("责令停工通知书")
    DRAWDOWN = "drawdown", _("工资保证金支付通知书")
    COURT = "court", _("强制执行申请书")
    TRANSFER = "transfer", _("涉嫌犯罪案件移送书")
    CREDIT_NOTICE = "credit_notice", _("列入失信联合惩戒名单告知书")
    CREDIT_DECISION = "credit_decision", _("列入失信联合惩戒名单决定书")
    CREDIT_REMOVAL = "credit_removal", _("移出失信联合惩戒名单决定书")
    REMINDER = "reminder", _("催告书")


# Kind of numbered item -> the word between the agency's short name and the year
# (e.g. 武人社监令〔2026〕12号). A case number is kind "case".
NUMBER_WORDS: dict[str, str] = {
    "case": "监案",
    DocumentKind.ORDER: "监令",
    DocumentKind.HANDLING: "监决",
    DocumentKind.PENALTY: "监罚",
    DocumentKind.STOPPAGE: "监停",
    DocumentKind.DRAWDOWN: "保支",
    DocumentKind.COURT: "监执",
    DocumentKind.REMINDER: "监催",
    DocumentKind.TRANSFER: "监移",
    DocumentKind.CREDIT_NOTICE: "失告",
    DocumentKind.CREDIT_DECISION: "失决",
    DocumentKind.CREDIT_REMOVAL: "失移",
}


class DecisionKind(models.TextChoices):
    """The measures a bureau takes on a case; each is issued as the document of the same kind.
    The reminder (催告) comes before an application to court (Administrative Enforcement Law
    art. 54), after the decision it enforces lapsed."""

    ORDER = "order", _("责令改正（限期支付）")
    HANDLING = "handling", _("处理决定（支付工资并加付赔偿金）")
    PENALTY = "penalty", _("行政处罚（罚款）")
    STOPPAGE = "stoppage", _("责令停工")
    DRAWDOWN = "drawdown", _("动用工资保证金")
    REMINDER = "reminder", _("催告履行")
    COURT = "court", _("申请人民法院强制执行")


# Which article each measure applies; the UI shows it next to the measure (one rule table with
# PENALTIES below, which holds the fine ranges). An order to pay wages rests on Decree 423 art.
# 26; an order to correct one of the violations of Decree 724 arts. 54-57 (or a retaliation,
# Decree 423 art. 30 item 4) cites that article and item instead (VIOLATIONS, order_article).
# Court enforcement: Decree 724 art. 42 and Administrative Enforcement Law arts. 53-54.
DECISION_ARTICLES: dict[str, str] = {
    DecisionKind.ORDER: legal.cite("423.26"),
    DecisionKind.HANDLING: format_lazy(
        "{}{}", legal.cite("423.26"), _("（加付应付金额 50% 以上 100% 以下的赔偿金）")
    ),
    DecisionKind.PENALTY: _("见所选罚款条款"),
    DecisionKind.STOPPAGE: legal.cite("724.55", "724.57"),
    DecisionKind.DRAWDOWN: format_lazy("{}；人社部发〔2021〕65号", legal.cite("724.32")),
    DecisionKind.REMINDER: legal.cite("AEL.35", "AEL.54"),
    DecisionKind.COURT: legal.cite("724.42", "AEL.53", "AEL.54"),
}


class DecisionState(models.TextChoices):
    # Made and numbered; whether and when it was served is the document's service record
    # (CaseDocument.served_on), shown apart.
    ISSUED = "issued", _("已作出，待履行")
    COMPLIED = "complied", _("已履行")
    NOT_COMPLIED = "not_complied", _("逾期未履行")
    WITHDRAWN = "withdrawn", _("已撤销")


class ServiceMethod(models.TextChoices):
    """送达方式 of a document. A period the addressee must act in (a fine paid within 15 days of
    receipt, an objection within 5 working days of the notice, a reminder's 10 days) runs from
    the day of service, so service is recorded with its date and method, never assumed.
    `POSTED` is the service the crime of refusing to pay wages accepts for an employer who
    absconded (SPC2013 art. 4 para. 2, see `ordered_and_unpaid`): the order posted at its
    premises or site, with photos or video. `PUBLIC_NOTICE` counts as served 30 days after the
    notice (CPL art. 95, `public_notice_served_on`). The methods are the Civil Procedure Law's,
    which Administrative Penalty Law art. 61 and Administrative Enforcement Law art. 38 apply to
    a bureau's decisions: direct (art. 88), left (art. 89), electronic (art. 90), entrusted to
    another body and by post (art. 91), public notice (art. 95)."""

    DIRECT = "direct", _("直接送达")
    LEFT = "left", _("留置送达")
    POST = "post", _("邮寄送达")
    ENTRUSTED = "entrusted", _("委托送达")
    ELECTRONIC = "electronic", _("电子送达")
    PUBLIC_NOTICE = "public_notice", _("公告送达")
    POSTED = "posted", _("张贴送达（当事人逃匿，张贴于住所地或生产经营场所并拍照录像）")


# 公告送达: "自发出公告之日起，经过三十日，即视为送达" (民事诉讼法, CPL.95).
PUBLIC_NOTICE_DAYS = 30


def public_notice_served_on(notice_on: dt.date) -> DateAnswer:
    """The day a document served by public notice counts as served: 30 days after the notice
    (CPL.95), counted like every period in days (the notice day does not count, a last day on a
    holiday moves to the next working day: CPL.85, Civil Code arts. 201, 203)."""
    return days_period_end(notice_on, PUBLIC_NOTICE_DAYS)


OPEN_DECISION_STATES = (DecisionState.ISSUED,)
# Orders to pay: an order to correct (pay by a deadline) and a handling decision.
PAY_ORDERS = frozenset({DecisionKind.ORDER, DecisionKind.HANDLING})


class TransferResponse(models.TextChoices):
    PENDING = "pending", _("待公安机关回复")
    ACCEPTED = "accepted", _("已接收")
    FILED = "filed", _("已立案")
    NOT_FILED = "not_filed", _("不予立案")


# --- investigation deadline (Decree 423 art. 17) --------------------------------------------

INVESTIGATION_DAYS = 60
EXTENSION_DAYS = 30


def case_due(filed_on: dt.date, extended: bool = False) -> DateAnswer:
    """A case is closed within 60 working days of filing; a complex case may be extended by 30
    working days with the department head's approval (Decree 423 art. 17).
    Working days per core.calendar (holidays and make-up days); provisional for unknown years."""
    return add_workdays(filed_on, INVESTIGATION_DAYS + (EXTENSION_DAYS if extended else 0))


# --- criminal threshold (Criminal Law art. 276-1; 法释〔2013〕3号 art. 3) -----------------------


def basis() -> str:
    """The first reason of every threshold answer."""
    return f"依据：{legal.for_record(legal.cite('CL.276-1', 'SPC2013.3'))}"


INDIVIDUAL_LOW = Decimal("5000")
INDIVIDUAL_HIGH = Decimal("20000")
CUMULATIVE_LOW = Decimal("30000")
CUMULATIVE_HIGH = Decimal("100000")
MIN_MONTHS = 3
MIN_WORKERS = 10


def months_unpaid(start: dt.date | None, end: dt.date | None, *, by_month: bool = False) -> int:
    """Whole months a worker went unpaid, the measure of "拖欠一名劳动者三个月以上的劳动报酬"
    (SPC2013 art. 3): 3 needs three full months, not three calendar months touched. 0 when
    a date is unknown or the period runs backwards.

    Day-level dates (a case's worker line, from the form or the API): the period runs from
    `start` to `end`, both days included, and counts the months completed in it, a month ending
    the day before the corresponding day (Civil Code art. 202; core.calendar.add_months):
    2026-05-31 to 07-01 is a month and a day, so 1; 05-01 to 07-31 is 3; 05-01 to 07-30 is 2.
    Month-level periods (`by_month`: a clue's "YYYY-MM" period, stored as the first day of each
    month named) count the months named, both included: 2026-05 to 2026-08 is 4."""
    if start is None or end is None or end < start:
        return 0
    if by_month:
        return (end.year - start.year) * 12 + end.month - start.month + 1
    after = end + dt.timedelta(days=1)  # the first day not in the period
    months = (after.year - start.year) * 12 + after.month - start.month
    while months > 0 and add_months(start, months) > after:
        months -= 1
    return months


class Answer(models.TextChoices):
    MEETS = "meets", _("达到")
    DOES_NOT_MEET = "does_not_meet", _("未达到")
    DEPENDS = "depends_on_provincial_figure", _("取决于本省数额标准")
    # The amount is (or may be) large, but "经政府有关部门责令支付仍不支付" is not established
    # yet (no served order whose deadline lapsed unpaid): never "meets" without it.
    NOT_YET = "not_yet", _("尚不能认定")


@dataclass(frozen=True)
class WorkerArrears:
    amount: Decimal
    months_unpaid: int
    name: str = ""


@dataclass(frozen=True)
class ThresholdResult:
    answer: str
    reasons: list[str]
    amount_answer: str  # the amount conditions alone, before the "ordered and ignored" condition
    # The conduct condition, "经政府有关部门责令支付仍不支付" (an order to pay served and its
    # deadline lapsed unpaid, `ordered_and_unpaid`): None while not (yet) established.
    conduct: bool | None = None


@dataclass(frozen=True)
class Recovery:
    """One payment recovered for a worker: its day (None when not known) and amount."""

    on: dt.date | None
    amount: Decimal


def unpaid_at(owed: Decimal, recoveries: Iterable[Recovery], deadline: dt.date | None) -> Decimal:
    """What one worker was owed and not paid: the amount the threshold counts (SPC2013 arts. 3
    and 4: the wages still not paid within the time an order to pay set; the credit list, Order
    45 art. 5, reads the same answer). With a lapsed order to pay (`deadline`), owed less the
    recoveries dated on or before that day: a payment on the last day counts as paid, one after
    it does not undo the refusal (SPC2013 art. 6 treats it as mitigation), nor does one whose
    day is unknown. Without a lapsed order: what is outstanding now."""
    if deadline is None:
        paid = sum((r.amount for r in recoveries), Decimal(0))
    else:
        paid = sum(
            (r.amount for r in recoveries if r.on is not None and r.on <= deadline), Decimal(0)
        )
    return max(owed - paid, Decimal(0))


def unpaid_basis(deadline: dt.date | None) -> str:
    """The reason saying which amounts `unpaid_at` counted, with its articles."""
    if deadline is not None:
        return gettext(
            "各劳动者数额按逾期未履行的责令支付期限（%(deadline)s）届满时尚未支付的金额计算："
            "欠薪金额减去当日及以前各次追回的金额，期限届满后追回的不予扣减（%(basis)s）"
        ) % {
            "deadline": f"{deadline:%Y-%m-%d}",
            "basis": legal.cite("SPC2013.3", "SPC2013.4", "SPC2013.6"),
        }
    return gettext("各劳动者数额按目前尚欠金额计算：欠薪金额减去已追回金额")


def _spc3() -> str:
    return str(legal.cite("SPC2013.3"))


def validate_figures(individual: Decimal | None, cumulative: Decimal | None) -> None:
    """A province's figures must lie within the national ranges (法释〔2013〕3号 art. 3)."""
    errors = {}
    if individual is not None and not INDIVIDUAL_LOW <= individual <= INDIVIDUAL_HIGH:
        errors["individual_amount"] = _(
            "个人数额标准应在 %(low)s 至 %(high)s 元之间（%(basis)s）"
        ) % {"low": yuan(INDIVIDUAL_LOW), "high": yuan(INDIVIDUAL_HIGH), "basis": _spc3()}
    if cumulative is not None and not CUMULATIVE_LOW <= cumulative <= CUMULATIVE_HIGH:
        errors["cumulative_amount"] = _(
            "累计数额标准应在 %(low)s 至 %(high)s 元之间（%(basis)s）"
        ) % {"low": yuan(CUMULATIVE_LOW), "high": yuan(CUMULATIVE_HIGH), "basis": _spc3()}
    if errors:
        raise ValidationError(errors)


def _verdict(reached_high: bool, reached_low: bool, figure: Decimal | None) -> str:
    if figure is not None:
        return Answer.MEETS if reached_high else Answer.DOES_NOT_MEET
    if reached_high:
        return Answer.MEETS
    return Answer.DEPENDS if reached_low else Answer.DOES_NOT_MEET


def _label(i: int, w: WorkerArrears) -> str:
    return f"{w.name or f'第{i}名劳动者'}（{yuan(w.amount)} 元，{w.months_unpaid} 个月）"


_VERDICT_TEXT = {
    Answer.MEETS: "达到“数额较大”",
    Answer.DOES_NOT_MEET: "未达到“数额较大”",
    Answer.DEPENDS: "介于全国幅度之间，取决于本省数额标准",
}


def criminal_threshold(
    workers: list[WorkerArrears],
    *,
    individual_figure: Decimal | None,
    cumulative_figure: Decimal | None,
    ordered_and_unpaid: bool | None = None,
    conduct_reason: str = "",
    province_name: str = "本省",
    amounts_basis: str = "",
) -> ThresholdResult:
    """Whether unpaid wages reach the "amount is large" threshold of the crime of refusing to pay
    wages, and whether the conduct condition is known to be met. Every answer explains itself;
    `amounts_basis` says which amounts the workers' lines carry (unpaid_basis).

    Amount is large (法释〔2013〕3号 art. 3): one worker unpaid for 3 months or more with an
    amount at or above the provincial figure (within ¥5,000-20,000), or 10 or more workers
    unpaid with a cumulative amount at or above the provincial figure (within ¥30,000-100,000).
    Until a province sets a figure, only the national upper bound gives `meets` and only the
    lower bound gives `does_not_meet`; `depends_on_provincial_figure` means only that: the
    province's figure decides.

    The crime also requires, for both of its forms (absconding or hiding property, and refusing
    to pay), that payment was ordered by a government department and still not made (Criminal
    Law art. 276-1; SPC2013 art. 4): `ordered_and_unpaid`, the answer of `ordered_and_unpaid()`
    for a case (`conduct_reason` is its explanation, the last reason). Known absent gives
    `does_not_meet`; not (yet) established leaves the amount answer and the last reason says
    what is missing: the answer is then `not_yet` unless the amount already does not meet
    (`conduct` is None; a transfer needs it, transfer.transfer_to_police).
    """
    validate_figures(individual_figure, cumulative_figure)
    reasons = [basis()]
    if individual_figure is None and cumulative_figure is None:
        reasons.append(
            f"{province_name}尚未设定数额标准，按全国幅度判断：个人 {yuan(INDIVIDUAL_LOW)}–"
            f"{yuan(INDIVIDUAL_HIGH)} 元，累计 {yuan(CUMULATIVE_LOW)}–{yuan(CUMULATIVE_HIGH)} 元"
        )
    else:
        reasons.append(
            f"{province_name}数额标准：个人 "
            + (f"{yuan(individual_figure)} 元" if individual_figure is not None else "未设定")
            + "，累计 "
            + (f"{yuan(cumulative_figure)} 元" if cumulative_figure is not None else "未设定")
        )

    if amounts_basis:
        reasons.append(amounts_basis)

    # (1) one worker, 3 months or more (a worker with nothing unpaid is not "拖欠").
    long_unpaid = [
        (i, w) for i, w in enumerate(workers, 1) if w.months_unpaid >= MIN_MONTHS and w.amount > 0
    ]
    high = individual_figure if individual_figure is not None else INDIVIDUAL_HIGH
    low = individual_figure if individual_figure is not None else INDIVIDUAL_LOW
    top = max((w.amount for _, w in long_unpaid), default=Decimal(0))
    individual = _verdict(top >= high, top >= low, individual_figure)
    if long_unpaid:
        names = "、".join(_label(i, w) for i, w in long_unpaid[:10])
        more = f" 等 {len(long_unpaid)} 名" if len(long_unpaid) > 10 else ""
        reasons.append(
            f"被拖欠 {MIN_MONTHS} 个月以上的劳动者 {len(long_unpaid)} 名：{names}{more}；"
            f"其中最高 {yuan(top)} 元，{_VERDICT_TEXT[individual]}"
            + (
                f"（个人标准 {yuan(individual_figure)} 元）"
                if individual_figure is not None
                else f"（全国幅度 {yuan(INDIVIDUAL_LOW)}–{yuan(INDIVIDUAL_HIGH)} 元）"
            )
        )
    else:
        reasons.append(f"没有劳动者被拖欠 {MIN_MONTHS} 个月以上，个人数额条件不成立")

    # (2) 10 or more workers, cumulative amount.
    owed = [w for w in workers if w.amount > 0]
    total = sum((w.amount for w in owed), Decimal(0))
    if len(owed) >= MIN_WORKERS:
        high = cumulative_figure if cumulative_figure is not None else CUMULATIVE_HIGH
        low = cumulative_figure if cumulative_figure is not None else CUMULATIVE_LOW
        cumulative = _verdict(total >= high, total >= low, cumulative_figure)
        reasons.append(
            f"被拖欠劳动报酬的劳动者 {len(owed)} 名（{MIN_WORKERS} 名以上），"
            f"累计 {yuan(total)} 元，"
            f"{_VERDICT_TEXT[cumulative]}"
            + (
                f"（累计标准 {yuan(cumulative_figure)} 元）"
                if cumulative_figure is not None
                else f"（全国幅度 {yuan(CUMULATIVE_LOW)}–{yuan(CUMULATIVE_HIGH)} 元）"
            )
        )
    else:
        cumulative = Answer.DOES_NOT_MEET
        reasons.append(
            f"被拖欠劳动报酬的劳动者 {len(owed)} 名（不足 {MIN_WORKERS} 名），"
            f"累计 {yuan(total)} 元，"
            "累计数额条件不成立"
        )

    if Answer.MEETS in (individual, cumulative):
        amount_answer = Answer.MEETS
    elif Answer.DEPENDS in (individual, cumulative):
        amount_answer = Answer.DEPENDS
    else:
        amount_answer = Answer.DOES_NOT_MEET

    answer = amount_answer
    cited = legal.for_record(legal.cite("CL.276-1", "SPC2013.4"))
    if ordered_and_unpaid is None:
        if amount_answer != Answer.DOES_NOT_MEET:
            answer = Answer.NOT_YET
        reasons.append(
            conduct_reason
            or "以上为数额条件的判断；是否“经政府有关部门责令支付仍不支付”（责令支付文书已送达、"
            f"指定期限届满仍不支付）尚待查明，移送公安机关前须具备（{cited}）"
        )
    elif ordered_and_unpaid:
        reasons.append(conduct_reason or f"已确认经政府有关部门责令支付仍不支付（{cited}）")
    else:
        reasons.append(
            conduct_reason
            or f"不存在“经政府有关部门责令支付仍不支付”的情形，不构成拒不支付劳动报酬罪（{cited}）"
        )
        answer = Answer.DOES_NOT_MEET
    return ThresholdResult(answer, reasons, amount_answer, ordered_and_unpaid)


# --- the conduct condition: ordered to pay, served, and still unpaid ----------------------------


@dataclass(frozen=True)
class PayOrder:
    """An order to pay (责令改正 or 处理决定, PAY_ORDERS) as the crime's conduct condition reads
    it: its number, state (DecisionState), deadline and the service of its document
    (`served_on` the day service took effect: for a public notice, 30 days after it)."""

    label: str
    state: str
    deadline: dt.date | None
    served_on: dt.date | None = None
    method: str = ""


@dataclass(frozen=True)
class ConductAnswer:
    met: bool | None
    reason: str


def _served(o: PayOrder) -> str:
    return f"{o.served_on:%Y-%m-%d}{ServiceMethod(o.method).label if o.method else '送达'}"


def ordered_and_unpaid(
    orders: list[PayOrder], today: dt.date, conduct: str | None = None
) -> ConductAnswer:
    """ "经政府有关部门责令支付仍不支付", required by Criminal Law art. 276-1 for both forms of the
    crime: an order to pay (责令改正指令书 or 处理决定书, SPC2013 art. 4) that was served, whose
    deadline ran out after it was served, and that was recorded not complied. A posted service
    (ServiceMethod.POSTED) counts only where the employer absconded (SPC2013 art. 4 para. 2), so
    not for `conduct` ORDER_IGNORED (the refusing form); `conduct` None (the case page, which
    does not know the form yet) accepts it and says so.

    True with the order that qualifies; False when every order to pay was complied in time;
    otherwise None ("not yet"), the reason naming what is missing for each order (not served,
    a public notice not yet effective, served after its deadline, the deadline not yet run out,
    the outcome not recorded)."""
    cited = legal.for_record(legal.cite("CL.276-1", "SPC2013.4"))
    posted_rule = legal.for_record(legal.cite("SPC2013.4", paragraph=2))
    live = [o for o in orders if o.state != DecisionState.WITHDRAWN]
    problems: list[str] = []
    for o in live:
        posted = o.method == ServiceMethod.POSTED
        if o.served_on is None:
            problems.append(f"{o.label}尚未登记送达")
        elif o.served_on > today:
            problems.append(
                f"{o.label}公告送达，{o.served_on:%Y-%m-%d}方视为送达（{legal.for_record(legal.cite('CPL.95'))}）"
            )
        elif o.deadline is not None and o.served_on > o.deadline:
            problems.append(
                f"{o.label}于{_served(o)}，晚于履行期限 {o.deadline:%Y-%m-%d}，"
                "当事人无从在指定期限内履行，须重新责令支付并送达"
            )
        elif posted and conduct == Conduct.ORDER_IGNORED:
            problems.append(
                f"{o.label}系张贴送达，张贴仅在行为人逃匿时视为“经政府有关部门责令支付”"
                f"（{posted_rule}），应以逃匿情形移送，或另行送达"
            )
        elif o.state == DecisionState.NOT_COMPLIED:
            note = (
                f"；行为人逃匿，已张贴责令支付文书并拍照录像，视为经责令支付（{posted_rule}），"
                "仅适用于以逃匿方法逃避支付的情形"
                if posted
                else ""
            )
            return ConductAnswer(
                True,
                f"经政府有关部门责令支付仍不支付：{o.label}于{_served(o)}，履行期限 "
                f"{o.deadline:%Y-%m-%d} 届满仍未支付{note}（{cited}）",
            )
        elif o.state == DecisionState.COMPLIED:
            problems.append(f"{o.label}已履行")
        elif o.deadline is None or o.deadline >= today:
            due = f" {o.deadline:%Y-%m-%d} " if o.deadline else ""
            problems.append(f"{o.label}已于{_served(o)}，履行期限{due}尚未届满")
        else:
            problems.append(f"{o.label}履行期限 {o.deadline:%Y-%m-%d} 已届满，尚未登记履行情况")
    if live and all(o.state == DecisionState.COMPLIED for o in live):
        return ConductAnswer(
            False,
            "责令支付均已按期履行（" + "；".join(problems) + "），不存在“经政府有关部门责令支付"
            f"仍不支付”的情形；如仍有拖欠，须另行责令支付并送达（{cited}）",
        )
    missing = (
        "；".join(problems) if problems else "本案尚未以责令改正指令书或处理决定书责令支付劳动报酬"
    )
    return ConductAnswer(
        None,
        f"尚不能认定“经政府有关部门责令支付仍不支付”：{missing}。须责令支付的文书已送达"
        f"（行为人逃匿的，张贴并拍照录像），指定期限届满仍不支付，方能移送公安机关（{cited}）",
    )


# --- additional compensation (Decree 423 art. 26) -------------------------------------------

COMPENSATION_MIN_PERCENT = Decimal(50)
COMPENSATION_MAX_PERCENT = Decimal(100)


def validate_compensation_rate(rate_percent: Decimal) -> Decimal:
    """Additional compensation is 50%-100% of the amount due (Decree 423 art. 26)."""
    rate = Decimal(rate_percent)
    if not COMPENSATION_MIN_PERCENT <= rate <= COMPENSATION_MAX_PERCENT:
        raise ValidationError(
            {
                "rate_percent": _("加付赔偿金比例应在应付金额的 50%% 至 100%% 之间（%(basis)s）")
                % {"basis": legal.cite("423.26")}
            }
        )
    return rate


def additional_compensation(amount_due: Decimal, rate_percent: Decimal) -> Decimal:
    """The additional compensation an employer is ordered to pay, in yuan to the cent."""
    rate = validate_compensation_rate(rate_percent)
    if amount_due < 0:
        raise ValidationError({"amount_due": _("应付金额不能为负数")})
    return (Decimal(amount_due) * rate / 100).quantize(CENT, ROUND_HALF_UP)


# --- violations and penalty ranges (Decree 724 arts. 54-57; Decree 423 art. 30) ------------


@dataclass(frozen=True)
class Violation:
    """One item of an article that an order to correct names (Decree 724 arts. 54-57: "责令限期
    改正；逾期不改正的" then a fine or a stoppage; Decree 423 art. 30: 责令改正). A fine or a
    stoppage under Decree 724 follows only an order to correct the same violation (same article
    and item) that lapsed uncorrected."""

    key: str  # "724-55-1"
    article: str  # the core.legal key, "724.55"
    item: int
    conduct: str

    @property
    def citation(self) -> str:
        return str(legal.cite(self.article, item=self.item))

    @property
    def label(self) -> str:
        return f"{self.citation}：{self.conduct}"


VIOLATIONS: dict[str, Violation] = {
    v.key: v
    for v in (
        Violation("724-54-1", "724.54", 1, _("以实物、有价证券等形式代替货币支付农民工工资")),
        Violation(
            "724-54-2", "724.54", 2, _("未编制工资支付台账并依法保存，或者未向农民工提供工资清单")
        ),
        Violation(
            "724-54-3",
            "724.54",
            3,
            _("扣押或者变相扣押用于支付农民工工资的银行账户所绑定的农民工本人社会保障卡或者银行卡"),
        ),
        Violation(
            "724-55-1", "724.55", 1, _("施工总承包单位未按规定开设或者使用农民工工资专用账户")
        ),
        Violation(
            "724-55-2", "724.55", 2, _("施工总承包单位未按规定存储工资保证金或者未提供金融机构保函")
        ),
        Violation("724-55-3", "724.55", 3, _("施工总承包单位、分包单位未实行劳动用工实名制管理")),
        Violation(
            "724-56-1",
            "724.56",
            1,
            _("分包单位未按月考核农民工工作量、编制工资支付表并经农民工本人签字确认"),
        ),
        Violation("724-56-2", "724.56", 2, _("施工总承包单位未对分包单位劳动用工实施监督管理")),
        Violation(
            "724-56-3", "724.56", 3, _("分包单位未配合施工总承包单位对其劳动用工进行监督管理")
        ),
        Violation("724-56-4", "724.56", 4, _("施工总承包单位未实行施工现场维权信息公示制度")),
        Violation("724-57-1", "724.57", 1, _("建设单位未依法提供工程款支付担保")),
        Violation(
            "724-57-2",
            "724.57",
            2,
            _("建设单位未按约定及时足额向农民工工资专用账户拨付工程款中的人工费用"),
        ),
        Violation(
            "724-57-3",
            "724.57",
            3,
            _(
                "建设单位或者施工总承包单位拒不提供或者无法提供工程施工合同、农民工工资专用账户有关资料"
            ),
        ),
        # Retaliation is corrected by order only: art. 30 fines items (1)-(3), not (4).
        Violation("423-30-4", "423.30", 4, _("打击报复举报人、投诉人")),
    )
}
RETALIATION = "423-30-4"


def order_article(violation: str) -> str:
    """The article an order to correct cites: Decree 423 art. 26 for an order to pay wages (no
    violation named), the violation's article and item otherwise (issue 9 item 18: never the
    article of Decree 724 on workers' false claims, which it once cited)."""
    if violation:
        return VIOLATIONS[violation].citation
    return str(DECISION_ARTICLES[DecisionKind.ORDER])


@dataclass(frozen=True)
class Penalty:
    key: str
    law: str  # the core.legal key of the article, "724.54"
    conduct: str
    low: Decimal
    high: Decimal
    work_stoppage: bool = False
    item: int | None = None  # Decree 423 art. 30 fines by item
    whom: str = ""  # Decree 724 art. 54 fines the unit and the persons differently
    # Decree 724 arts. 54-57: only after an order to correct the same violation lapsed.
    correct_first: bool = False

    @property
    def article(self) -> str:
        """The article (and item) as printed, in the reader's language."""
        text = str(legal.cite(self.law, item=self.item))
        return f"{text}（{self.whom}）" if self.whom else text

    def covers(self, violation: str) -> bool:
        """Whether `violation` (a VIOLATIONS key) is one this article fines."""
        v = VIOLATIONS.get(violation)
        return v is not None and v.article == self.law


PENALTIES: dict[str, Penalty] = {
    p.key: p
    for p in (
        Penalty(
            "724-54-unit",
            "724.54",
            _(
                "以实物、有价证券等形式代替货币支付工资，未编制工资支付台账，扣押或者变相扣押用于"
                "工资支付的银行卡"
            ),
            Decimal(20000),
            Decimal(50000),
            whom=_("单位"),
            correct_first=True,
        ),
        Penalty(
            "724-54-person",
            "724.54",
            _("同上，对法定代表人和其他直接责任人员"),
            Decimal(10000),
            Decimal(30000),
            whom=_("法定代表人和其他直接责任人员"),
            correct_first=True,
        ),
        Penalty(
            "724-55",
            "724.55",
            _(
                "未按规定开设或使用农民工工资专用账户、存储工资保证金或提供金融机构保函、实行实名"
                "制管理"
            ),
            Decimal(50000),
            Decimal(100000),
            work_stoppage=True,
            correct_first=True,
        ),
        Penalty(
            "724-56",
            "724.56",
            _(
                "分包单位未按月考核农民工工作量、编制工资支付表，施工总承包单位未对分包单位劳动用工"
                "实施监督管理，未设置维权信息告示牌等"
            ),
            Decimal(50000),
            Decimal(100000),
            correct_first=True,
        ),
        Penalty(
            "724-57",
            "724.57",
            _("建设单位未按合同约定及时足额向农民工工资专用账户拨付工资性工程款等"),
            Decimal(50000),
            Decimal(100000),
            work_stoppage=True,
            correct_first=True,
        ),
        Penalty(
            "423-30-1",
            "423.30",
            _("无理抗拒、阻挠劳动保障行政部门实施劳动保障监察"),
            Decimal(2000),
            Decimal(20000),
            item=1,
        ),
        Penalty(
            "423-30-2",
            "423.30",
            _("不按照要求报送书面材料，隐瞒事实真相，出具伪证或者隐匿、毁灭证据"),
            Decimal(2000),
            Decimal(20000),
            item=2,
        ),
        Penalty(
            "423-30-3",
            "423.30",
            _("经责令改正拒不改正，或者拒不履行行政处理决定"),
            Decimal(2000),
            Decimal(20000),
            item=3,
        ),
    )
}
# Decree 423 art. 30 item (3) punishes a refusal: an order to correct or a handling decision
# must have lapsed first.
REFUSAL_PENALTY = "423-30-3"


def retaliation_problem(key: str) -> str | None:
    """Decree 423 art. 30 fines items (1)-(3) only: retaliation against a complainant (item 4)
    is ordered corrected, never fined. Also refuses the former undivided key "423-30"."""
    if key == RETALIATION:
        return _(
            "打击报复举报人、投诉人的，依照%(basis)s应责令改正，不予罚款"
            "（罚款仅适用于该条第（一）至（三）项）；请作出责令改正并选择该违法行为"
        ) % {"basis": legal.cite("423.30", item=4)}
    if key == "423-30":
        return _("%(basis)s按项处罚，请选择第（一）、（二）或（三）项") % {
            "basis": legal.cite("423.30")
        }
    return None


def check_penalty(article_key: str, amount: Decimal) -> Penalty:
    """A fine must lie within its article's range, both ends included; returns the article."""
    refused = retaliation_problem(article_key)
    if refused:
        raise ValidationError({"article": refused})
    penalty = PENALTIES.get(article_key)
    if penalty is None:
        raise ValidationError({"article": _("请选择处罚依据的条款")})
    if not penalty.low <= Decimal(amount) <= penalty.high:
        raise ValidationError(
            {
                "amount": _("罚款金额应在 %(yuan)s 至 %(yuan2)s 元之间（%(article)s）")
                % {
                    "yuan": yuan(penalty.low),
                    "yuan2": yuan(penalty.high),
                    "article": penalty.article,
                }
            }
        )
    return penalty


# --- transfer to police -----------------------------------------------------------------------


class Conduct(models.TextChoices):
    ORDER_IGNORED = "order_ignored", _("经责令支付仍不支付")
    ABSCONDED = "absconded", _("以转移财产、逃匿等方法逃避支付")


# Evidence a bureau gathers before transferring an absconding employer: the conduct of
# SPC2013 art. 2, and what shows the employment and the amount. The order to pay itself is not a
# checklist item: it is the case's served order (`ordered_and_unpaid`; for an employer who
# absconded, posted at its premises with photos or video, SPC2013 art. 4 para. 2). The
# interview and notice items follow 人社部发〔2014〕100号, whose text has no stored copy
# (docs/legal-sources.md): the wording below is WageGuard's, not the notice's. Keys are stored
# on the transfer.
ABSCONDING_EVIDENCE: dict[str, str] = {
    "conduct": format_lazy(
        "逃跑、藏匿，或隐匿、转移财产，隐匿、销毁账目和工资支付记录等逃避支付的事实及证据（{}）",
        legal.cite("SPC2013.2"),
    ),
    "worker_interviews": (
        "已对劳动者调查询问并制作询问笔录，询问过程录音录像（人社部发〔2014〕100号）"
    ),
    "employment_and_amount": "可证明劳动用工关系和欠薪数额的证据（人社部发〔2014〕100号）",
}
# Optional: a notice to come and settle, confirmed received and ignored (人社部发〔2014〕100号,
# no stored text), which also points to absconding.
ABSCONDING_OPTIONAL: dict[str, str] = {
    "notice_ignored": (
        "已以书面、电话、短信等能确认收悉的方式通知其到指定地点配合解决，逾期未到"
        "（人社部发〔2014〕100号）"
    ),
}
# Items older transfers carry that are no longer asked for: the posted order is now the case's
# served order (ServiceMethod.POSTED), read by `ordered_and_unpaid`.
FORMER_EVIDENCE: dict[str, str] = {
    "order_served": format_lazy(
        "无法送达时已在其住所地、生产经营场所等地张贴责令支付文书，并以拍照、录像等方式记录（{}）",
        legal.cite("SPC2013.4", paragraph=2),
    ),
}


def missing_absconding_evidence(checklist: list[str]) -> list[str]:
    """The checklist items still missing before an absconding employer can be transferred
    (SPC2013 art. 2)."""
    have = set(checklist)
    return [str(label) for key, label in ABSCONDING_EVIDENCE.items() if key not in have]


# Police answers in order: pending -> accepted -> filed | not filed (the police decide whether
# to file and answer in writing: SC310 art. 8, cited as legal.cite("SC310.8")).
RESPONSE_MOVES: dict[str, frozenset[str]] = {
    TransferResponse.PENDING: frozenset(
        {TransferResponse.ACCEPTED, TransferResponse.FILED, TransferResponse.NOT_FILED}
    ),
    TransferResponse.ACCEPTED: frozenset({TransferResponse.FILED, TransferResponse.NOT_FILED}),
}
ANSWERED = frozenset({TransferResponse.FILED, TransferResponse.NOT_FILED})
