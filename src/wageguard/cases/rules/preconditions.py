"""Pure rules on what must come before a step of a case, each citing its article: two
inspectors, the employer heard after the latest measure (and, before a work stoppage, the
hearing the employer may ask for), the order to correct the same violation that lapsed before a
fine or a stoppage, the lapsed order before additional compensation or a drawdown, the reminder
and the periods before a court application, the drawdown's amount and shares, "not complied"
only after the deadline, and the extension only while the investigation's time limit runs. No
ORM here (DESIGN: rules.py); split from cases.rules, which holds the states, kinds, violations
and ranges these rules read.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from wageguard.core import legal
from wageguard.core.calendar import add_months, add_workdays, days_period_end, is_workday

from . import (
    CENT,
    PAY_ORDERS,
    PENALTIES,
    REFUSAL_PENALTY,
    VIOLATIONS,
    DecisionKind,
    DecisionState,
    yuan,
)

# --- the investigation's time limit (Decree 423 art. 17) -----------------------------------


def extension_problem(due_date: dt.date, today: dt.date) -> str | None:
    """The 30 extra working days extend a time limit still running (Decree 423 art. 17:
    "情况复杂的，经劳动保障行政部门负责人批准，可以延长30个工作日"): once the 60 working days
    ran out, the case is overdue and an extension asked for or approved later would make it
    look on time after the fact. The due date itself still counts as in time."""
    if today > due_date:
        return _(
            "办案期限已于 %(date)s 届满，期限届满后不能再申请或批准延期（%(basis)s）；"
            "本案按逾期办理"
        ) % {"date": format(due_date, "%Y-%m-%d"), "basis": legal.cite("423.17")}
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


def extension_refusal(
    action: str, *, extended: bool, requested: bool, due_date: dt.date | None, today: dt.date
) -> str | None:
    """Why the extension step `action` is refused now, or None: the limit already ran out
    (`extension_problem`, unless already extended), else the one-extension rule. The one rule
    both sides ask: `services.workflow.transition` refuses with this message and
    `cases.actions.available_actions` offers the step only when it is None, so an overdue case
    is never offered 申请延期 the service would refuse (issue 14)."""
    if action not in (REQUEST_EXTENSION, APPROVE_EXTENSION):
        return None
    if not extended and due_date is not None:
        late = extension_problem(due_date, today)
        if late:
            return late
    return extension_step_problem(action, extended=extended, requested=requested)


# --- investigation and measure preconditions ------------------------------------------------

MIN_INSPECTORS = 2
INSPECTOR_ROLES = ("inspector", "supervisor")


def inspectors_problem(count: int) -> str | None:
    """Inspectors investigate and inspect in pairs at least (Decree 423 art. 16:
    劳动保障监察员进行调查、检查，不得少于两人)."""
    if count < MIN_INSPECTORS:
        return _(
            "本案承办监察员 %(count)s 名，调查、检查和作出处理不得少于 %(INSPECTORS)s 人"
            "（%(basis)s）"
        ) % {"count": count, "INSPECTORS": MIN_INSPECTORS, "basis": legal.cite("423.16")}
    return None


# Measures that decide on the employer's rights: the employer is heard first. A work stoppage
# (责令停工) is a penalty like a fine (Administrative Penalty Law art. 63 item 4 lists 责令停产停业
# among those needing notice of the right to a hearing), so it is heard too.
HEARD_BEFORE = frozenset({"handling", "penalty", "stoppage"})
# Measures before which the employer is also told it may ask for a hearing (Administrative
# Penalty Law art. 63 item 4); whether it asked, and what happened, is recorded (art. 64).
HEARING_RIGHT = frozenset({"stoppage"})
# The case's own decision (the workflow's "decide"), heard like a handling decision.
DECIDE_CASE = "decide"


def _latest(measures_on: list[tuple[str, dt.date]]) -> tuple[str, dt.date] | None:
    return sorted(measures_on, key=lambda m: m[1])[-1] if measures_on else None


def statement_problem(
    kind: str, heard_on: list[dt.date], measures_on: list[tuple[str, dt.date]]
) -> str | None:
    """The employer is heard (陈述申辩) before a handling decision, a penalty, a work stoppage
    or the case's decision (Decree 423 art. 19; Administrative Penalty Law arts. 44, 45), and
    the hearing answers what it comes after: it counts only when received on or after the day
    the latest measure was issued, so a statement taken before an order does not cover a later
    penalty. A recorded waiver or an unanswered notice counts as heard on its date. `heard_on`
    are the statements' dates, `measures_on` the (kind, issued_on) of the case's measures in
    the order they were made. The case's decision after a handling decision, a penalty or a
    stoppage rests on that decision's own hearing."""
    if kind not in HEARD_BEFORE and kind != DECIDE_CASE:
        return None
    last = _latest(measures_on)
    if kind == DECIDE_CASE and last is not None and last[0] in HEARD_BEFORE:
        return None
    since = last[1] if last else None
    if any(since is None or day >= since for day in heard_on):
        return None
    basis = legal.cite("423.19")
    if heard_on:
        return _(
            "最近一次陈述申辩（%(max)s）早于最近作出的措施（%(since)s），"
            "请就拟作出的决定重新听取用人单位的陈述和申辩（含放弃或逾期未"
            "陈述申辩）（%(basis)s）"
        ) % {
            "max": format(max(heard_on), "%Y-%m-%d"),
            "since": format(since, "%Y-%m-%d"),
            "basis": basis,
        }
    return _(
        "作出处理决定、行政处罚或责令停工前，应当听取用人单位的陈述和申辩，请先"
        "记录陈述申辩（含放弃或逾期未陈述申辩）（%(basis)s）"
    ) % {"basis": basis}


