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
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.cases.documents import issue
from wageguard.cases.models import CaseDocument, EnforcementCase
from wageguard.cases.rules import DecisionKind, DecisionState, DocumentKind
from wageguard.core.registry import Registry
from wageguard.org.models import User

from . import forms as f
from . import rules
from .models import CreditListing, CreditSettings
from .rules import Action

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


def _limits(listing: CreditListing) -> CreditSettings:
    return CreditSettings.for_province(listing.region.province_code)


def correction_for(case: EnforcementCase) -> rules.Correction:
    """Whether and when the case's arrears were cleared (rules.correction), from its worker
    lines and the latest deadline of an order to pay it missed (the listing's ground)."""
    missed = case.decisions.filter(
        kind__in=[DecisionKind.ORDER, DecisionKind.HANDLING], state=DecisionState.NOT_COMPLIED
    ).aggregate(last=Max("deadline"))["last"]
    lines = [
        rules.PaidLine(w.amount_owed, w.amount_recovered, w.recovered_on)
        for w in case.workers.all()
    ]
    return rules.correction(lines, missed)


def _removal_check(
    listing: CreditListing, commitment: bool, day: dt.date
) -> tuple[rules.Correction, rules.RemovalCheck]:
    """Order 45 art. 14 on `day`, with the correction read from the case, never from the
    applicant: refused naming the field that fails (arrears_paid, corrected_on, commitment)."""
    fixed = correction_for(listing.case)
    if fixed.problems:
        raise ValidationError(fixed.problems)
    check = rules.early_removal(fixed.paid, fixed.corrected_on, commitment, day)
    if not check.allowed:
        waiting = check.allowed_from is not None and day < check.allowed_from
        raise ValidationError(
            {"corrected_on" if waiting else "commitment": "；".join(check.reasons[1:])}
        )
    return fixed, check


# --- the effects ------------------------------------------------------------------------------


