"""Pure credit-list rules (失信联合惩戒名单, MOHRSS Order 45, in force 2022-01-01): who is eligible,
relief before listing, the workflow table, the time limits the text fixes, the 3-year term,
early removal and its bars, and the watch list's criteria. No ORM here; each rule cites its
article through `core.legal` (DOMAIN section 2). Text stored on a listing or printed on a
document is in the language of the record (`legal.record_cite`), whoever reads it.

Periods counted in years or months follow the Civil Code (Civil Code arts. 201-202):
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

from wageguard.core import legal
from wageguard.core.calendar import DateAnswer, add_months, add_workdays
from wageguard.core.workflow import Workflow
from wageguard.parties.rules import PersonalData
from wageguard.parties.rules import personal_data_in as detect_personal_data

ORDER_45 = legal.title("O45")


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
    makes the unit eligible. An eligible unit that corrected and gave a written commitment before
    the decision may still be left off (art. 7, `relief`): the conclusion says so.
    """
    reasons = [f"依据：{legal.record_cite('O45.5')}"]
    if ordered_and_missed:
        reasons.append("已经人力资源社会保障行政部门依法责令限期支付工资，逾期未支付")
    else:
        reasons.append(
            "未经责令限期支付工资，或责令支付的期限未届满、已按期支付："
            f"不符合{legal.record_cite('O45.5')}的前提条件"
        )
    item1, item2 = legal.record_cite("O45.5", item=1), legal.record_cite("O45.5", item=2)
    amount_text = {
        MEETS: f"拖欠数额达到认定拒不支付劳动报酬罪的数额标准（{item1}）",
        DEPENDS: f"拖欠数额介于全国幅度之间，是否达到数额标准取决于本省数额标准（{item1}）",
        DOES_NOT_MEET: f"拖欠数额未达到认定拒不支付劳动报酬罪的数额标准（{item1}）",
    }
    reasons.append(amount_text.get(amount_answer, amount_text[DOES_NOT_MEET]))
    if mass_incident:
        reasons.append(f"因拖欠农民工工资引发群体性事件、极端事件，造成严重不良社会影响（{item2}）")
    else:
        reasons.append(f"未记录因拖欠工资引发群体性事件、极端事件（{item2}不适用）")

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
            "将用人单位及其法定代表人或主要负责人、直接负责的主管人员和其他直接责任人员一并列入；"
            "用人单位在作出列入决定前已经改正并作出不再拖欠农民工工资书面信用承诺的，"
            f"可以不予列入（{legal.record_cite('O45.7')}）",
            Eligibility.NOT_ELIGIBLE: "结论：不符合列入失信联合惩戒名单的条件",
            Eligibility.DEPENDS: "结论：待本省设定拒不支付劳动报酬罪数额标准后才能确定",
        }[answer]
    )
    return EligibilityResult(answer, reasons)


# --- relief before listing (Order 45 art. 7) ------------------------------------------------


class Relief(models.TextChoices):
    """Art. 7 leaves a choice: a unit that corrected and gave a written commitment before the
    decision *may* be left off. The answer is never "must be listed" nor "must be left off": the
    official records the choice (`ReliefChoice`) and the reason."""

    MAY_LEAVE_OFF = "may_leave_off", _("可以不予列入（由机关裁量并说明理由）")
    NOT_APPLICABLE = "not_applicable", _("不适用可以不予列入的规定")


class ReliefChoice(models.TextChoices):
    LIST = "list", _("仍作出列入决定")
    LEAVE_OFF = "leave_off", _("不予列入")


@dataclass(frozen=True)
class ReliefAnswer:
    answer: str
    reasons: list[str]


def relief(paid: bool, commitment_on: dt.date | None) -> ReliefAnswer:
    """Order 45 art. 7: before the listing decision, the unit has corrected (paid: read from the
    case's worker lines, never from what it says) **and** given a written credit commitment (the
    day the bureau received it). Both hold: `may_leave_off`, a discretion the official exercises
    with a recorded reason; either missing: `not_applicable`, naming what is missing."""
    reasons = [f"依据：{legal.record_cite('O45.7')}"]
    reasons.append(
        "已足额支付拖欠的农民工工资，改正了违法行为" if paid else "尚未足额支付拖欠的农民工工资"
    )
    if commitment_on:
        reasons.append(f"已于 {commitment_on:%Y-%m-%d} 作出不再拖欠农民工工资的书面信用承诺")
    else:
        reasons.append("未登记不再拖欠农民工工资的书面信用承诺")
    if paid and commitment_on:
        reasons.append("结论：可以不予列入；是否列入由本机关决定，并记录理由")
        return ReliefAnswer(Relief.MAY_LEAVE_OFF, reasons)
    reasons.append("结论：不适用可以不予列入的规定")
    return ReliefAnswer(Relief.NOT_APPLICABLE, reasons)


