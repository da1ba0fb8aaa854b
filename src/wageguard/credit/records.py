"""What the credit list reads from the other apps' records to answer its rules: the order to pay
a listing rests on (Order 45 arts. 5, 8, 16), the correction (arts. 7, 12), arrears found again
during the listing (art. 13(1)) and the transfers to the police (art. 13(2)).

The rules (`credit.rules`) stay pure; this module turns cases and clues into their inputs, so
the page, the API and the actions ask one place. Nothing here decides a fact the records do not
hold: where they cannot tell, the rule answers "unknown" and the official records the fact.
"""

import datetime as dt

from django.db.models import Max, Q

from wageguard.cases.models import Decision, EnforcementCase, PoliceTransfer
from wageguard.cases.rules import PAY_ORDERS, DecisionState
from wageguard.clues.models import Clue
from wageguard.clues.rules import RejectReason, Resolution
from wageguard.clues.rules import State as ClueState

from . import rules
from .models import CreditListing


def pay_order_for(case: EnforcementCase) -> Decision | None:
    """The order to pay by a deadline a listing of the case rests on: of the orders to pay
    (责令改正、处理决定) not complied with by their deadline, the one whose deadline lapsed last
    (a later handling decision carries on the earlier order). None when there is none."""
    return (
        case.decisions.filter(kind__in=PAY_ORDERS, state=DecisionState.NOT_COMPLIED)
        .order_by("-deadline", "-id")
        .first()
    )


def correction_for(case: EnforcementCase) -> rules.Correction:
    """Whether and when the case's arrears were cleared (rules.correction), from its worker
    lines and the latest deadline of an order to pay it missed (the listing's ground)."""
    missed = case.decisions.filter(kind__in=PAY_ORDERS, state=DecisionState.NOT_COMPLIED).aggregate(
        last=Max("deadline")
    )["last"]
    lines = [
        rules.PaidLine(w.amount_owed, w.amount_recovered, w.recovered_on)
        for w in case.workers.all()
    ]
    return rules.correction(lines, missed)


def relief_for(listing: CreditListing) -> rules.ReliefAnswer:
    """Art. 7 for a listing not yet decided: paid as the case records it, and the written
    commitment the bureau registered."""
    fixed = correction_for(listing.case)
    return rules.relief(fixed.paid, listing.relief_commitment_on)


def _same_unit(listing: CreditListing) -> Q:
    """The unit as cases and clues name it: its credit code, else its normalised name."""
    q = Q(employer_name_norm=listing.case.employer_name_norm)
    if listing.credit_code:
        q |= Q(employer_credit_code=listing.credit_code)
    return q


def recurrences_for(listing: CreditListing, today: dt.date) -> list[rules.Recurrence]:
    """Cases filed and clues received against the same unit during the listing (from the
    listing day to `today`), other than the listing's own case and the clue it came from.
    A case with worker lines owed found arrears; one closed without any did not; an open one
    without lines has not said yet. A clue resolved by payment or mediation found arrears; one
    refused or found unsubstantiated did not; one converted is counted as its case; any other
    (being verified, referred elsewhere) has not said yet."""
    if listing.listed_on is None:
        return []
    case = listing.case
    start, end = listing.listed_on, min(today, listing.expires_on or today)
    items: list[rules.Recurrence] = []
    cases = (
        EnforcementCase.objects.filter(_same_unit(listing) | Q(employer_id=listing.enterprise_id))
        .filter(filed_on__gte=start, filed_on__lte=end)
        .exclude(pk=case.pk)
        .prefetch_related("workers")
        .order_by("filed_on", "pk")
    )
    for other in cases:
        owed = any(w.amount_owed > 0 for w in other.workers.all())
        arrears = True if owed else (False if other.state == "closed" else None)
        items.append(rules.Recurrence(f"案件 {other.number}", other.filed_on, arrears))
    clues = (
        Clue.objects.filter(_same_unit(listing), merged_into__isnull=True)
        .filter(received_at__date__gte=start, received_at__date__lte=end)
        .exclude(pk=case.clue_id or 0)
        .order_by("received_at", "pk")
    )
    for clue in clues:
        if clue.outcome == "converted" or clue.state == ClueState.CONVERTED:
            continue
        if clue.outcome in Resolution.values:
            arrears = True
        elif (
            clue.state in (ClueState.REJECTED, ClueState.UNSUBSTANTIATED)
            or clue.outcome == "unsubstantiated"
            or clue.outcome in RejectReason.values
        ):
            arrears = False
        else:
            arrears = None
        items.append(
            rules.Recurrence(f"线索 {clue.tracking_code}", clue.received_at.date(), arrears)
        )
    return items


def transfers_for(listing: CreditListing) -> list[rules.TransferFact]:
    """Every transfer to the police of a case against the unit, at any time (art. 13(2) is not
    limited to the listing period), with the police's answer as the case records it."""
    same = _same_unit(listing) | Q(employer_id=listing.enterprise_id)
    rows = (
        PoliceTransfer.objects.filter(case__in=EnforcementCase.objects.filter(same))
        .select_related("case")
        .order_by("transferred_on", "pk")
    )
    return [
        rules.TransferFact(
            f"案件 {t.case.number} 移送{t.police_agency}",
            t.transferred_on,
            t.response,
            t.response_on,
        )
        for t in rows
    ]


def removal_check_for(
    listing: CreditListing,
    day: dt.date,
    commitment: bool,
    recurrence_finding: str = "",
    criminal_finding: str = "",
) -> tuple[rules.Correction, rules.RemovalCheck]:
    """Arts. 12-13 on `day`, every fact read from the records (the correction from the case,
    never from the applicant; recurrence and criminal proceedings from cases, clues and
    transfers), the official's findings filling only what the records cannot tell."""
    fixed = correction_for(listing.case)
    bars = (
        rules.recurrence_bar(recurrences_for(listing, day), recurrence_finding),
        rules.criminal_bar(transfers_for(listing), criminal_finding),
    )
    check = rules.early_removal(
        fixed.paid and not fixed.problems.get("arrears_paid"),
        fixed.corrected_on,
        commitment,
        day,
        listed_on=listing.listed_on,
        bars=bars,
    )
    return fixed, check
