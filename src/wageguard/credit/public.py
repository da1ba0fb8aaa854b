"""The public credit list (失信联合惩戒名单公示), one source for the page and the API: current
listings only, and of people only the legal representative's name (Order 45 arts. 4, 9).

Never a worker's name, an ID number or a phone number: the row is built from the listing's
frozen public fields, not from the case. The facts were checked for personal data and names of
the case when they were proposed; the row redacts numbers and addresses once more as it is
rendered (page, API and feed), so a row written around the service (a bulk update, a repair by
hand) still shows none. Names need the case and are checked at proposal only: the public list
does not query each listing's case.
"""

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from wageguard.cases.rules import PersonRole
from wageguard.core.paging import pager_prefix
from wageguard.core.text import clean_text
from wageguard.parties.rules import redact_personal_data
from wageguard.regions.forms import PublicListFilter, year_range
from wageguard.regions.models import within

from .models import CreditListing, ListedPerson
from .rules import CURRENT_STATES, State

PAGE_SIZE = 50


def _narrow(qs: QuerySet, q: str, region: str, year: int | None) -> QuerySet:
    """By name or credit code, by division (a prefecture with its counties) and by the year
    of listing: the page, the API and the feed narrow the same way."""
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(Q(unit_name__icontains=q) | Q(credit_code__iexact=q))
    if region:
        qs = qs.filter(within(region))
    if year:
        qs = qs.filter(listed_on__year=year)
    return qs


def current_listings(
    today: dt.date | None = None, q: str = "", region: str = "", year: int | None = None
) -> QuerySet:
    """Listings on the list today; an ended term is left out even before the expiry job ran."""
    today = today or timezone.localdate()
    qs = (
        CreditListing.objects.filter(state__in=CURRENT_STATES, expires_on__gt=today)
        .select_related("agency", "enterprise")
        .prefetch_related(
            Prefetch(
                "persons",
                queryset=ListedPerson.objects.filter(
                    role=PersonRole.LEGAL_REPRESENTATIVE
                ).select_related("person"),
                to_attr="representatives",
            )
        )
        .order_by("-listed_on", "-id")
    )
    return _narrow(qs, q, region, year)


def legal_representative(listing: CreditListing) -> str:
    names = [p.person.name for p in getattr(listing, "representatives", [])]
    return "、".join(names) or listing.enterprise.legal_representative


def public_row(listing: CreditListing) -> dict:
    """What the public sees of one listing (Order 45 art. 9), its free text redacted at render
    time (art. 4: personal information is protected), like publication items are."""
    return {
        "id": listing.pk,
        "unit_name": redact_personal_data(listing.unit_name),
        "credit_code": listing.credit_code,
        "legal_representative": legal_representative(listing),
        "facts": redact_personal_data(listing.facts),
        "listed_on": listing.listed_on,
        "expires_on": listing.expires_on,
        "deciding_agency": listing.agency.name,
    }


def revoked_listings(q: str = "", region: str = "", year: int | None = None) -> QuerySet:
    """Listings whose decision was revoked (Order 45 art. 16): no longer on the public list,
    and named in a note so whoever saw the unit listed learns that the listing was revoked."""
    qs = (
        CreditListing.objects.filter(state=State.REVOKED, listed_on__isnull=False)
        .select_related("agency")
        .order_by("-revoked_on", "-id")
    )
    return _narrow(qs, q, region, year)


def revoked_row(listing: CreditListing) -> dict:
    """What the public sees of a revoked listing: the unit, when it was listed and when and by
    whom the listing was revoked; no facts (the decision they supported no longer stands)."""
    return {
        "id": listing.pk,
        "unit_name": redact_personal_data(listing.unit_name),
        "credit_code": listing.credit_code,
        "listed_on": listing.listed_on,
        "revoked_on": listing.revoked_on,
        "deciding_agency": listing.agency.name,
    }


def listing_years() -> list[int]:
    """The years of listing the public list can be narrowed to (current listings)."""
    span = current_listings().aggregate(first=Min("listed_on"), last=Max("listed_on"))
    return year_range(
        span["first"].year if span["first"] else None, span["last"].year if span["last"] else None
    )


def public_list(request: HttpRequest) -> HttpResponse:
    """失信联合惩戒名单公示: anonymous, readable on a phone, current listings only; narrowed by
    name, division and year of listing, and an empty result says whether nothing matched the
    filters or nothing is listed at all."""
    q = clean_text(request.GET.get("q", ""))[:100]
    form = PublicListFilter(
        request.GET, province=settings.WAGEGUARD_PROVINCE, years=listing_years()
    )
    region, year = form.region_code(), form.chosen_year()
    paginator = Paginator(current_listings(q=q, region=region, year=year), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = {"q": q, **form.params()}
    return render(
        request,
        "credit/public_list.html",
        {
            "page": page,
            "rows": [public_row(x) for x in page.object_list],
            "revoked": [
                revoked_row(x) for x in revoked_listings(q=q, region=region, year=year)[:PAGE_SIZE]
            ],
            "q": q,
            "form": form,
            "filtered": bool(q) or form.active,
            "query_string": pager_prefix(params),
        },
    )