def hearing_problem(
    kind: str, hearings_on: list[dt.date], measures_on: list[tuple[str, dt.date]]
) -> str | None:
    """Before a work stoppage the employer is told it may ask for a hearing (Administrative
    Penalty Law art. 63 item 4), and asks within 5 days of being told (art. 64 item 1). The
    choice is the employer's: the system does not presume it. What happened is recorded, a
    hearing held (听证) or the right not taken up (未要求听证), on or after the latest measure;
    `hearings_on` are those records' dates."""
    if kind not in HEARING_RIGHT:
        return None
    last = _latest(measures_on)
    since = last[1] if last else None
    if any(since is None or day >= since for day in hearings_on):
        return None
    return _(
        "责令停工前应当告知用人单位有要求听证的权利（%(basis)s），用人单位可在告知后五日内"
        "要求听证（%(basis2)s）：请记录听证情况，或记录告知后未要求听证"
    ) % {"basis": legal.cite("APL.63", item=4), "basis2": legal.cite("APL.64", item=1)}


# (kind, state, violation) of a case's earlier measures, as prerequisites look at them; the
# violation is the VIOLATIONS key an order to correct names ("" for an order to pay wages). A
# (kind, state) pair is read as naming no violation.
Prior = tuple[str, ...]


def _lapsed(prior: list[Prior], kinds: frozenset, violation: str | None = None) -> bool:
    for k, s, *rest in prior:
        named = rest[0] if rest else ""
        if k in kinds and s == DecisionState.NOT_COMPLIED and violation in (None, named):
            return True
    return False


def _correct_first(kind: str, penalty_key: str) -> bool:
    if kind == DecisionKind.STOPPAGE:
        return True
    penalty = PENALTIES.get(penalty_key)
    return kind == DecisionKind.PENALTY and penalty is not None and penalty.correct_first


def violation_problem(kind: str, penalty_key: str, violation: str) -> str | None:
    """A fine or a stoppage under Decree 724 arts. 54-57 names the violation (article and item)
    it punishes, one of those its article lists."""
    if not _correct_first(kind, penalty_key):
        return None
    penalty = PENALTIES.get(penalty_key)
    if violation not in VIOLATIONS:
        return _("请选择所处罚的违法行为（须与已逾期未改正的责令改正所列违法行为一致）")
    if penalty is not None and not penalty.covers(violation):
        named = VIOLATIONS.get(violation)
        return _("所选违法行为%(violation)s不属于%(article)s") % {
            "violation": named.citation if named else violation,
            "article": penalty.article,
        }
    return None


