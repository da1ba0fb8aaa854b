"""The credit list's workflow actions, each declared once (DESIGN: actions.py).

A declaration names the action (label and history label from `rules.Action`; the permission verb
from `rules.PERMISSION`, the role table of Order 45 art. 4), its input fields, a help line for the
page, and its effect `fn(listing, user, **data)`: what the action does besides the state change
(dates, deadlines, documents), with `data` already typed by the fields. From the declarations
come the page's forms, the API's `CreditTransitionIn` and the audit name (`credit.<action>`);
`services.transition` keeps permission, jurisdiction, the table, history and audit, in one
transaction. Proposal is not here: it creates the listing rather than moving it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.cases.documents import issue
from wageguard.cases.models import CaseDocument
from wageguard.cases.rules import DecisionState, DocumentKind
from wageguard.core import legal
from wageguard.core.registry import Registry
from wageguard.org.models import User

from . import forms as f
from . import records, rules
from .models import CreditListing
from .records import correction_for
from .rules import Action

__all__ = ["ACTIONS", "CreditAction", "correction_for", "declare"]

Effect = Callable[..., dict]


@dataclass(frozen=True)
class CreditAction:
    name: str
    form: type[f.ActionForm]
    effect: Effect
    # Dropping and refusing removal end what the unit asked for: the lesser button on the page.
    cautious: bool = False

    @property
    def label(self) -> str:
        return Action(self.name).label

    @property
    def audit_name(self) -> str:
        return f"credit.{self.name}"

    @property
    def needs(self) -> str:
        return rules.PERMISSION[self.name]

    @property
    def automatic(self) -> bool:
        """Taken by a scheduled job (the term's expiry), never offered to a person."""
        return self.name in rules.WORKFLOW.automatic

    def clean(self, data: dict, listing: CreditListing, user: User | None) -> dict:
        """The typed fields, or a ValidationError naming each field that is wrong."""
        bound = self.form(data=data)
        if not bound.is_valid():
            raise ValidationError(bound.errors.as_data())
        return bound.cleaned_data


ACTIONS: Registry[CreditAction] = Registry("credit-list actions")


def declare(name: str, effect: Effect, fields: dict[str, forms.Field], help="", **options):
    form = type(f"{name.title().replace('_', '')}Form", (f.ActionForm,), dict(fields))
    form.action, form.label, form.help = name, Action(name).label, help
    order = list(Action.values).index(name)
    return ACTIONS.register(name, CreditAction(name, form, effect, **options), order=order)


# --- what the effects share -------------------------------------------------------------------


def _persons_for_document(listing: CreditListing) -> list[dict]:
    return [
        {"role": p.get_role_display(), "name": p.person.name, "position": p.position}
        for p in listing.persons.select_related("person")
    ]


def _issue(listing: CreditListing, kind: str, user: User, **extra: Any) -> CaseDocument:
    """A numbered Word document on the listing's case (cases.documents formats the dates);
    credit documents carry no worker lines: the persons are the unit's, the facts public text.
    A decision's `expires_on` is the term's last day ("至…止"), not the first day off the list."""
    return issue(
        listing.case,
        kind,
        user,
        {
            "addressee": listing.unit_name,
            "listing_facts": listing.facts,
            "persons": _persons_for_document(listing),
            **extra,
        },
    )


def _issue_zh(listing: CreditListing, kind: str, user: User, **extra: Any) -> CaseDocument:
    """`_issue` in the language of the record: a document reads the same whoever acted."""
    with translation.override(legal.RECORD_LANGUAGE):
        return _issue(listing, kind, user, **extra)


def _day(value: dt.date | None, field: str, message: str, earliest: dt.date | None = None):
    """`value` or today, refused when in the future or before `earliest`."""
    today = timezone.localdate()
    day = value or today
    if day > today or (earliest is not None and day < earliest):
        raise ValidationError({field: message})
    return day


def _removal_check(
    listing: CreditListing,
    commitment: bool,
    day: dt.date,
    recurrence_finding: str = "",
    criminal_finding: str = "",
    *,
    unknown_ok: bool = False,
) -> tuple[rules.Correction, rules.RemovalCheck]:
    """Order 45 arts. 12 and 13 on `day` (records.removal_check_for): refused naming each field
    that fails (arrears_paid, corrected_on, commitment, recurrence_finding, criminal_finding)
    with its article. `unknown_ok`: an application may be registered while a bar cannot yet be
    read from the records; the decision on it may not."""
    fixed, check = records.removal_check_for(
        listing, day, commitment, recurrence_finding, criminal_finding
    )
    if fixed.problems:
        raise ValidationError(fixed.problems)
    if check.answer == rules.Removal.REFUSED or (
        check.answer == rules.Removal.UNKNOWN and not unknown_ok
    ):
        raise ValidationError(check.problems)
    return fixed, check


def _removal_terms() -> str:
    """What a listing decision says of early removal, with its articles (art. 8: the decision
    states the conditions and procedure of early removal): the template's sentence carries
    the text, this line the citations, in the language of the record."""
    basis = legal.record_cite("O45.12", "O45.13", "O45.14")
    return f"提前移出的条件、不得提前移出的情形和申请程序，依照{basis}。"


# --- the effects ------------------------------------------------------------------------------


def extend_decision(
    listing: CreditListing, user: User, *, approved_on: dt.date | None, reason: str, note: str
) -> dict:
    """Art. 8: in a complex case the head of the department approves 20 more working days for
    the listing decision, once, before the first 20 lapse. The approval is the action: who
    (the acting leader), when and why are recorded on the listing, its history and the audit."""
    basis = legal.cite("O45.8")
    if listing.decision_extended:
        raise ValidationError(
            {"action": _("作出列入决定的期限已经延长过一次（%(basis)s）") % {"basis": basis}}
        )
    if listing.order_deadline is None:
        raise ValidationError(
            {
                "action": _(
                    "未登记责令限期支付文书指定的期限，无法计算作出列入决定的期限（%(basis)s）"
                )
                % {"basis": basis}
            }
        )
    approved = _day(approved_on, "approved_on", _("批准日期不得晚于今天"), listing.proposed_on)
    first = rules.decision_due(listing.order_deadline)
    if approved > first.date:
        raise ValidationError(
            {
                "approved_on": _(
                    "作出列入决定的期限已于 %(due)s 届满，届满后不能再批准延长（%(basis)s）"
                )
                % {"due": f"{first.date:%Y-%m-%d}", "basis": basis}
            }
        )
    extended = rules.decision_due(listing.order_deadline, extended=True)
    listing.decision_extended = True
    listing.decision_extended_on, listing.decision_extended_by = approved, user
    listing.decision_extension_reason = reason
    listing.decision_due = extended.date
    listing.due_provisional = listing.due_provisional or extended.provisional
    return {
        "decision_due": extended.date,
        "previous_decision_due": first.date,
        "approved_on": approved,
        "approved_by": user.get_full_name() or user.get_username(),
        "reason": reason,
        "basis": legal.record_cite("O45.8"),
    }


def notify(listing: CreditListing, user: User, *, notified_on: dt.date | None, note: str) -> dict:
    delivered = _day(
        notified_on,
        "notified_on",
        _("送达日期应在提出日期之后、不晚于今天"),
        listing.proposed_on,
    )
    objection = rules.objection_due(delivered)
    listing.notified_on = delivered
    listing.defence_due = objection.date
    listing.due_provisional = listing.due_provisional or objection.provisional
    listing.notice_document = _issue_zh(
        listing,
        DocumentKind.CREDIT_NOTICE,
        user,
        defence_deadline=objection.date,
        # Art. 5 the ground, art. 6 the notice and objection, art. 7 the relief it tells of.
        article=legal.record_cite("O45.5", "O45.6", "O45.7"),
    )
    return {
        "defence_due": objection.date,
        "decision_due": listing.decision_due,
        "document": listing.notice_document.number,
    }


def record_defence(
    listing: CreditListing,
    user: User,
    *,
    defence_on: dt.date | None,
    defence_text: str,
    note: str,
) -> dict:
    if listing.defence_on:
        raise ValidationError({"action": _("已登记陈述申辩")})
    received = _day(
        defence_on,
        "defence_on",
        _("陈述申辩日期应在告知书送达之后、不晚于今天"),
        listing.notified_on,
    )
    listing.defence_on = received
    # Stored on the listing (the record of what the unit said): in the language of the record.
    listing.defence_text = defence_text or rules.WAIVER
    due = listing.objection_due
    late = due is not None and received > due
    return {
        "defence_on": received,
        "late": late,
        "objection_check_due": listing.objection_check_due if defence_text else None,
        "decision_due": listing.decision_due,
    }


def check_objection(
    listing: CreditListing, user: User, *, checked_on: dt.date | None, result: str, note: str
) -> dict:
    """Art. 6: an objection made within the period is checked within 5 working days of its
    receipt and the result told to the party; recorded with the day it was told."""
    if listing.defence_on is None:
        raise ValidationError({"action": _("尚未登记异议（陈述申辩）")})
    if listing.objection_checked_on is not None:
        raise ValidationError({"action": _("已登记异议核实结果")})
    due = listing.objection_check_due
    checked = _day(
        checked_on, "checked_on", _("核实日期应在收到异议之后、不晚于今天"), listing.defence_on
    )
    listing.objection_checked_on, listing.objection_result = checked, result
    return {
        "checked_on": checked,
        "objection_check_due": due,
        "late": due is not None and checked > due,
        "basis": legal.record_cite("O45.6"),
    }


def record_commitment(
    listing: CreditListing,
    user: User,
    *,
    commitment_on: dt.date | None,
    commitment_text: str,
    note: str,
) -> dict:
    """The unit's written commitment not to withhold wages again, made before the decision:
    with the correction it opens art. 7's discretion (`records.relief_for`)."""
    received = _day(commitment_on, "commitment_on", _("承诺日期不得晚于今天"))
    listing.relief_commitment_on, listing.relief_commitment_text = received, commitment_text
    answer = records.relief_for(listing)
    return {"commitment_on": received, "relief": answer.answer, "reasons": answer.reasons}


def decide(listing: CreditListing, user: User, *, reason: str, note: str) -> dict:
    today = timezone.localdate()
    due = listing.objection_due
    if listing.defence_on is None and due and today <= due:
        raise ValidationError(
            {
                "action": _(
                    "异议期限至 %(due)s 届满，届满或登记陈述申辩后方可作出列入决定（%(basis)s）"
                )
                % {"due": due, "basis": legal.cite("O45.6")}
            }
        )
    if listing.objection_check_due is not None:
        raise ValidationError(
            {
                "action": _(
                    "当事人于 %(on)s 提出的异议尚未登记核实结果：应先核实并将结果告知当事人"
                    "（%(basis)s）"
                )
                % {"on": listing.defence_on, "basis": legal.cite("O45.6")}
            }
        )
    relief = records.relief_for(listing)
    if relief.answer == rules.Relief.MAY_LEAVE_OFF:
        if not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "用人单位已改正并作出书面信用承诺，可以不予列入（%(basis)s）："
                        "仍作出列入决定的，请说明理由"
                    )
                    % {"basis": legal.cite("O45.7")}
                }
            )
        listing.relief_choice, listing.relief_reason = rules.ReliefChoice.LIST, reason
    span = rules.term(today)
    listing.decided_on = listing.listed_on = today
    listing.expires_on = span.expires_on
    listing.decided_by = user
    listing.decision_document = _issue_zh(
        listing,
        DocumentKind.CREDIT_DECISION,
        user,
        listed_on=span.listed_on,
        expires_on=span.last_day,
        article=legal.record_cite("O45.5", "O45.11"),
        content=_removal_terms(),
    )
    late = listing.decision_due is not None and today > listing.decision_due
    return {
        "listed_on": today,
        "expires_on": span.expires_on,
        "decision_due": listing.decision_due,
        "late": late,
        "relief": relief.answer,
        "relief_reason": reason,
        "document": listing.decision_document.number,
    }


