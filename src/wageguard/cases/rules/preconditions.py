"""Pure rules on what must come before a step of a case, each citing its article: two
inspectors, the employer heard after the latest measure, the order that lapsed before a fine,
a stoppage, additional compensation, a drawdown or a court application, the drawdown's amount
and shares, "not complied" only after the deadline, and the extension only while the
investigation's time limit runs. No ORM here (DESIGN: rules.py); split from cases.rules, which
holds the states, kinds, threshold and ranges these rules read.
"""

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from . import CENT, PAY_ORDERS, DecisionKind, DecisionState, yuan

# --- the investigation's time limit (Decree 423 art. 17) -----------------------------------


def extension_problem(due_date: dt.date, today: dt.date) -> str | None:
    """The 30 extra working days extend a time limit still running (《劳动保障监察条例》第十七条:
    "情况复杂的，经劳动保障行政部门负责人批准，可以延长30个工作日"): once the 60 working days
    ran out, the case is overdue and an extension asked for or approved later would make it
    look on time after the fact. The due date itself still counts as in time."""
    if today > due_date:
        return _(
            "办案期限已于 %(date)s 届满，期限届满后不能再申请或批准延期（"
            "《劳动保障监察条例》第十七条）；本案按逾期办理"
        ) % {"date": format(due_date, "%Y-%m-%d")}
    return None


REQUEST_EXTENSION = "request_extension"
APPROVE_EXTENSION = "approve_extension"


def extension_step_problem(action: str, *, extended: bool, requested: bool) -> str | None:
    """The limit is extended once: asked for while not yet asked or granted, approved once asked
    and not yet granted. The service refuses with this message; the page offers the step only
    when it is None (`cases.actions`)."""
    if action == REQUEST_EXTENSION and (extended or requested):
        return _("本案已申请或已批准延期，办案期限只能延长一次")
    if action == APPROVE_EXTENSION:
        if extended:
            return _("本案已批准延期，办案期限只能延长一次")
        if not requested:
            return _("承办人尚未申请延期")
    return None


# --- investigation and measure preconditions ------------------------------------------------

MIN_INSPECTORS = 2
INSPECTOR_ROLES = ("inspector", "supervisor")


def inspectors_problem(count: int) -> str | None:
    """Inspectors investigate and inspect in pairs at least (《劳动保障监察条例》第十六条:
    劳动保障监察员进行调查、检查，不得少于两人)."""
    if count < MIN_INSPECTORS:
        return _(
            "本案承办监察员 %(count)s 名，调查、检查和作出处理不得少于 %(INSPECTORS)s 人"
            "（《劳动保障监察条例》第十六条）"
        ) % {"count": count, "INSPECTORS": MIN_INSPECTORS}
    return None


# Measures that decide on the employer's rights: the employer is heard first.
HEARD_BEFORE = frozenset({"handling", "penalty"})
# The case's own decision (the workflow's "decide"), heard like a handling decision.
DECIDE_CASE = "decide"


def statement_problem(
    kind: str, heard_on: list[dt.date], measures_on: list[tuple[str, dt.date]]
) -> str | None:
    """The employer is heard (陈述申辩) before a handling decision, a penalty or the case's
    decision (《劳动保障监察条例》第十九条；《行政处罚法》第四十四、四十五条), and the
    hearing answers what it comes after: it counts only when received on or after the day the
    latest measure was issued, so a statement taken before an order does not cover a later
    penalty. A recorded
    waiver or an unanswered notice counts as heard on its date. `heard_on` are the statements'
    dates, `measures_on` the (kind, issued_on) of the case's measures in the order they were
    made. The case's decision after a handling decision or a penalty rests on that decision's
    own hearing."""
    if kind not in HEARD_BEFORE and kind != DECIDE_CASE:
        return None
    last = sorted(measures_on, key=lambda m: m[1])[-1] if measures_on else None
    if kind == DECIDE_CASE and last is not None and last[0] in HEARD_BEFORE:
        return None
    since = last[1] if last else None
    if any(since is None or day >= since for day in heard_on):
        return None
    if heard_on:
        return _(
            "最近一次陈述申辩（%(max)s）早于最近作出的措施（%(since)s），"
            "请就拟作出的决定重新听取用人单位的陈述和申辩（含放弃或逾期未"
            "陈述申辩）（《劳动保障监察条例》第十九条）"
        ) % {"max": format(max(heard_on), "%Y-%m-%d"), "since": format(since, "%Y-%m-%d")}
    return _(
        "作出处理决定或行政处罚前，应当听取用人单位的陈述和申辩，请先"
        "记录陈述申辩（含放弃或逾期未陈述申辩）（《劳动保障监察条例》"
        "第十九条）"
    )


# (kind, state) pairs of a case's earlier measures, as prerequisites look at them.
Prior = tuple[str, str]


def _lapsed(prior: list[Prior], kinds: frozenset) -> bool:
    return any(k in kinds and s == DecisionState.NOT_COMPLIED for k, s in prior)


# Fines of Decree 724 (arts. 54-57) and work stoppage (arts. 55, 57) punish a failure to correct:
# "责令限期改正；逾期不改正的，……处……罚款" / "责令项目停工". Decree 423 art. 30 (obstructing an
# inspection) is punished at once: no order comes first.
CORRECT_FIRST_PREFIX = "724-"


def _correct_first(kind: str, penalty_key: str) -> bool:
    if kind == DecisionKind.STOPPAGE:
        return True
    return kind == DecisionKind.PENALTY and penalty_key.startswith(CORRECT_FIRST_PREFIX)