# --- workflow -------------------------------------------------------------------------------


class State(models.TextChoices):
    PROPOSED = "proposed", _("拟列入")
    NOTIFIED = "notified", _("已告知，陈述申辩期")
    LISTED = "listed", _("已列入")
    REMOVAL_REQUESTED = "removal_requested", _("申请提前移出，审核中")
    REMOVED = "removed", _("已提前移出")
    EXPIRED = "expired", _("期满移出")
    DROPPED = "dropped", _("不予列入")
    REVOKED = "revoked", _("列入决定已撤销")


class Action(models.TextChoices):
    PROPOSE = "propose", pgettext_lazy("credit action", "提出列入建议")
    EXTEND_DECISION = "extend_decision", pgettext_lazy("credit action", "批准延长列入决定期限")
    NOTIFY = "notify", pgettext_lazy("credit action", "送达告知书")
    RECORD_DEFENCE = "record_defence", pgettext_lazy("credit action", "登记陈述申辩")
    CHECK_OBJECTION = "check_objection", pgettext_lazy("credit action", "登记异议核实结果")
    RECORD_COMMITMENT = "record_commitment", pgettext_lazy("credit action", "登记书面信用承诺")
    DECIDE = "decide", pgettext_lazy("credit action", "作出列入决定")
    DROP = "drop", pgettext_lazy("credit action", "不予列入")
    APPLY_REMOVAL = "apply_removal", pgettext_lazy("credit action", "登记提前移出申请")
    APPROVE_REMOVAL = "approve_removal", pgettext_lazy("credit action", "同意提前移出")
    REFUSE_REMOVAL = "refuse_removal", pgettext_lazy("credit action", "不予提前移出")
    RESTORE = "restore", pgettext_lazy("credit action", "撤销提前移出决定，恢复列入")
    REVOKE = "revoke", pgettext_lazy("credit action", "撤销列入决定")
    EXPIRE = "expire", pgettext_lazy("credit action", "期满移出")


# The one table of allowed moves (DESIGN: Workflow). Proposal creates the row in PROPOSED.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.PROPOSED, Action.NOTIFY): State.NOTIFIED,
    (State.PROPOSED, Action.EXTEND_DECISION): State.PROPOSED,
    (State.PROPOSED, Action.RECORD_COMMITMENT): State.PROPOSED,
    (State.PROPOSED, Action.DROP): State.DROPPED,
    (State.NOTIFIED, Action.RECORD_DEFENCE): State.NOTIFIED,
    (State.NOTIFIED, Action.CHECK_OBJECTION): State.NOTIFIED,
    (State.NOTIFIED, Action.RECORD_COMMITMENT): State.NOTIFIED,
    (State.NOTIFIED, Action.EXTEND_DECISION): State.NOTIFIED,
    (State.NOTIFIED, Action.DECIDE): State.LISTED,
    (State.NOTIFIED, Action.DROP): State.DROPPED,
    (State.LISTED, Action.APPLY_REMOVAL): State.REMOVAL_REQUESTED,
    (State.LISTED, Action.REVOKE): State.REVOKED,
    (State.LISTED, Action.EXPIRE): State.EXPIRED,
    (State.REMOVAL_REQUESTED, Action.APPROVE_REMOVAL): State.REMOVED,
    (State.REMOVAL_REQUESTED, Action.REFUSE_REMOVAL): State.LISTED,
    (State.REMOVAL_REQUESTED, Action.REVOKE): State.REVOKED,
    # The term ends whatever the pending application (art. 11: the listing lasts 3 years).
    (State.REMOVAL_REQUESTED, Action.EXPIRE): State.EXPIRED,
    # Art. 15: an early removal obtained by fraud is revoked, the listing restored.
    (State.REMOVED, Action.RESTORE): State.LISTED,
    (State.REMOVED, Action.REVOKE): State.REVOKED,
    # Art. 16: a listing decision whose order is revoked is revoked, even after its term.
    (State.EXPIRED, Action.REVOKE): State.REVOKED,
}