def drop(listing: CreditListing, user: User, *, reason: str, note: str) -> dict:
    listing.drop_reason = reason
    relief = records.relief_for(listing)
    data = {"reason": reason, "relief": relief.answer}
    if relief.answer == rules.Relief.MAY_LEAVE_OFF:
        # Art. 7's discretion exercised: the choice and its reason are the record.
        listing.relief_choice, listing.relief_reason = rules.ReliefChoice.LEAVE_OFF, reason
        data["basis"] = legal.record_cite("O45.7")
    return data


def apply_removal(
    listing: CreditListing,
    user: User,
    *,
    removal_applied_on: dt.date | None,
    commitment: bool,
    commitment_text: str,
    note: str,
) -> dict:
    applied = _day(
        removal_applied_on,
        "removal_applied_on",
        _("申请日期应在列入之后、不晚于今天"),
        listing.listed_on,
    )
    fixed, check = _removal_check(
        listing,
        commitment,
        applied,
        listing.recurrence_finding,
        listing.criminal_finding,
        unknown_ok=True,
    )
    due = rules.removal_review_due(applied)
    listing.removal_applied_on, listing.corrected_on = applied, fixed.corrected_on
    listing.arrears_paid, listing.commitment = fixed.paid, commitment
    listing.commitment_text = commitment_text
    listing.removal_review_due = due.date
    listing.due_provisional = listing.due_provisional or due.provisional
    listing.removal_refused_reason = ""
    return {
        "removal_review_due": due.date,
        "corrected_on": fixed.corrected_on,
        "answer": check.answer,
        "reasons": check.reasons,
    }


