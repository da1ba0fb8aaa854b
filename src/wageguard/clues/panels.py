"""What clues add to the project page (`projects.extensions.PROJECT_PANELS`), registered in
`CluesConfig.ready()`: the clues against the project or any of its contractors, so an inspector
sees the complaints about a site next to its core systems."""

from typing import Any

from django.db.models import Q

from wageguard.parties.models import Enterprise
from wageguard.projects.services import contractor_ids

from .models import Clue

LIMIT = 20


def project_clues(project: Any, user: Any) -> dict | None:
    """The clues the user may see that are linked to the project or name one of its contractors
    (by credit code or by name): the general contractor answers first for its subcontractors'
    arrears (Decree 724 art. 30). The newest first; the count is of all of them."""
    if not user.can("view", "clues.clue"):
        return None
    ids = contractor_ids(project)
    parties = list(Enterprise.objects.filter(pk__in=ids).values_list("credit_code", "name_norm"))
    codes = [code for code, _norm in parties if code]
    names = [norm for _code, norm in parties if norm]
    against = (
        Q(project=project) | Q(employer_credit_code__in=codes) | Q(employer_name_norm__in=names)
    )
    rows = Clue.objects.restrict(user, "view").filter(against)
    return {
        "clues": list(rows.select_related("region").order_by("-received_at")[:LIMIT]),
        "total": rows.count(),
        "limit": LIMIT,
    }


def enterprise_clues(enterprise: Any, user: Any) -> dict | None:
    """The clues naming the enterprise as employer, by its credit code or its name key."""
    if not user.can("view", "clues.clue"):
        return None
    named = Q(employer_name_norm=enterprise.name_norm)
    if enterprise.credit_code:
        named |= Q(employer_credit_code=enterprise.credit_code)
    rows = Clue.objects.restrict(user, "view").filter(named)
    return {
        "clues": list(rows.select_related("region").order_by("-received_at")[:LIMIT]),
        "total": rows.count(),
        "limit": LIMIT,
    }