def notify(listing: CreditListing, user: User, *, notified_on: dt.date | None, note: str) -> dict:
    today = timezone.localdate()
    delivered = notified_on or today
    if delivered > today or delivered < listing.proposed_on:
        raise ValidationError({"notified_on": _("送达日期应在提出日期之后、不晚于今天")})
    limits = _limits(listing)
    defence = rules.defence_due(delivered, limits.defence_days)
    decision = rules.decision_due(defence.date, limits.decision_days)
    listing.notified_on = delivered
    listing.defence_due, listing.decision_due = defence.date, decision.date
    listing.due_provisional = defence.provisional or decision.provisional
    listing.notice_document = _issue(
        listing, DocumentKind.CREDIT_NOTICE, user, defence_deadline=defence.date
    )
    return {
        "defence_due": defence.date,
        "decision_due": decision.date,
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
    today = timezone.localdate()
    if listing.defence_on:
        raise ValidationError({"action": _("已登记陈述申辩")})
    received = defence_on or today
    if received > today or (listing.notified_on and received < listing.notified_on):
        raise ValidationError({"defence_on": _("陈述申辩日期应在告知书送达之后、不晚于今天")})
    listing.defence_on = received
    # Stored on the listing (the record of what the unit said): in the language of the record.
    listing.defence_text = defence_text or "当事人放弃陈述、申辩"
    late = listing.defence_due is not None and received > listing.defence_due
    return {"defence_on": received, "late": late, "decision_due": listing.decision_due}


def decide(listing: CreditListing, user: User, *, note: str) -> dict:
    today = timezone.localdate()
    if listing.defence_on is None and listing.defence_due and today <= listing.defence_due:
        raise ValidationError(
            {
                "action": _(
                    "陈述申辩期限至 %(due)s 届满，届满或登记陈述申辩后方可作出列入决定（第七条）"
                )
                % {"due": listing.defence_due}
            }
        )
    span = rules.term(today)
    listing.decided_on = listing.listed_on = today
    listing.expires_on = span.expires_on
    listing.decided_by = user
    listing.decision_document = _issue(
        listing,
        DocumentKind.CREDIT_DECISION,
        user,
        listed_on=span.listed_on,
        expires_on=span.last_day,
        article=f"{rules.ORDER_45}第五条",
    )
    late = listing.decision_due is not None and today > listing.decision_due
    return {
        "listed_on": today,
        "expires_on": span.expires_on,
        "decision_due": listing.decision_due,
        "late": late,
        "document": listing.decision_document.number,
    }


def drop(listing: CreditListing, user: User, *, reason: str, note: str) -> dict:
    listing.drop_reason = reason
    return {"reason": reason}


def apply_removal(
    listing: CreditListing,
    user: User,
    *,
    removal_applied_on: dt.date | None,
    commitment: bool,
    commitment_text: str,
    note: str,
) -> dict:
    today = timezone.localdate()
    applied = removal_applied_on or today
    if applied > today or (listing.listed_on and applied < listing.listed_on):
        raise ValidationError({"removal_applied_on": _("申请日期应在列入之后、不晚于今天")})
    fixed, check = _removal_check(listing, commitment, applied)
    due = rules.removal_review_due(applied, _limits(listing).removal_review_days)
    listing.removal_applied_on, listing.corrected_on = applied, fixed.corrected_on
    listing.arrears_paid, listing.commitment = fixed.paid, commitment
    listing.commitment_text = commitment_text
    listing.removal_review_due = due.date
    listing.removal_refused_reason = ""
    return {
        "removal_review_due": due.date,
        "corrected_on": fixed.corrected_on,
        "reasons": check.reasons,
    }


def approve_removal(listing: CreditListing, user: User, *, note: str) -> dict:
    # Checked again on the case as it is today: a recovery corrected or withdrawn since the
    # application counts (art. 14 is a condition of the removal, not of the application).
    today = timezone.localdate()
    fixed, _check = _removal_check(listing, listing.commitment, today)
    listing.corrected_on, listing.arrears_paid = fixed.corrected_on, fixed.paid
    listing.removed_on = today
    # The removal decision's text: a legal document, in the language of the record.
    reason = "已改正拖欠农民工工资违法行为，自改正之日起满 6 个月，并作出信用承诺"
    listing.removal_document = _issue(
        listing,
        DocumentKind.CREDIT_REMOVAL,
        user,
        removed_on=today,
        removal_reason=reason,
        article=f"{rules.ORDER_45}第十四条",
    )
    late = listing.removal_review_due is not None and today > listing.removal_review_due
    return {
        "removed_on": today,
        "removal_review_due": listing.removal_review_due,
        "late": late,
        "document": listing.removal_document.number,
    }


def refuse_removal(listing: CreditListing, user: User, *, reason: str, note: str) -> dict:
    listing.removal_refused_reason = reason
    return {"reason": reason, "removal_review_due": listing.removal_review_due}


def expire(listing: CreditListing, user: None) -> dict:
    if listing.expires_on is None or listing.expires_on > timezone.localdate():
        raise ValidationError(
            {"action": _("列入期限尚未届满（%(day)s 起期满）") % {"day": listing.expires_on}}
        )
    return {"expires_on": listing.expires_on}


# --- the declarations ------------------------------------------------------------------------

declare(
    Action.NOTIFY,
    notify,
    {
        "notified_on": f.date(_l("告知书送达日期（默认今天）"), named=_l("告知书送达日期")),
        "note": f.note(),
    },
    help=_l("生成并送达《列入失信联合惩戒名单告知书》；陈述申辩期限自送达次日起按工作日计算。"),
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
    Action.DECIDE,
    decide,
    {"note": f.note()},
    help=_l("生成《列入失信联合惩戒名单决定书》，列入期限三年。"),
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
        "commitment": f.flag(_l("已作出信用承诺")),
        "commitment_text": f.text(_l("信用承诺内容")),
        "note": f.note(),
    },
    help=_l(
        "是否已足额支付、改正（清偿）日期以案件登记的追回情况为准：请先在案件中登记每名"
        "劳动者的追回金额和日期。"
    ),
)
declare(
    Action.APPROVE_REMOVAL,
    approve_removal,
    {"note": f.note()},
    help=_l("按案件当前的追回情况再次核对后，生成《移出失信联合惩戒名单决定书》。"),
)
declare(
    Action.REFUSE_REMOVAL,
    refuse_removal,
    {"reason": f.text(_l("理由"), required=_l("请说明不予提前移出的理由")), "note": f.note()},
    cautious=True,
)
declare(Action.EXPIRE, expire, {})
