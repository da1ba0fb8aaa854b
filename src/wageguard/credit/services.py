"""Every change to the credit list and the watch list: permission, jurisdiction, the one
transition table, deadlines, documents, history and audit, in one transaction (DESIGN: Workflow).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.cases.models import EnforcementCase, personal_names
from wageguard.cases.rules import DecisionKind, DecisionState, PersonRole
from wageguard.cases.services import threshold_for
from wageguard.core import audit
from wageguard.core.scoping import check_may
from wageguard.org.models import User
from wageguard.parties.services import enterprise_for, person_for

from . import records, rules
from .actions import ACTIONS
from .models import (
    CreditListing,
    CreditListingHistory,
    CreditSettings,
    ListedPerson,
    WatchListEntry,
)
from .rules import Action, Eligibility, EligibilityResult

MODEL = "credit.creditlisting"
WATCH_MODEL = "credit.watchlistentry"
_AUDIT_FIELDS = [
    "state",
    "notified_on",
    "defence_due",
    "decision_due",
    "defence_on",
    "decided_on",
    "listed_on",
    "expires_on",
    "removal_applied_on",
    "corrected_on",
    "removal_review_due",
    "removed_on",
    "order_deadline",
    "decision_extended",
    "decision_extended_on",
    "objection_checked_on",
    "relief_commitment_on",
    "relief_choice",
    "recurrence_finding",
    "criminal_finding",
    "restored_on",
    "revoked_on",
    "revoking_kind",
    "revoking_body",
    "revoking_document",
    "order_revoked_on",
]


def _check(user: User, verb: str, region_id: str, model: str = MODEL) -> None:
    check_may(user, verb, model, region_id, _("该记录不在您的辖区内"))


# --- eligibility ----------------------------------------------------------------------------


def ordered_and_missed(case: EnforcementCase) -> tuple[bool, list[str]]:
    """Whether an order to pay (责令改正) or a handling decision ordering payment was not complied
    with by its deadline (Order 45 art. 5), and notes on orders still waiting for an outcome."""
    missed, notes = False, []
    today = timezone.localdate()
    for decision in case.decisions.filter(kind__in=[DecisionKind.ORDER, DecisionKind.HANDLING]):
        label = decision.document.number if decision.document_id else decision.get_kind_display()
        if decision.state == DecisionState.NOT_COMPLIED:
            missed = True
            notes.append(f"{label}：履行期限 {decision.deadline or '—'}，逾期未履行")
        elif decision.state == DecisionState.ISSUED and decision.deadline:
            if decision.deadline < today:
                notes.append(f"{label}：履行期限 {decision.deadline} 已过，尚未登记履行情况")
            else:
                notes.append(f"{label}：履行期限 {decision.deadline} 未届满")
    if not notes:
        notes.append("本案尚无责令限期支付工资的指令书或处理决定")
    return missed, notes


def eligibility_for(case: EnforcementCase) -> EligibilityResult:
    """The Order 45 answer for a case, with the threshold's amount reasons (workers unnamed, so
    the answer can be stored on the listing and shown to any role that sees the case)."""
    missed, notes = ordered_and_missed(case)
    threshold = threshold_for(case, named=False)
    result = rules.eligibility(missed, threshold.amount_answer, case.mass_incident)
    # The threshold's first line is its legal basis, its last the crime's conduct condition:
    # neither is part of the credit-list question.
    details = [*notes, *threshold.reasons[1:-1]]
    if case.mass_incident and case.mass_incident_note:
        details.append(f"事件情况：{case.mass_incident_note}")
    return EligibilityResult(result.answer, [*result.reasons[:-1], *details, result.reasons[-1]])


# --- proposal -------------------------------------------------------------------------------


def default_facts(case: EnforcementCase) -> str:
    """Public text for the listing: the unit, the number of workers and the amount, never a
    worker's name."""
    lines = [w for w in case.workers.all() if w.amount_owed > 0]
    owed = sum((w.amount_owed - w.amount_recovered for w in lines), 0)
    text = (
        f"{case.employer_name}拖欠{len(lines)}名农民工工资共计{owed:,.2f}元，"
        f"经{case.agency.name}依法责令限期支付，逾期未支付"
    )
    if case.mass_incident:
        text += "，并引发群体性事件，造成严重不良社会影响"
    return text + "。"


def _history(listing: CreditListing, action: str, actor, before: str, note: str = "", **data):
    CreditListingHistory.write(listing, action, actor, before, note, data=data)