def _findings(listing: CreditListing, recurrence_finding: str, criminal_finding: str, note: str):
    """Stores what the official found where the records could not tell (art. 13); a finding
    needs its explanation (what was checked, which document says so)."""
    if (recurrence_finding or criminal_finding) and not note:
        raise ValidationError({"findings_note": _("请说明核实情况（核实了什么、依据哪份材料）")})
    listing.recurrence_finding = recurrence_finding or listing.recurrence_finding
    listing.criminal_finding = criminal_finding or listing.criminal_finding
    if note:
        listing.findings_note = note


def approve_removal(
    listing: CreditListing,
    user: User,
    *,
    recurrence_finding: str,
    criminal_finding: str,
    findings_note: str,
    note: str,
) -> dict:
    # Checked again on the records as they are today: a recovery corrected since the
    # application, a new case or a police filing counts (arts. 12-13 are conditions of the
    # removal, not of the application). An unknown bar needs the official's finding.
    today = timezone.localdate()
    _findings(listing, recurrence_finding, criminal_finding, findings_note)
    fixed, check = _removal_check(
        listing, listing.commitment, today, listing.recurrence_finding, listing.criminal_finding
    )
    listing.corrected_on, listing.arrears_paid = fixed.corrected_on, fixed.paid
    listing.removed_on = today
    # The removal decision's text: a legal document, in the language of the record.
    reason = (
        "已改正拖欠农民工工资违法行为，自改正之日起被列入失信联合惩戒名单满 6 个月，"
        "并作出不再拖欠农民工工资书面信用承诺，且不具有不得提前移出的情形"
    )
    listing.removal_document = _issue_zh(
        listing,
        DocumentKind.CREDIT_REMOVAL,
        user,
        removed_on=today,
        removal_reason=reason,
        article=legal.record_cite("O45.12", "O45.14"),
    )
    late = listing.removal_review_due is not None and today > listing.removal_review_due
    return {
        "removed_on": today,
        "removal_review_due": listing.removal_review_due,
        "late": late,
        "reasons": check.reasons,
        "recurrence_finding": listing.recurrence_finding,
        "criminal_finding": listing.criminal_finding,
        "document": listing.removal_document.number,
    }


