"""Pure credit-list rules (失信联合惩戒名单, MOHRSS Order 45, in force 2022-01-01): who is eligible,
the workflow table, the 3-year term, early removal, the configurable time limits and the watch
list's criteria. No ORM here; each rule cites its article (DOMAIN section 2).

Periods counted in years or months follow the Civil Code (《民法典》第二百零一条、第二百零二条):
the starting day is not counted, the period ends on the corresponding day of the last month, and
on that month's last day when it has no corresponding day (a term from 02-29 ends on 02-28).
A period is complete ("满") once its last day has passed.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wageguard.core.calendar import DateAnswer, add_months, add_workdays
from wageguard.core.workflow import Workflow
from wageguard.parties.rules import PersonalData
from wageguard.parties.rules import personal_data_in as detect_personal_data

ORDER_45 = "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人社部令第45号）"

# --- eligibility (Order 45 art. 5) ----------------------------------------------------------


class Eligibility(models.TextChoices):
    ELIGIBLE = "eligible", _("符合列入条件")
    NOT_ELIGIBLE = "not_eligible", _("不符合列入条件")
    DEPENDS = "depends_on_provincial_figure", _("取决于本省数额标准")


@dataclass(frozen=True)
class EligibilityResult:
    answer: str
    reasons: list[str]


# The criminal-threshold answers of cases.rules.Answer, repeated as plain strings so this module
# stays free of the cases app (the values are the API's, and cannot drift silently: tests pin them).
MEETS, DOES_NOT_MEET, DEPENDS = "meets", "does_not_meet", "depends_on_provincial_figure"


def eligibility(
    ordered_and_missed: bool, amount_answer: str, mass_incident: bool
) -> EligibilityResult:
    """Whether a unit goes on the credit list (Order 45 art. 5): it was ordered by the HRSS
    department to pay by a deadline and did not, **and** either (1) the wages withheld or delayed
    reach the amount of the crime of refusing to pay wages (法释〔2013〕3号 art. 3; `amount_answer`
    is the criminal threshold's amount conditions alone), or (2) the arrears caused a mass or
    extreme incident with serious social impact.

    Three-valued like the threshold: while the province has not set its figures an amount between
    the national bounds gives `depends_on_provincial_figure`, unless a mass incident already
    makes the unit eligible.
    """
    reasons = [f"依据：{ORDER_45}第五条"]
    if ordered_and_missed:
        reasons.append("已经人力资源社会保障行政部门依法责令限期支付工资，逾期未支付")
    else:
        reasons.append(
            "未经责令限期支付工资，或责令支付的期限未届满、已按期支付：不符合第五条的前提条件"
        )
    amount_text = {
        MEETS: "拖欠数额达到认定拒不支付劳动报酬罪的数额标准（第五条第一项）",
        DEPENDS: "拖欠数额介于全国幅度之间，是否达到数额标准取决于本省数额标准（第五条第一项）",
        DOES_NOT_MEET: "拖欠数额未达到认定拒不支付劳动报酬罪的数额标准（第五条第一项）",
    }
    reasons.append(amount_text.get(amount_answer, amount_text[DOES_NOT_MEET]))
    if mass_incident:
        reasons.append(
            "因拖欠农民工工资引发群体性事件、极端事件，造成严重不良社会影响（第五条第二项）"
        )
    else:
        reasons.append("未记录因拖欠工资引发群体性事件、极端事件（第五条第二项不适用）")

    if not ordered_and_missed:
        answer = Eligibility.NOT_ELIGIBLE
    elif amount_answer == MEETS or mass_incident:
        answer = Eligibility.ELIGIBLE
    elif amount_answer == DEPENDS:
        answer = Eligibility.DEPENDS
    else:
        answer = Eligibility.NOT_ELIGIBLE
    reasons.append(
        {
            Eligibility.ELIGIBLE: "结论：符合列入失信联合惩戒名单的条件，应当作出列入决定，"
            "将用人单位及其法定代表人或主要负责人、直接负责的主管人员和其他直接责任人员一并列入",
            Eligibility.NOT_ELIGIBLE: "结论：不符合列入失信联合惩戒名单的条件",
            Eligibility.DEPENDS: "结论：待本省设定拒不支付劳动报酬罪数额标准后才能确定",
        }[answer]
    )
    return EligibilityResult(answer, reasons)


# --- workflow -------------------------------------------------------------------------------


class State(models.TextChoices):
    PROPOSED = "proposed", _("拟列入")
    NOTIFIED = "notified", _("已告知，陈述申辩期")
    LISTED = "listed", _("已列入")
    REMOVAL_REQUESTED = "removal_requested", _("申请提前移出，审核中")
    REMOVED = "removed", _("已提前移出")
    EXPIRED = "expired", _("期满移出")
    DROPPED = "dropped", _("不予列入")


class Action(models.TextChoices):
    PROPOSE = "propose", pgettext_lazy("credit action", "提出列入建议")
    NOTIFY = "notify", pgettext_lazy("credit action", "送达告知书")
    RECORD_DEFENCE = "record_defence", pgettext_lazy("credit action", "登记陈述申辩")
    DECIDE = "decide", pgettext_lazy("credit action", "作出列入决定")
    DROP = "drop", pgettext_lazy("credit action", "不予列入")
    APPLY_REMOVAL = "apply_removal", pgettext_lazy("credit action", "登记提前移出申请")
    APPROVE_REMOVAL = "approve_removal", pgettext_lazy("credit action", "同意提前移出")
    REFUSE_REMOVAL = "refuse_removal", pgettext_lazy("credit action", "不予提前移出")
    EXPIRE = "expire", pgettext_lazy("credit action", "期满移出")


# The one table of allowed moves (DESIGN: Workflow). Proposal creates the row in PROPOSED.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.PROPOSED, Action.NOTIFY): State.NOTIFIED,
    (State.PROPOSED, Action.DROP): State.DROPPED,
    (State.NOTIFIED, Action.RECORD_DEFENCE): State.NOTIFIED,
    (State.NOTIFIED, Action.DECIDE): State.LISTED,
    (State.NOTIFIED, Action.DROP): State.DROPPED,
    (State.LISTED, Action.APPLY_REMOVAL): State.REMOVAL_REQUESTED,
    (State.LISTED, Action.EXPIRE): State.EXPIRED,
    (State.REMOVAL_REQUESTED, Action.APPROVE_REMOVAL): State.REMOVED,
    (State.REMOVAL_REQUESTED, Action.REFUSE_REMOVAL): State.LISTED,
    # The term ends whatever the pending application (Order 45: the listing lasts 3 years).
    (State.REMOVAL_REQUESTED, Action.EXPIRE): State.EXPIRED,
}

# The permission verb (org.rules, model credit.creditlisting) each action needs. What the unit
# submits (a defence, an application) is registered by those who carry the steps; deciding,
# dropping and removing are the bureau leader's ("whoever enforces decides", art. 4).
PERMISSION: dict[str, str] = {
    Action.PROPOSE: "propose",
    Action.NOTIFY: "notify",
    Action.RECORD_DEFENCE: "record_defence",
    Action.DECIDE: "decide",
    Action.DROP: "decide",
    Action.APPLY_REMOVAL: "record_defence",
    Action.APPROVE_REMOVAL: "remove",
    Action.REFUSE_REMOVAL: "remove",
    Action.EXPIRE: "remove",
}
# Actions only the deciding agency itself may take (art. 4; art. 14: the application goes to the
# department that made the listing decision).
DECIDING_AGENCY_ONLY = frozenset({Action.DECIDE, Action.APPROVE_REMOVAL, Action.REFUSE_REMOVAL})

OPEN_STATES: tuple[str, ...] = (
    State.PROPOSED,
    State.NOTIFIED,
    State.LISTED,
    State.REMOVAL_REQUESTED,
)
# On the list: the unit bears the joint punishment until the term ends or it is removed.
CURRENT_STATES: tuple[str, ...] = (State.LISTED, State.REMOVAL_REQUESTED)


WORKFLOW = Workflow(TRANSITIONS, State, Action, automatic=[Action.EXPIRE])
next_state = WORKFLOW.next
allowed_actions = WORKFLOW.allowed


# --- dates: calendar months and years (Civil Code arts. 201-202) ----------------------------


# add_months (core.calendar): the corresponding day, or the month's last day (art. 202).

TERM_YEARS = 3


@dataclass(frozen=True)
class Term:
    listed_on: dt.date
    last_day: dt.date  # the last day the listing is current
    expires_on: dt.date  # the first day it is not: the day after last_day


def term(listed_on: dt.date) -> Term:
    """The listing lasts 3 years from the listing decision (Order 45 art. 13, DOMAIN: "Term 3
    years"), counted like every period in years here (《民法典》第二百零一条、第二百零二条): the
    decision day is not counted, the term ends on the corresponding day 3 years later, or on that
    month's last day when there is none, and the unit is off the list from the day after.
    Decided on 2026-11-29: current through 2029-11-29, off the list from 2029-11-30; decided on
    2028-02-29: through 2031-02-28, off from 2031-03-01; decided on 2028-03-01: through
    2031-03-01. The listing takes effect on the decision day (it is current from then on); the
    term's length is still reckoned from the day after. `expires_on` is the first day off the
    list: a listing is current while `today < expires_on`."""
    last = add_months(listed_on, 12 * TERM_YEARS)
    return Term(listed_on, last, last + dt.timedelta(days=1))


def is_current(state: str, expires_on: dt.date | None, today: dt.date) -> bool:
    """On the list today: decided, not removed, and the term not ended, even if the expiry job
    has not run yet (the public output never shows an ended term as current)."""
    return state in CURRENT_STATES and expires_on is not None and today < expires_on


# --- early removal (Order 45 art. 14) -------------------------------------------------------

REMOVAL_WAIT_MONTHS = 6


def removal_allowed_from(corrected_on: dt.date) -> dt.date:
    """The first day an application for early removal can be granted: 6 months after the
    arrears were paid (Order 45 art. 14, "自改正之日起满6个月"). The day of correction is not
    counted; the 6 months end on the corresponding day, or the month's last day, and are
    complete the day after (《民法典》第二百零一、二百零二条): corrected on 2026-03-15 ->
    from 2026-09-16; corrected on 2026-08-31 -> the period ends on 2027-02-28 -> from
    2027-03-01."""
    return add_months(corrected_on, REMOVAL_WAIT_MONTHS) + dt.timedelta(days=1)


@dataclass(frozen=True)
class PaidLine:
    """One worker line of the case as far as correction goes (what cases.CaseWorker records)."""

    owed: Decimal
    recovered: Decimal
    recovered_on: dt.date | None


@dataclass(frozen=True)
class Correction:
    """Whether and when the unit corrected the violation, read from the case: `problems` maps
    the field a refusal names to its message, empty when paid with a usable date."""

    paid: bool
    corrected_on: dt.date | None
    outstanding: Decimal
    problems: dict[str, str] = field(default_factory=dict)


def correction(lines: list[PaidLine], missed_deadline: dt.date | None) -> Correction:
    """Early removal needs the violation corrected (Order 45 art. 14: "已经改正"), and the 6
    months run from the correction: both are what the case records, not what an applicant
    ticks. Paid means nothing outstanding on any worker line (owed minus recovered is zero);
    the correction day is the last line's `recovered_on`, the day the arrears were cleared.
    The listing rests on an order whose deadline was missed (art. 5), so a correction dated
    before that deadline contradicts the listing and is refused, as is a paid line without a
    date (the 6 months would have no start)."""
    owed_lines = [line for line in lines if line.owed > 0]
    outstanding = sum((line.owed - line.recovered for line in owed_lines), Decimal(0))
    unpaid = [line for line in owed_lines if line.recovered < line.owed]
    problems: dict[str, str] = {}
    if unpaid:
        problems["arrears_paid"] = _(
            "本案仍有 %(n)d 名劳动者的工资未足额支付，尚欠 %(owed)s 元："
            "改正违法行为（足额支付）并在案件中登记追回后方可申请提前移出（第十四条）"
        ) % {"n": len(unpaid), "owed": f"{outstanding:,.2f}"}
        return Correction(False, None, outstanding, problems)
    if not owed_lines:
        problems["arrears_paid"] = _("本案未登记拖欠工资的劳动者，无法确认已改正违法行为")
        return Correction(False, None, outstanding, problems)
    if any(line.recovered_on is None for line in owed_lines):
        problems["corrected_on"] = _("有劳动者的工资已登记追回但未登记追回日期，无法确定改正之日")
        return Correction(True, None, outstanding, problems)
    corrected = max(line.recovered_on for line in owed_lines if line.recovered_on)
    if missed_deadline is not None and corrected < missed_deadline:
        problems["corrected_on"] = _(
            "登记的清偿日期 %(corrected)s 早于逾期未履行的责令支付期限 %(deadline)s："
            "请核对案件的追回记录"
        ) % {"corrected": f"{corrected:%Y-%m-%d}", "deadline": f"{missed_deadline:%Y-%m-%d}"}
    return Correction(True, corrected, outstanding, problems)


@dataclass(frozen=True)
class RemovalCheck:
    allowed: bool
    reasons: list[str] = field(default_factory=list)
    allowed_from: dt.date | None = None


def early_removal(
    arrears_paid: bool, corrected_on: dt.date | None, commitment: bool, today: dt.date
) -> RemovalCheck:
    """A listed unit may be removed early on application when it has paid the arrears (corrected
    the violation), 6 months have passed since the correction, and it made a credit commitment
    (信用承诺) (Order 45 art. 14). All three are needed; each missing one is named."""
    reasons = [f"依据：{ORDER_45}第十四条"]
    ok = True
    if arrears_paid:
        reasons.append("已足额支付拖欠的农民工工资，改正了违法行为")
    else:
        ok = False
        reasons.append("尚未足额支付拖欠的农民工工资")
    start = None
    if corrected_on is None:
        ok = False
        reasons.append("未登记改正（清偿）日期")
    else:
        start = removal_allowed_from(corrected_on)
        if today >= start:
            reasons.append(f"自改正之日（{corrected_on:%Y-%m-%d}）起已满 6 个月")
        else:
            ok = False
            reasons.append(
                f"自改正之日（{corrected_on:%Y-%m-%d}）起未满 6 个月，"
                f"{start:%Y-%m-%d} 起方可提前移出"
            )
    if commitment:
        reasons.append("已作出信用承诺")
    else:
        ok = False
        reasons.append("未作出信用承诺")
    return RemovalCheck(ok, reasons, start)


# --- configurable time limits (DOMAIN: configurable; defaults 5 / 10 / 15 working days) -------

DEFAULT_DEFENCE_DAYS = 5
DEFAULT_DECISION_DAYS = 10
DEFAULT_REMOVAL_REVIEW_DAYS = 15


def defence_due(notice_delivered_on: dt.date, days: int) -> DateAnswer:
    """The party may state and defend itself within `days` working days of receiving the notice
    (Order 45 art. 7; default 5): the delivery day does not count (core.calendar)."""
    return add_workdays(notice_delivered_on, days)


def decision_due(defence_period_end: dt.date, days: int) -> DateAnswer:
    """The listing decision follows within `days` working days after the defence period
    (Order 45 art. 8; configurable, default 10)."""
    return add_workdays(defence_period_end, days)


def removal_review_due(applied_on: dt.date, days: int) -> DateAnswer:
    """An application for early removal is reviewed within `days` working days of receipt
    (Order 45 art. 15; configurable, default 15)."""
    return add_workdays(applied_on, days)


# --- watch list (重点关注名单; criteria configurable) -----------------------------------------


@dataclass(frozen=True)
class WatchCriteria:
    min_amount: Decimal
    min_workers: int
    repeat_cases: int
    repeat_months: int


def watch_reasons(
    amount_owed: Decimal, workers: int, cases_in_window: int, criteria: WatchCriteria
) -> list[str]:
    """Why a unit belongs on the watch list, empty when it does not. DOMAIN: "A watch list
    (重点关注名单) exists too: criteria configurable"; any one criterion suffices: the amount
    owed in the case, the workers owed, or repeated cases within the window."""
    reasons = []
    if criteria.min_amount and amount_owed >= criteria.min_amount:
        reasons.append(
            f"拖欠金额 {amount_owed:,.2f} 元，达到关注标准 {criteria.min_amount:,.2f} 元"
        )
    if criteria.min_workers and workers >= criteria.min_workers:
        reasons.append(f"涉及劳动者 {workers} 名，达到关注标准 {criteria.min_workers} 名")
    if criteria.repeat_cases and cases_in_window >= criteria.repeat_cases:
        reasons.append(
            f"{criteria.repeat_months} 个月内被立案 {cases_in_window} 次，"
            f"达到关注标准 {criteria.repeat_cases} 次"
        )
    return reasons


# --- public text (Order 45 art. 4: personal information is protected) -------------------------


def personal_data_in(text: str, names: list[str] | tuple[str, ...] = ()) -> list[str]:
    """What in a text meant for the public must not be there: ID, phone and bank card numbers,
    e-mail addresses and the given names (the case's workers, reporter, interviewees and other
    persons but the legal representative), found by the detector publication redacts with
    (parties.rules.personal_data_in). The listing's facts are published (art. 9) while the
    department protects personal information (art. 4), so such text is refused, not stored."""
    return [
        "个人姓名" if kind == PersonalData.NAME else str(kind.label)
        for kind in detect_personal_data(text, names)
    ]