def prerequisite_problem(kind: str, prior: list[Prior], penalty_key: str = "") -> str | None:
    """Measures that follow an earlier one left unpaid or uncorrected:
    - a fine under 《保障农民工工资支付条例》第五十四条至第五十七条 and a work stoppage
      (第五十五条、第五十七条) come only after an order to correct lapsed uncorrected
      ("责令限期改正；逾期不改正的"); a fine under 《劳动保障监察条例》第三十条 needs no order;
    - additional compensation is ordered when the employer did not pay by the order's deadline
      (《劳动保障监察条例》第二十六条: 逾期不支付的，责令加付赔偿金);
    - the wage deposit is drawn on after an order to pay has lapsed unpaid (《保障农民工工资支付
      条例》第三十二条；《工程建设领域农民工工资保证金规定》人社部发〔2021〕65号);
    - a court is asked to enforce a handling or penalty decision not complied with (《行政强制法》
      第五十三条；《劳动保障监察条例》第三十一条)."""
    if _correct_first(kind, penalty_key) and not _lapsed(prior, frozenset({DecisionKind.ORDER})):
        what = "责令停工" if kind == DecisionKind.STOPPAGE else "依该条款罚款"
        return _(
            "%(what)s须在责令限期改正逾期未改正后作出：请先登记责令改正指"
            "令书“逾期未履行”（《保障农民工工资支付条例》第五十四条至第五"
            "十七条“逾期不改正的”）"
        ) % {"what": what}
    if kind == DecisionKind.HANDLING and not _lapsed(prior, frozenset({DecisionKind.ORDER})):
        return _(
            "加付赔偿金的处理决定须在责令限期支付逾期未支付后作出：请先登"
            "记责令改正指令书“逾期未履行”（《劳动保障监察条例》第二十六条"
            "）"
        )
    if kind == DecisionKind.DRAWDOWN and not _lapsed(prior, PAY_ORDERS):
        return _(
            "动用工资保证金须在责令限期支付逾期未支付后进行：请先登记责令"
            "改正或处理决定“逾期未履行”（《保障农民工工资支付条例》第三十"
            "二条）"
        )
    if kind == DecisionKind.COURT and not _lapsed(
        prior, frozenset({DecisionKind.HANDLING, DecisionKind.PENALTY})
    ):
        return _(
            "申请人民法院强制执行须在处理决定或行政处罚决定逾期未履行后提"
            "出（《行政强制法》第五十三条；《劳动保障监察条例》第三十一条"
            "）"
        )
    return None


def measure_problems(
    kind: str,
    *,
    inspectors: int,
    heard_on: list[dt.date],
    measures_on: list[tuple[str, dt.date]],
    prior: list[Prior],
    penalty_key: str = "",
) -> list[str]:
    """Every reason a measure cannot be taken yet, each citing its article (empty: it can).
    `heard_on` and `measures_on` are statement_problem's dates; `penalty_key` is the article
    chosen for a fine or a stoppage (PENALTIES)."""
    found = [
        inspectors_problem(inspectors),
        statement_problem(kind, heard_on, measures_on),
        prerequisite_problem(kind, prior, penalty_key),
    ]
    return [p for p in found if p]


# A fine is paid within 15 days of receiving the decision (《行政处罚法》第六十七条).
PENALTY_PAYMENT_DAYS = 15
# The bank pays the named workers from the deposit within 5 working days of the notice
# (《工程建设领域农民工工资保证金规定》人社部发〔2021〕65号).
DRAWDOWN_WORKDAYS = 5


def drawdown_problem(amount: Decimal, outstanding: Decimal) -> str | None:
    """The wage deposit pays the wages still owed to the workers, nothing more (《保障农民工工资
    支付条例》第三十二条: 工资保证金……专项用于支付为所承包工程提供劳动的农民工被拖欠的工资；
    《工程建设领域农民工工资保证金规定》)."""
    if amount > outstanding:
        return _(
            "动用工资保证金支付的金额 %(yuan)s 元超过本案尚欠工资 %(yuan2)s 元"
            "（《保障农民工工资支付条例》第三十二条：工资保证金专项"
            "用于支付被拖欠的农民工工资）"
        ) % {"yuan": yuan(amount), "yuan2": yuan(outstanding)}
    return None


def drawdown_shares(outstanding: list[Decimal], amount: Decimal) -> list[Decimal]:
    """What the bank pays each worker from the deposit (the notice names each worker and the
    amount; the bank pays into the worker's own account, 《保障农民工工资支付条例》第三十一条).
    When the amount covers everything owed, each worker gets what they are owed; when the
    deposit pays less, each gets a share in proportion to what they are owed (the law sets no
    order among the workers: this is the software's choice, written in the notice), to the
    cent, the cents left by rounding going to the largest remainders, so the shares add up to
    the amount exactly."""
    total = sum(outstanding, Decimal(0))
    if amount >= total:
        return list(outstanding)
    exact = [o * amount / total for o in outstanding]
    shares = [e.quantize(CENT, ROUND_DOWN) for e in exact]
    left = int((amount - sum(shares, Decimal(0))) / CENT)
    by_remainder = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[:left]:
        shares[i] += CENT
    return shares


def outcome_problem(complied: bool, deadline: dt.date | None, on: dt.date) -> str | None:
    """ "Not complied" can be recorded only once the time to comply has run out: the day after
    the deadline at the earliest (《劳动保障监察条例》第二十六条 "逾期不支付"；法释〔2013〕3号
    第四条 "在指定的期限内仍不支付")."""
    if not complied and deadline is not None and on <= deadline:
        return _("履行期限至 %(deadline)s 届满，期限届满后才能登记“逾期未履行”") % {
            "deadline": format(deadline, "%Y-%m-%d")
        }
    return None