def refuse_removal(
    listing: CreditListing,
    user: User,
    *,
    reason: str,
    recurrence_finding: str,
    criminal_finding: str,
    findings_note: str,
    note: str,
) -> dict:
    """Art. 14: a refusal states its reasons. The check on the records is stored with it, and
    the reason names the articles of the conditions or bars that fail (art. 14 when none does:
    the department decided on the application)."""
    _findings(listing, recurrence_finding, criminal_finding, findings_note)
    _fixed, check = records.removal_check_for(
        listing,
        timezone.localdate(),
        listing.commitment,
        listing.recurrence_finding,
        listing.criminal_finding,
    )
    failing = [name for name in check.problems]
    basis = (
        legal.record_cite("O45.12", "O45.13")
        if check.answer == rules.Removal.REFUSED
        else legal.record_cite("O45.14")
    )
    listing.removal_refused_reason = f"{reason}（依据：{basis}）"
    return {
        "reason": listing.removal_refused_reason,
        "failing": failing,
        "reasons": check.reasons,
        "removal_review_due": listing.removal_review_due,
    }


def restore(listing: CreditListing, user: User, *, reason: str, note: str) -> dict:
    """Art. 15: the unit obtained the early removal by hiding the truth or false material, and
    seriously: the department that removed it revokes the removal and restores the listing,
    its start and end counted anew from the restoration (a new 3-year term)."""
    today = timezone.localdate()
    previous = {"listed_on": listing.listed_on, "removed_on": listing.removed_on}
    doc = listing.removal_document
    revoked = f"（{doc.number}）" if doc is not None else ""
    span = rules.term(today)
    listing.restored_on, listing.restore_reason = today, reason
    listing.listed_on, listing.expires_on = today, span.expires_on
    listing.removed_on = None
    listing.decision_document = _issue_zh(
        listing,
        DocumentKind.CREDIT_DECISION,
        user,
        listed_on=span.listed_on,
        expires_on=span.last_day,
        article=legal.record_cite("O45.15", "O45.11"),
        content=(
            "你单位在申请提前移出时故意隐瞒真实情况、提供虚假资料，情节严重。本机关撤销提前移出"
            f"决定{revoked}，恢复列入状态，列入的起止时间重新计算。事实：{reason}"
            f"\n{_removal_terms()}"
        ),
    )
    return {
        "reason": reason,
        "listed_on": today,
        "expires_on": span.expires_on,
        "previous_listed_on": previous["listed_on"],
        "previous_removed_on": previous["removed_on"],
        "document": listing.decision_document.number,
        "basis": legal.record_cite("O45.15"),
    }


