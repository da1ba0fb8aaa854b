"""The cases' part of a general contractor's record for the wage deposit's rate
(人社部发〔2021〕65号 art. 12: arrears in the 2 years before lodging raise it): a case
against the unit closed with arrears found, registered into
`projects.extensions.CONTRACTOR_RECORDS` (projects sits below cases and cannot read them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Sum

from wageguard.projects.deposits.rules import ContractorRecord, Record

from .models import EnforcementCase
from .rules import State


def closed_with_arrears(enterprise_ids: list[int], since: dt.date) -> Iterable[ContractorRecord]:
    """Cases against the units closed on or after `since` whose worker lines owed something
    (arrears established, whether or not recovered since); one query."""
    rows = (
        EnforcementCase.objects.filter(
            employer_id__in=enterprise_ids, state=State.CLOSED, closed_on__gte=since
        )
        .annotate(owed=Sum("workers__amount_owed"))
        .filter(owed__gt=0)
        .values_list("employer_id", "closed_on", "number")
        .order_by()
    )
    for employer_id, closed_on, number in rows:
        yield ContractorRecord(employer_id, Record.ARREARS, closed_on, number)