@transaction.atomic
def propose(case: EnforcementCase, user: User, facts: str = "", note: str = "") -> CreditListing:
    """拟列入: only for a case that is eligible now; otherwise the answer's reasons say why not."""
    case = (
        EnforcementCase.objects.select_for_update()
        .select_related("agency", "region")
        .get(pk=case.pk)
    )
    _check(user, "propose", case.region_id)
    result = eligibility_for(case)
    if result.answer != Eligibility.ELIGIBLE:
        raise ValidationError(
            {"case": f"{Eligibility(result.answer).label}：" + "；".join(result.reasons[1:])}
        )
    if case.credit_listings.filter(state__in=rules.OPEN_STATES).exists():
        raise ValidationError({"case": _("该案件已有办理中或有效的失信名单记录")})
    facts = (facts or "").strip() or default_facts(case)
    if len(facts) > 2000:
        raise ValidationError({"facts": _("失信行为事实不超过 2000 个字")})
    leaked = rules.personal_data_in(facts, personal_names(case))
    if leaked:
        raise ValidationError(
            {"facts": _("失信行为事实将向社会公开，不得包含%(what)s") % {"what": "、".join(leaked)}}
        )
    enterprise = case.employer or enterprise_for(
        case.employer_name, case.employer_credit_code, region=case.region
    )
    # Art. 8: the decision within 20 working days of the lapse of the order's deadline.
    order = records.pay_order_for(case)
    deadline = order.deadline if order is not None else None
    due = rules.decision_due(deadline) if deadline else None
    listing = CreditListing.objects.create(
        case=case,
        enterprise=enterprise,
        region=case.region,
        agency=case.agency,
        unit_name=enterprise.name if case.employer_id else case.employer_name,
        credit_code=enterprise.credit_code or case.employer_credit_code,
        facts=facts,
        eligibility_reasons=result.reasons,
        order=order,
        order_deadline=deadline,
        decision_due=due.date if due else None,
        due_provisional=bool(due and due.provisional),
        proposed_on=timezone.localdate(),
        proposed_by=user,
    )
    _list_persons(listing, case, enterprise)
    _history(
        listing,
        Action.PROPOSE,
        user,
        "",
        note=note,
        case=case.number,
        order_deadline=deadline,
        decision_due=listing.decision_due,
    )
    audit.record(
        "credit.propose",
        obj=listing,
        actor=user,
        after={**audit.snapshot(listing, _AUDIT_FIELDS), "case": case.number},
        reason=note,
    )
    return listing


def _list_persons(listing: CreditListing, case: EnforcementCase, enterprise) -> None:
    """The legal representative and the directly responsible persons are listed with the unit
    (Order 45 art. 5): those recorded on the case, else the enterprise's legal representative."""
    seen = set()
    for row in case.persons.select_related("person").filter(role__in=PersonRole.values):
        if row.enterprise_id not in (None, enterprise.pk):
            continue
        key = (row.person_id, row.role)
        if key not in seen:
            seen.add(key)
            ListedPerson.objects.create(
                listing=listing, person=row.person, role=row.role, position=row.position
            )
    has_representative = any(role == PersonRole.LEGAL_REPRESENTATIVE for _p, role in seen)
    if not has_representative and enterprise.legal_representative:
        ListedPerson.objects.create(
            listing=listing,
            person=person_for(enterprise.legal_representative),
            role=PersonRole.LEGAL_REPRESENTATIVE,
        )


# --- the workflow ---------------------------------------------------------------------------


def refusal(listing: CreditListing, action: str, user: User | None) -> str:
    """Why `user` may not take `action` on this listing, "" when they may: the role's verb,
    the jurisdiction, and for deciding and removal the deciding agency itself (art. 4). Only
    the expiry job acts without a user."""
    if user is None:
        return "" if action == Action.EXPIRE else _("需要登录")
    if not user.can(rules.PERMISSION[action], MODEL):
        return _("您的角色不能执行此操作")
    if not user.in_jurisdiction(listing.region_id):
        return _("该记录不在您的辖区内")
    if (
        action in rules.DECIDING_AGENCY_ONLY
        and not user.is_superuser
        and user.agency_id != listing.agency_id
    ):
        return _("应由作出决定的机关（%(agency)s）负责人办理") % {"agency": listing.agency.name}
    return ""


def available_actions(listing: CreditListing, user: User) -> list[str]:
    """The actions this user may take on the listing now: the one answer the page (its forms)
    and the API (`available_actions` on the detail) both give."""
    return [a for a in rules.allowed_actions(listing.state) if not refusal(listing, a, user)]