# The permission verb (org.rules, model credit.creditlisting) each action needs. What the unit
# submits (a defence, a commitment, an application) is registered by those who carry the steps;
# deciding, dropping, extending, removing, restoring and revoking are the bureau leader's
# ("whoever enforces decides", art. 4; art. 8: the extension needs the head's approval).
PERMISSION: dict[str, str] = {
    Action.PROPOSE: "propose",
    Action.EXTEND_DECISION: "decide",
    Action.NOTIFY: "notify",
    Action.RECORD_DEFENCE: "record_defence",
    Action.CHECK_OBJECTION: "notify",
    Action.RECORD_COMMITMENT: "record_defence",
    Action.DECIDE: "decide",
    Action.DROP: "decide",
    Action.APPLY_REMOVAL: "record_defence",
    Action.APPROVE_REMOVAL: "remove",
    Action.REFUSE_REMOVAL: "remove",
    Action.RESTORE: "remove",
    Action.REVOKE: "decide",
    Action.EXPIRE: "remove",
}
# Actions only the deciding agency itself may take (art. 4; art. 8 its head approves the
# extension; art. 14 the application goes to the department that made the listing decision;
# arts. 15-16 that department revokes).
DECIDING_AGENCY_ONLY = frozenset(
    {
        Action.EXTEND_DECISION,
        Action.DECIDE,
        Action.APPROVE_REMOVAL,
        Action.REFUSE_REMOVAL,
        Action.RESTORE,
        Action.REVOKE,
    }
)

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
    """The listing lasts 3 years from the listing decision (Order 45 art. 11), counted like
    every period in years here (Civil Code arts. 201-202): the decision day is not counted, the
    term ends on the corresponding day 3 years later, or on that month's last day when there is
    none, and the unit is off the list from the day after.
    Decided on 2026-11-29: current through 2029-11-29, off the list from 2029-11-30; decided on
    2028-02-29: through 2031-02-28, off from 2031-03-01; decided on 2028-03-01: through
    2031-03-01. The listing takes effect on the decision day (it is current from then on); the
    term's length is still reckoned from the day after. `expires_on` is the first day off the
    list: a listing is current while `today < expires_on`. A listing restored after a fraudulent
    early removal starts a new term on the restoration day (art. 15: 起止时间重新计算)."""
    last = add_months(listed_on, 12 * TERM_YEARS)
    return Term(listed_on, last, last + dt.timedelta(days=1))


def is_current(state: str, expires_on: dt.date | None, today: dt.date) -> bool:
    """On the list today: decided, not removed, and the term not ended, even if the expiry job
    has not run yet (the public output never shows an ended term as current)."""
    return state in CURRENT_STATES and expires_on is not None and today < expires_on


# --- time limits fixed by Order 45 (not settings) --------------------------------------------

# What the record says when the unit waived its defence: no objection, nothing to check.
WAIVER = "当事人放弃陈述、申辩"

OBJECTION_DAYS = 5  # art. 6: the party objects within 5 working days of receiving the notice
OBJECTION_CHECK_DAYS = 5  # art. 6: the bureau checks an objection within 5 working days
DECISION_DAYS = 20  # art. 8: decision within 20 working days of the order's deadline
DECISION_EXTENSION_DAYS = 20  # art. 8: +20 with the head's approval in complex cases
REMOVAL_REVIEW_DAYS = 15  # art. 14: an application decided within 15 working days


def objection_due(served_on: dt.date) -> DateAnswer:
    """The party may object within 5 working days of receiving the notice (Order 45 art. 6):
    counted from the day the notice was served, that day not counted (core.calendar)."""
    return add_workdays(served_on, OBJECTION_DAYS)


def objection_check_due(received_on: dt.date) -> DateAnswer:
    """An objection made within the period is checked, and the result told to the party, within
    5 working days of its receipt (Order 45 art. 6)."""
    return add_workdays(received_on, OBJECTION_CHECK_DAYS)


def decision_due(order_deadline: dt.date, extended: bool = False) -> DateAnswer:
    """The listing decision is made within 20 working days of the lapse of the deadline the
    order to pay set (Order 45 art. 8: 自责令限期支付工资文书指定期限届满之日起), the deadline
    day itself not counted; 20 more with the head's approval in a complex case."""
    days = DECISION_DAYS + (DECISION_EXTENSION_DAYS if extended else 0)
    return add_workdays(order_deadline, days)


def removal_review_due(applied_on: dt.date) -> DateAnswer:
    """An application for early removal is checked and decided within 15 working days of its
    receipt (Order 45 art. 14)."""
    return add_workdays(applied_on, REMOVAL_REVIEW_DAYS)