def revoke(
    listing: CreditListing,
    user: User,
    *,
    revoking_kind: str,
    revoking_body: str,
    revoking_document: str,
    order_revoked_on: dt.date | None,
    reason: str,
    note: str,
) -> dict:
    """Art. 16: the order to pay the listing rests on was revoked (on review, by a court or by
    the bureau itself): the deciding department revokes the listing. The revoking act is the
    record: who revoked the order, when, and by which document."""
    today = timezone.localdate()
    if order_revoked_on is None:
        raise ValidationError({"order_revoked_on": _("请填写责令文书被撤销的日期")})
    if order_revoked_on > today:
        raise ValidationError({"order_revoked_on": _("撤销日期不得晚于今天")})
    listing.revoked_on = today
    listing.revoking_kind, listing.revoking_body = revoking_kind, revoking_body
    listing.revoking_document, listing.order_revoked_on = revoking_document, order_revoked_on
    listing.revocation_note = reason
    order = listing.order
    data = {
        "revoked_on": today,
        "revoking_kind": revoking_kind,
        "revoking_body": revoking_body,
        "revoking_document": revoking_document,
        "order_revoked_on": order_revoked_on,
        "reason": reason,
        "basis": legal.record_cite("O45.16"),
    }
    if order is not None:
        data["order"] = order.document.number if order.document_id else str(order.pk)
        data["order_marked_withdrawn"] = order.state == DecisionState.WITHDRAWN
    return data


def expire(listing: CreditListing, user: None) -> dict:
    if listing.expires_on is None or listing.expires_on > timezone.localdate():
        raise ValidationError(
            {"action": _("列入期限尚未届满（%(day)s 起期满）") % {"day": listing.expires_on}}
        )
    return {"expires_on": listing.expires_on}


# --- the declarations ------------------------------------------------------------------------

_FINDINGS = {
    "recurrence_finding": f.choice(
        _l("列入期间是否再次拖欠（记录不足以判断时登记核实情况）"),
        rules.RecurrenceFinding.choices,
    ),
    "criminal_finding": f.choice(
        _l("刑事诉讼情况（记录不足以判断时登记核实情况）"), rules.CriminalFinding.choices
    ),
    "findings_note": f.text(_l("核实情况说明"), max_length=2000),
}