@transaction.atomic
def transition(
    listing: CreditListing, action: str, user: User | None, **data: Any
) -> CreditListing:
    """The only way a listing changes state. `user` is None only for the expiry job. `data`
    carries the action's fields, typed by the action's declaration (`actions`) whoever calls."""
    listing = (
        CreditListing.objects.select_for_update()
        .select_related("region", "agency", "case")
        .get(pk=listing.pk)
    )
    if action not in ACTIONS:
        raise ValidationError({"action": _("无效的操作")})
    spec = ACTIONS.get(action)
    reason = refusal(listing, action, user)
    if reason:
        raise PermissionDenied(reason)
    target = rules.WORKFLOW.next_or_error(listing.state, action)
    typed = spec.clean(data, listing, user)
    before_state = listing.state
    before = audit.snapshot(listing, _AUDIT_FIELDS)
    note = typed.get("note", "")
    extra = spec.effect(listing, user, **typed)

    listing.state = target
    listing.save()
    _history(listing, action, user, before_state, note=note, **extra)
    audit.record(
        spec.audit_name,
        obj=listing,
        actor=user,
        before=before,
        after=audit.snapshot(listing, _AUDIT_FIELDS),
        reason=note or str(extra.get("reason", "")),
    )
    return listing


def expire_due(today: dt.date | None = None, dry_run: bool = False) -> list[CreditListing]:
    """Moves every listing whose 3-year term has ended to `expired` (Order 45 art. 11), one
    transaction and one audit event each. Safe to run any number of times: an expired listing
    is no longer in a current state, so the next run finds nothing more to do."""
    today = today or timezone.localdate()
    due = list(
        CreditListing.objects.filter(state__in=rules.CURRENT_STATES, expires_on__lte=today)
        .order_by("expires_on", "pk")
        .only("pk", "unit_name", "expires_on", "state")
    )
    if dry_run:
        return due
    return [transition(listing, Action.EXPIRE, None) for listing in due]


# --- the watch list -------------------------------------------------------------------------


def watch_reasons_for(case: EnforcementCase) -> list[str]:
    """The province's watch-list criteria applied to a case and the employer's other cases."""
    criteria = CreditSettings.for_province(case.region.province_code).watch_criteria
    lines = [w for w in case.workers.all() if w.amount_owed > 0]
    owed = sum((w.amount_owed for w in lines), 0)
    since = rules.add_months(timezone.localdate(), -criteria.repeat_months)
    same = Q(employer_name_norm=case.employer_name_norm)
    if case.employer_id:
        same |= Q(employer_id=case.employer_id)
    if case.employer_credit_code:
        same |= Q(employer_credit_code=case.employer_credit_code)
    repeats = EnforcementCase.objects.filter(same, filed_on__gte=since).count()
    return rules.watch_reasons(owed, len(lines), repeats, criteria)


@transaction.atomic
def add_to_watch_list(case: EnforcementCase, user: User, reason: str = "") -> WatchListEntry:
    """列入重点关注名单: by the criteria, or by a handler's stated reason when none is met."""
    case = (
        EnforcementCase.objects.select_for_update()
        .select_related("agency", "region")
        .get(pk=case.pk)
    )
    _check(user, "add", case.region_id, WATCH_MODEL)
    if WatchListEntry.objects.filter(case=case, ended_on__isnull=True).exists():
        raise ValidationError({"case": _("该案件的用人单位已在重点关注名单中")})
    reasons = watch_reasons_for(case)
    reason = (reason or "").strip()[:2000]
    if reason:
        reasons.append(f"经办人说明：{reason}")
    if not reasons:
        raise ValidationError({"reason": _("该案件未达到重点关注标准，请说明列入关注的理由")})
    enterprise = case.employer or enterprise_for(
        case.employer_name, case.employer_credit_code, region=case.region
    )
    entry = WatchListEntry.objects.create(
        enterprise=enterprise,
        case=case,
        region=case.region,
        agency=case.agency,
        unit_name=case.employer_name,
        reasons=reasons,
        added_on=timezone.localdate(),
        added_by=user,
    )
    audit.record(
        "credit.watch_add",
        obj=entry,
        actor=user,
        after={"case": case.number, "reasons": reasons},
        reason=reason,
    )
    return entry


# The reads of listings' personal data (audit.READ_ACTIONS, registered in CreditConfig.ready).
READS = ("credit.view", "export.csv", "export.json")


def record_view(user: User, listing: CreditListing) -> None:
    """One audited read per response showing a listing with its persons (page or API)."""
    audit.record_read(
        "credit.view",
        model=CreditListing,
        mode="detail",
        ids=[listing.pk],
        clear_ids=[listing.pk],
        obj=listing,
        actor=user,
    )
