"""What the credit list adds to the case app, registered in `CreditConfig.ready()`: the card on
the case page (`cases.extensions.CASE_PANELS`) and the ledger's listing column
(`cases.extensions.EXPORT_COLUMNS`). Cases shows them without importing credit."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from wageguard.cases.extensions import ExportColumn
from wageguard.cases.models import EnforcementCase
from wageguard.org.models import User

from .models import CreditListing
from .rules import OPEN_STATES
from .services import eligibility_for


def credit_card(case: EnforcementCase, user: User) -> dict | None:
    """The credit-list (失信名单) answer, the case's listings, and the link to propose while none
    is open; nothing for a role that may not view listings."""
    if not user.can("view", "credit.creditlisting"):
        return None
    result = eligibility_for(case)
    listings = list(case.credit_listings.order_by("-id"))
    can_propose = user.can("propose", "credit.creditlisting")
    open_listing = any(listing.state in OPEN_STATES for listing in listings)
    return {
        "answer": result.answer,
        "reasons": result.reasons,
        "listings": [(x, reverse("credit:detail", args=[x.pk])) for x in listings],
        "propose_url": reverse("credit:propose", kwargs={"pk": case.pk})
        if can_propose and not open_listing
        else "",
    }


def _listing_annotations() -> dict:
    """The case's latest listing, as subqueries of the export's one case query."""
    latest = CreditListing.objects.filter(case=OuterRef("pk")).order_by("-pk")
    return {
        "listing_state": Subquery(latest.values("state")[:1]),
        "listing_expires": Subquery(latest.values("expires_on")[:1]),
    }


def _listing_cell(case: EnforcementCase) -> str:
    states = {key: str(label) for key, label in CreditListing._meta.get_field("state").choices}
    cell = states.get(case.listing_state, case.listing_state or "")
    if case.listing_state == "listed" and case.listing_expires:
        cell += f"（至 {case.listing_expires:%Y-%m-%d}）"
    return cell


EXPORT_COLUMN = ExportColumn("失信名单状态", 24, _listing_annotations, _listing_cell)


def enterprise_listings(enterprise, user: User) -> dict | None:
    """The enterprise's credit listings (失信名单) within the user's jurisdiction, every state."""
    if not user.can("view", "credit.creditlisting"):
        return None
    rows = CreditListing.objects.restrict(user, "view").filter(enterprise=enterprise)
    return {
        "listings": [
            (x, reverse("credit:detail", args=[x.pk]))
            for x in rows.select_related("region").order_by("-pk")[:20]
        ],
        "total": rows.count(),
    }