declare(
    Action.EXTEND_DECISION,
    extend_decision,
    {
        "approved_on": f.date(_l("批准日期（默认今天）"), named=_l("批准日期")),
        "reason": f.text(_l("延长理由"), required=_l("请说明情况复杂、需要延长的理由")),
        "note": f.note(),
    },
    help=format_lazy(
        _l("情况复杂的，经本部门负责人批准，作出列入决定的期限可以延长 20 个工作日（{basis}）。"),
        basis=legal.cite("O45.8"),
    ),
)
declare(
    Action.NOTIFY,
    notify,
    {
        "notified_on": f.date(_l("告知书送达日期（默认今天）"), named=_l("告知书送达日期")),
        "note": f.note(),
    },
    help=format_lazy(
        _l(
            "生成并送达《列入失信联合惩戒名单告知书》；当事人自收到告知之日起 5 个工作日内"
            "可以提出异议（{basis}），登记了送达日期的以文书送达日期为准。"
        ),
        basis=legal.cite("O45.6"),
    ),
)
declare(
    Action.RECORD_DEFENCE,
    record_defence,
    {
        "defence_on": f.date(_l("陈述申辩日期（默认今天）"), named=_l("陈述申辩日期")),
        "defence_text": f.text(_l("陈述申辩内容"), rows=3, max_length=20000),
        "note": f.note(),
    },
    help=_l("内容留空表示当事人明确放弃陈述申辩。"),
)
declare(
    Action.CHECK_OBJECTION,
    check_objection,
    {
        "checked_on": f.date(_l("核实并告知日期（默认今天）"), named=_l("核实日期")),
        "result": f.text(_l("核实结果"), required=_l("请填写核实结果")),
        "note": f.note(),
    },
    help=format_lazy(
        _l("对异议期内提出的异议，自收到之日起 5 个工作日内核实，并将结果告知当事人（{basis}）。"),
        basis=legal.cite("O45.6"),
    ),
)
declare(
    Action.RECORD_COMMITMENT,
    record_commitment,
    {
        "commitment_on": f.date(_l("承诺日期（默认今天）"), named=_l("承诺日期")),
        "commitment_text": f.text(_l("书面信用承诺内容"), required=_l("请填写书面信用承诺的内容")),
        "note": f.note(),
    },
    help=format_lazy(
        _l("用人单位在作出列入决定前已改正并作出书面信用承诺的，可以不予列入（{basis}）。"),
        basis=legal.cite("O45.7"),
    ),
)
declare(
    Action.DECIDE,
    decide,
    {
        "reason": f.text(_l("理由（可以不予列入而仍列入时必填）"), max_length=2000),
        "note": f.note(),
    },
    help=format_lazy(
        _l("生成《列入失信联合惩戒名单决定书》，列入期限三年（{basis}）。"),
        basis=legal.cite("O45.11"),
    ),
)
declare(
    Action.DROP,
    drop,
    {
        "reason": f.text(_l("理由"), required=_l("请说明不予列入的理由（如陈述申辩意见成立）")),
        "note": f.note(),
    },
    cautious=True,
)
declare(
    Action.APPLY_REMOVAL,
    apply_removal,
    {
        "removal_applied_on": f.date(_l("申请日期（默认今天）"), named=_l("申请日期")),
        "commitment": f.flag(_l("已作出书面信用承诺")),
        "commitment_text": f.text(_l("信用承诺内容")),
        "note": f.note(),
    },
    help=format_lazy(
        _l(
            "是否已足额支付、改正（清偿）日期以案件登记的追回情况为准：请先在案件中登记每名"
            "劳动者的追回金额和日期。自收到申请之日起 15 个工作日内作出决定（{basis}）。"
        ),
        basis=legal.cite("O45.14"),
    ),
)
declare(
    Action.APPROVE_REMOVAL,
    approve_removal,
    {**_FINDINGS, "note": f.note()},
    help=format_lazy(
        _l(
            "按案件、线索和移送记录的当前情况再次核对提前移出条件和不得提前移出的情形"
            "（{basis}）后，生成《移出失信联合惩戒名单决定书》。"
        ),
        basis=legal.cite("O45.12", "O45.13"),
    ),
)
declare(
    Action.REFUSE_REMOVAL,
    refuse_removal,
    {
        "reason": f.text(_l("理由"), required=_l("请说明不予提前移出的理由")),
        **_FINDINGS,
        "note": f.note(),
    },
    cautious=True,
)
declare(
    Action.RESTORE,
    restore,
    {
        "reason": f.text(
            _l("理由（隐瞒真实情况、提供虚假资料的事实）"),
            required=_l("请说明用人单位故意隐瞒真实情况、提供虚假资料且情节严重的事实"),
        ),
        "note": f.note(),
    },
    help=format_lazy(
        _l("撤销提前移出决定，恢复列入状态，列入的起止时间自今日起重新计算（{basis}）。"),
        basis=legal.cite("O45.15"),
    ),
    cautious=True,
)
declare(
    Action.REVOKE,
    revoke,
    {
        "revoking_kind": f.choice(
            _l("撤销途径"), rules.RevokingKind.choices, required=_l("请选择撤销途径")
        ),
        "revoking_body": f.line(_l("撤销责令文书的机关"), required=_l("请填写撤销责令文书的机关")),
        "revoking_document": f.line(
            _l("撤销文书文号"), max_length=100, required=_l("请填写撤销文书的文号")
        ),
        "order_revoked_on": f.date(_l("责令文书被撤销的日期"), named=_l("撤销日期")),
        "reason": f.text(_l("说明"), required=_l("请说明撤销的情况")),
        "note": f.note(),
    },
    help=format_lazy(
        _l(
            "列入决定所依据的责令限期支付工资文书被依法撤销的，撤销列入决定；"
            "公示名单不再显示，并注明已撤销（{basis}）。"
        ),
        basis=legal.cite("O45.16"),
    ),
    cautious=True,
)
declare(Action.EXPIRE, expire, {})