# --- early removal (Order 45 arts. 12 to 14) ---------------------------------------------------

REMOVAL_WAIT_MONTHS = 6


def removal_allowed_from(corrected_on: dt.date, listed_on: dt.date | None = None) -> dt.date:
    """The first day an application for early removal can be granted: the unit has been on the
    list 6 months since it corrected (Order 45 art. 12(2), 自改正之日起被列入失信联合惩戒名单满
    6个月): the 6 months run from the later of the correction and the listing decision, since a
    unit that corrected before it was listed has been on the list only from the decision. The
    starting day is not counted; the 6 months end on the corresponding day, or the month's last
    day, and are complete the day after (Civil Code arts. 201-202): corrected on 2026-03-15 and
    listed before -> from 2026-09-16; corrected 2026-03-15, listed 2026-05-10 -> from
    2026-11-11; corrected on 2026-08-31 -> the period ends on 2027-02-28 -> from 2027-03-01."""
    start = max(corrected_on, listed_on) if listed_on else corrected_on
    return add_months(start, REMOVAL_WAIT_MONTHS) + dt.timedelta(days=1)


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
    """Early removal needs the violation corrected (Order 45 art. 12(1): "已经改正"), and the
    6 months run from the correction: both are what the case records, not what an applicant
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
            "改正违法行为（足额支付）并在案件中登记追回后方可申请提前移出（%(basis)s）"
        ) % {
            "n": len(unpaid),
            "owed": f"{outstanding:,.2f}",
            "basis": legal.cite("O45.12", item=1),
        }
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


class Bar(models.TextChoices):
    """The answer to one bar of art. 13: it applies, it does not, or the records cannot tell
    (then the official records the fact, `RecurrenceFinding` / `CriminalFinding`)."""

    APPLIES = "applies", _("存在不得提前移出的情形")
    DOES_NOT_APPLY = "does_not_apply", _("不存在该情形")
    UNKNOWN = "unknown", _("记录不足以判断，须经办人核实登记")


class RecurrenceFinding(models.TextChoices):
    """What the official found where the records cannot tell whether arrears recurred."""

    NONE = "none", _("经核实，列入期间未再次发生拖欠农民工工资违法行为")
    RECURRED = "recurred", _("经核实，列入期间再次发生拖欠农民工工资违法行为")


class CriminalFinding(models.TextChoices):
    """What the official found about criminal proceedings where the records cannot tell: a
    transfer the police have not answered, or a filed one whose outcome they did not record."""

    NONE = "none", _("经核实，未因涉嫌拒不支付劳动报酬犯罪被立案")
    ENDED = "ended", _("经核实，刑事诉讼已终结且未被追究刑事责任（撤销案件、不起诉或宣告无罪）")
    PROCEEDINGS = "proceedings", _("经核实，正在刑事诉讼期间")
    CONVICTED = "convicted", _("经核实，已被追究刑事责任")


@dataclass(frozen=True)
class BarAnswer:
    answer: str
    reasons: list[str]


@dataclass(frozen=True)
class Recurrence:
    """A clue or case against the same unit received or filed during the listing: `arrears`
    True when arrears were found, False when the records say none were, None when they do not
    say yet (a clue being verified, a case without its findings)."""

    label: str
    on: dt.date
    arrears: bool | None


def recurrence_bar(items: list[Recurrence], finding: str = "") -> BarAnswer:
    """Order 45 art. 13(1): no early removal when the unit again withheld or delayed migrant
    workers' wages during the listing. Read from the records: a clue or case against the same
    unit received during the listing in which arrears were found applies the bar (no finding
    overrides a record); one still open leaves the answer unknown until the official records
    what was found (`finding`); none, or only ones found without arrears, do not."""
    basis = legal.record_cite("O45.13", item=1)
    reasons = [f"依据：{basis}"]
    found = [x for x in items if x.arrears]
    open_ = [x for x in items if x.arrears is None]
    for x in found:
        reasons.append(f"{x.label}（{x.on:%Y-%m-%d}）：查实拖欠农民工工资")
    for x in open_:
        reasons.append(f"{x.label}（{x.on:%Y-%m-%d}）：尚未查明是否拖欠")
    for x in items:
        if x.arrears is False:
            reasons.append(f"{x.label}（{x.on:%Y-%m-%d}）：未查实拖欠")
    if found:
        reasons.append("结论：列入期限内再次发生拖欠农民工工资违法行为，不得提前移出")
        return BarAnswer(Bar.APPLIES, reasons)
    if finding == RecurrenceFinding.RECURRED:
        reasons.append(f"经办人登记：{RecurrenceFinding.RECURRED.label}，不得提前移出")
        return BarAnswer(Bar.APPLIES, reasons)
    if open_:
        if finding == RecurrenceFinding.NONE:
            reasons.append(f"经办人登记：{RecurrenceFinding.NONE.label}")
            return BarAnswer(Bar.DOES_NOT_APPLY, reasons)
        reasons.append("结论：记录不足以判断列入期间是否再次发生拖欠，须经办人核实并登记")
        return BarAnswer(Bar.UNKNOWN, reasons)
    if not items:
        reasons.append("列入期间本系统无针对该单位的线索或案件")
    reasons.append("结论：未发现列入期间再次发生拖欠农民工工资违法行为")
    return BarAnswer(Bar.DOES_NOT_APPLY, reasons)


# The police's answers to a transfer (cases.rules.TransferResponse), as plain strings so this
# module stays free of the cases app; tests pin them.
TRANSFER_PENDING, TRANSFER_ACCEPTED = "pending", "accepted"
TRANSFER_FILED, TRANSFER_NOT_FILED = "filed", "not_filed"


@dataclass(frozen=True)
class TransferFact:
    label: str
    transferred_on: dt.date
    response: str
    response_on: dt.date | None


def criminal_bar(transfers: list[TransferFact], finding: str = "") -> BarAnswer:
    """Order 45 art. 13(2): no early removal while the unit is in criminal proceedings for the
    crime of refusing to pay wages, or once it was held criminally liable for it. Read from the
    transfers to the police (cases.PoliceTransfer): one the police filed (立案) counts as
    proceedings under way or ended in a conviction, since the records hold no end of the
    proceedings; only the official's finding that they ended without liability (`ended`)
    clears it. One the police have not answered (pending, accepted without a filing decision)
    leaves the answer unknown until the official records the fact. A refusal to file
    (不予立案), or no transfer, is no proceedings. A recorded `proceedings` or `convicted`
    applies the bar whatever the transfers say."""
    basis = legal.record_cite("O45.13", item=2)
    reasons = [f"依据：{basis}"]
    filed = [t for t in transfers if t.response == TRANSFER_FILED]
    waiting = [t for t in transfers if t.response in (TRANSFER_PENDING, TRANSFER_ACCEPTED)]
    for t in filed:
        when = f"{t.response_on:%Y-%m-%d}" if t.response_on else "日期未登记"
        reasons.append(f"{t.label}（{t.transferred_on:%Y-%m-%d} 移送）：公安机关已立案（{when}）")
    for t in waiting:
        reasons.append(f"{t.label}（{t.transferred_on:%Y-%m-%d} 移送）：公安机关尚未答复是否立案")
    for t in transfers:
        if t.response == TRANSFER_NOT_FILED:
            reasons.append(f"{t.label}（{t.transferred_on:%Y-%m-%d} 移送）：公安机关不予立案")
    if finding in (CriminalFinding.PROCEEDINGS, CriminalFinding.CONVICTED):
        reasons.append(f"经办人登记：{CriminalFinding(finding).label}，不得提前移出")
        return BarAnswer(Bar.APPLIES, reasons)
    if filed:
        if finding == CriminalFinding.ENDED:
            reasons.append(f"经办人登记：{CriminalFinding.ENDED.label}")
            return BarAnswer(Bar.DOES_NOT_APPLY, reasons)
        reasons.append(
            "结论：因涉嫌拒不支付劳动报酬犯罪正在刑事诉讼期间或已被追究刑事责任，不得提前移出"
            "（刑事诉讼已终结且未被追究刑事责任的，须经办人核实登记）"
        )
        return BarAnswer(Bar.APPLIES, reasons)
    if waiting:
        if finding in (CriminalFinding.NONE, CriminalFinding.ENDED):
            reasons.append(f"经办人登记：{CriminalFinding(finding).label}")
            return BarAnswer(Bar.DOES_NOT_APPLY, reasons)
        reasons.append(
            "结论：公安机关未答复，记录不足以判断是否正在刑事诉讼期间，须经办人核实并登记"
        )
        return BarAnswer(Bar.UNKNOWN, reasons)
    if not transfers:
        reasons.append("本系统无该单位涉嫌拒不支付劳动报酬罪的移送记录")
    reasons.append("结论：未发现因涉嫌拒不支付劳动报酬犯罪正在刑事诉讼期间或已被追究刑事责任")
    return BarAnswer(Bar.DOES_NOT_APPLY, reasons)


# --- revocation (Order 45 art. 16) ----------------------------------------------------------


class RevokingKind(models.TextChoices):
    """How the order to pay the listing rests on was revoked (依法撤销): on administrative
    review, by a court, or by the bureau itself correcting its own order."""

    REVIEW = "review", _("行政复议决定撤销")
    COURT = "court", _("人民法院判决撤销")
    SELF = "self", _("本机关依法自行撤销")


class Removal(models.TextChoices):
    ALLOWED = "allowed", _("可以提前移出")
    REFUSED = "refused", _("不得提前移出")
    UNKNOWN = "unknown", _("须经办人核实登记后才能判断")


@dataclass(frozen=True)
class RemovalCheck:
    allowed: bool
    reasons: list[str] = field(default_factory=list)
    allowed_from: dt.date | None = None
    answer: str = ""
    # The field each failing condition or bar names (arrears_paid, corrected_on, commitment,
    # recurrence_finding, criminal_finding), with its message.
    problems: dict[str, str] = field(default_factory=dict)


def early_removal(
    arrears_paid: bool,
    corrected_on: dt.date | None,
    commitment: bool,
    today: dt.date,
    listed_on: dt.date | None = None,
    bars: tuple[BarAnswer, ...] = (),
) -> RemovalCheck:
    """A listed unit may be removed early on application when it has paid the arrears
    (corrected the violation), it has been on the list 6 months since the correction, and it
    made a written credit commitment (Order 45 art. 12); all three are needed, each missing one
    is named. Even then, no early removal when a bar of art. 13 applies (`bars`: recurrence
    and criminal proceedings). Three-valued: `allowed`, `refused`, or `unknown` when a bar
    cannot be read from the records and the official has not recorded the fact."""
    basis12 = legal.record_cite("O45.12")
    reasons = [f"依据：{legal.record_cite('O45.12', 'O45.13')}"]
    problems: dict[str, str] = {}
    if arrears_paid:
        reasons.append("已足额支付拖欠的农民工工资，改正了违法行为")
    else:
        reasons.append("尚未足额支付拖欠的农民工工资")
        problems["arrears_paid"] = f"尚未足额支付拖欠的农民工工资（{basis12}）"
    start = None
    if corrected_on is None:
        reasons.append("未登记改正（清偿）日期")
        problems.setdefault("corrected_on", f"未登记改正（清偿）日期（{basis12}）")
    else:
        start = removal_allowed_from(corrected_on, listed_on)
        since = max(corrected_on, listed_on) if listed_on else corrected_on
        origin = (
            f"列入之日（{since:%Y-%m-%d}）"
            if listed_on and listed_on > corrected_on
            else f"改正之日（{corrected_on:%Y-%m-%d}）"
        )
        if today >= start:
            reasons.append(f"自{origin}起被列入名单已满 6 个月")
        else:
            text = f"自{origin}起被列入名单未满 6 个月，{start:%Y-%m-%d} 起方可提前移出"
            reasons.append(text)
            problems["corrected_on"] = f"{text}（{legal.record_cite('O45.12', item=2)}）"
    if commitment:
        reasons.append("已作出书面信用承诺")
    else:
        reasons.append("未作出书面信用承诺")
        problems["commitment"] = (
            f"未作出不再拖欠农民工工资书面信用承诺（{legal.record_cite('O45.12', item=3)}）"
        )
    unknown = False
    for name, bar in zip(("recurrence_finding", "criminal_finding"), bars, strict=False):
        reasons.extend(bar.reasons[1:])
        if bar.answer == Bar.APPLIES:
            problems[name] = "；".join([bar.reasons[0], *bar.reasons[1:]])
        elif bar.answer == Bar.UNKNOWN:
            unknown = True
            problems[name] = "；".join([bar.reasons[0], *bar.reasons[1:]])
    applies = any(bar.answer == Bar.APPLIES for bar in bars)
    conditions = set(problems) - {"recurrence_finding", "criminal_finding"}
    if applies or conditions:
        answer = Removal.REFUSED
    elif unknown:
        answer = Removal.UNKNOWN
    else:
        answer = Removal.ALLOWED
    reasons.append(f"结论：{Removal(answer).label}")
    return RemovalCheck(answer == Removal.ALLOWED, reasons, start, answer, problems)


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
