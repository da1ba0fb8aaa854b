"""The credit list's part of a general contractor's record for the wage deposit's rate
(人社部发〔2021〕65号 art. 12: a unit listed for wage arrears lodges at least double): its current
listings, registered into `projects.extensions.CONTRACTOR_RECORDS`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from wageguard.projects.deposits.rules import ContractorRecord, Record

from .models import CreditListing
from .rules import CURRENT_STATES


def current_listings(enterprise_ids: list[int], since: dt.date) -> Iterable[ContractorRecord]:
    """The units on the list today (listed, or asking for early removal, with the term not yet
    ended); `since` does not limit a listing: one in force counts however old; one query."""
    today = timezone.localdate()
    rows = (
        CreditListing.objects.filter(enterprise_id__in=enterprise_ids, state__in=CURRENT_STATES)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .values_list("enterprise_id", "listed_on", "unit_name")
        .order_by()
    )
    for enterprise_id, listed_on, name in rows:
        yield ContractorRecord(enterprise_id, Record.LISTED, listed_on or today, name)