def prerequisite_problem(
    kind: str, prior: list[Prior], penalty_key: str = "", violation: str = ""
) -> str | None:
    """Measures that follow an earlier one left unpaid or uncorrected:
    - a fine under Decree 724 arts. 54-57 and a work stoppage (arts. 55, 57) come only after an
      order to correct **that** violation lapsed uncorrected ("责令限期改正；逾期不改正的"):
      the order names the same article and item (`violation`); an order to pay wages (Decree
      423 art. 26) does not count;
    - a fine under Decree 423 art. 30 items (1)-(2) needs no order; item (3), refusing to
      correct or to carry out a handling decision, needs an order or a handling decision that
      lapsed;
    - additional compensation is ordered when the employer did not pay by the order's deadline
      (Decree 423 art. 26: 逾期不支付的，责令加付赔偿金);
    - the wage deposit is drawn on after an order to pay has lapsed unpaid (Decree 724 art. 32;
      《工程建设领域农民工工资保证金规定》人社部发〔2021〕65号);
    - a reminder (催告) and a court application follow a handling or penalty decision not
      complied with (Administrative Enforcement Law arts. 53, 54; Decree 724 art. 42); their
      periods are court_problem's."""
    if _correct_first(kind, penalty_key):
        problem = violation_problem(kind, penalty_key, violation)
        if problem:
            return problem
        if not _lapsed(prior, frozenset({DecisionKind.ORDER}), violation):
            what = _("责令停工") if kind == DecisionKind.STOPPAGE else _("依该条款罚款")
            named = VIOLATIONS[violation]
            return _(
                "%(what)s须在责令限期改正该违法行为（%(violation)s）逾期未改正后作出："
                "请先作出列明该违法行为的责令改正，并登记“逾期未履行”（%(basis)s“逾期不改正的”）"
            ) % {"what": what, "violation": named.citation, "basis": legal.cite(named.article)}
    refusal = frozenset({DecisionKind.ORDER, DecisionKind.HANDLING})
    if (
        kind == DecisionKind.PENALTY
        and penalty_key == REFUSAL_PENALTY
        and not _lapsed(prior, refusal)
    ):
        return _("依%(basis)s罚款须在责令改正或处理决定逾期未履行后作出：请先登记“逾期未履行”") % {
            "basis": legal.cite("423.30", item=3)
        }
    if kind == DecisionKind.HANDLING and not _lapsed(prior, frozenset({DecisionKind.ORDER}), ""):
        return _(
            "加付赔偿金的处理决定须在责令限期支付逾期未支付后作出：请先登"
            "记责令改正指令书“逾期未履行”（%(basis)s）"
        ) % {"basis": legal.cite("423.26")}
    if kind == DecisionKind.DRAWDOWN and not _lapsed(prior, PAY_ORDERS, ""):
        return _(
            "动用工资保证金须在责令限期支付逾期未支付后进行：请先登记责令"
            "改正或处理决定“逾期未履行”（%(basis)s）"
        ) % {"basis": legal.cite("724.32")}
    if kind in (DecisionKind.REMINDER, DecisionKind.COURT) and not _lapsed(
        prior, frozenset({DecisionKind.HANDLING, DecisionKind.PENALTY})
    ):
        return _(
            "催告和申请人民法院强制执行须在处理决定或行政处罚决定逾期未履行后进行（%(basis)s）"
        ) % {"basis": legal.cite("724.42", "AEL.53", "AEL.54")}
    return None


# --- court enforcement (Administrative Enforcement Law arts. 53-54) ---------------------------

# The party may sue within 6 months of knowing of the decision (Administrative Litigation Law
# art. 46), which outlasts the 60 days to apply for review (Administrative Review Law art. 20).
LITIGATION_MONTHS = 6
# The bureau applies within 3 months of the lapse of those periods (AEL art. 53) ...
APPLICATION_MONTHS = 3
# ... and 10 days after a written reminder was served (AEL art. 54).
REMINDER_DAYS = 10


@dataclass(frozen=True)
class CourtWindow:
    """When a court may be asked to enforce a decision served on `served_on`.
    `litigation_end` is the last day the party could sue (or ask for review); `reminder_end`
    the last of the 10 days after the reminder was served (None: not served yet); `first` the
    first day an application may be made (None until a reminder was served); `last` the last
    day (AEL art. 53). `provisional` when a day was counted on a year with no holiday data."""

    served_on: dt.date
    litigation_end: dt.date
    reminder_end: dt.date | None
    first: dt.date | None
    last: dt.date
    provisional: bool = False


def court_window(served_on: dt.date, reminder_served_on: dt.date | None) -> CourtWindow:
    """The 6 months to sue run from the day after service (Civil Code art. 201) to the
    corresponding day 6 months on (art. 202; core.calendar.add_months), a last day that is no
    working day moving to the next working day (art. 203), as a party's period is counted in
    its favour. The application may be made from the next day, and 10 days after the reminder
    was served (core.calendar.days_period_end), until the corresponding day 3 months after the
    litigation period's end (AEL art. 53: 自期限届满之日起三个月内; not moved over holidays, so
    the bureau never relies on a later day than the text gives)."""
    end = add_months(served_on, LITIGATION_MONTHS)
    open_day = is_workday(end)
    provisional = open_day.provisional
    if not open_day.workday:
        moved = add_workdays(end, 1)
        end, provisional = moved.date, provisional or moved.provisional
    reminder_end = None
    first = None
    if reminder_served_on is not None:
        answer = days_period_end(reminder_served_on, REMINDER_DAYS)
        reminder_end, provisional = answer.date, provisional or answer.provisional
        first = max(end, reminder_end) + dt.timedelta(days=1)
    return CourtWindow(
        served_on,
        end,
        reminder_end,
        first,
        add_months(end, APPLICATION_MONTHS),
        provisional,
    )


def court_problem(
    on: dt.date, served_on: dt.date | None, reminder_served_on: dt.date | None
) -> str | None:
    """Whether a court may be asked on `on` to enforce a decision served on `served_on`: only
    after the periods for review and litigation lapsed (Administrative Review Law art. 20,
    Administrative Litigation Law art. 46; AEL art. 53), within 3 months after that, and after
    a reminder was served and 10 days passed (AEL art. 54)."""
    if served_on is None:
        return _(
            "请先登记所执行决定书的送达日期：复议、诉讼期限自当事人知道该决定之日起计算（%(basis)s）"
        ) % {"basis": legal.cite("ARL.20", "ALL.46")}
    if reminder_served_on is None:
        return _(
            "申请人民法院强制执行前，应当书面催告当事人履行义务，催告书送达十日后仍未履行的方可"
            "申请：请先作出催告书并登记送达（%(basis)s）"
        ) % {"basis": legal.cite("AEL.35", "AEL.54")}
    window = court_window(served_on, reminder_served_on)
    if on <= window.litigation_end:
        return _(
            "当事人申请行政复议、提起行政诉讼的期限至 %(end)s 届满（%(basis)s），期限届满后"
            "方可申请人民法院强制执行（%(basis2)s）"
        ) % {
            "end": format(window.litigation_end, "%Y-%m-%d"),
            "basis": legal.cite("ARL.20", "ALL.46"),
            "basis2": legal.cite("AEL.53"),
        }
    if on <= window.reminder_end:
        return _("催告书于 %(served)s 送达，送达十日后（%(end)s 以后）方可申请（%(basis)s）") % {
            "served": format(reminder_served_on, "%Y-%m-%d"),
            "end": format(window.reminder_end, "%Y-%m-%d"),
            "basis": legal.cite("AEL.54"),
        }
    if on > window.last:
        return _(
            "申请人民法院强制执行的期限已于 %(last)s 届满：应自复议、诉讼期限届满之日起三个月内"
            "提出（%(basis)s）"
        ) % {"last": format(window.last, "%Y-%m-%d"), "basis": legal.cite("AEL.53")}
    return None


def measure_problems(
    kind: str,
    *,
    inspectors: int,
    heard_on: list[dt.date],
    measures_on: list[tuple[str, dt.date]],
    prior: list[Prior],
    penalty_key: str = "",
    violation: str = "",
    hearings_on: list[dt.date] | None = None,
) -> list[str]:
    """Every reason a measure cannot be taken yet, each citing its article (empty: it can).
    `heard_on` and `measures_on` are statement_problem's dates, `hearings_on`
    hearing_problem's; `penalty_key` is the article chosen for a fine or a stoppage (PENALTIES)
    and `violation` the violation it punishes (VIOLATIONS). A court application's periods are
    court_problem's, asked by the service with the decision's and the reminder's service."""
    found = [
        inspectors_problem(inspectors),
        statement_problem(kind, heard_on, measures_on),
        hearing_problem(kind, hearings_on or [], measures_on),
        prerequisite_problem(kind, prior, penalty_key, violation),
    ]
    return [p for p in found if p]


# A fine is paid within 15 days of receiving the decision (Administrative Penalty Law art. 67).
PENALTY_PAYMENT_DAYS = 15
# The bank pays the named workers from the deposit within 5 working days of the notice
# (《工程建设领域农民工工资保证金规定》人社部发〔2021〕65号).
DRAWDOWN_WORKDAYS = 5


def drawdown_problem(amount: Decimal, outstanding: Decimal) -> str | None:
    """The wage deposit pays the wages still owed to the workers, nothing more (Decree 724
    art. 32: 工资保证金……专项用于支付为所承包工程提供劳动的农民工被拖欠的工资；
    《工程建设领域农民工工资保证金规定》)."""
    if amount > outstanding:
        return _(
            "动用工资保证金支付的金额 %(yuan)s 元超过本案尚欠工资 %(yuan2)s 元"
            "（%(basis)s：工资保证金专项用于支付被拖欠的农民工工资）"
        ) % {"yuan": yuan(amount), "yuan2": yuan(outstanding), "basis": legal.cite("724.32")}
    return None


def drawdown_shares(outstanding: list[Decimal], amount: Decimal) -> list[Decimal]:
    """What the bank pays each worker from the deposit (the notice names each worker and the
    amount; the bank pays into the worker's own account, Decree 724 art. 31).
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
    the deadline at the earliest (Decree 423 art. 26 "逾期不支付"; 法释〔2013〕3号 art. 4
    "在指定的期限内仍不支付")."""
    if not complied and deadline is not None and on <= deadline:
        return _("履行期限至 %(deadline)s 届满，期限届满后才能登记“逾期未履行”") % {
            "deadline": format(deadline, "%Y-%m-%d")
        }
    return None
