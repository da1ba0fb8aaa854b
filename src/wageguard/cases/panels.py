"""What cases add to other apps' pages, registered in `CasesConfig.ready()`: on the enterprise
page (`parties.extensions.ENTERPRISE_PANELS`) the cases the enterprise is a party to."""

from typing import Any

from .models import EnforcementCase

LIMIT = 20


def enterprise_cases(enterprise: Any, user: Any) -> dict | None:
    if not user.can("view", "cases.enforcementcase"):
        return None
    rows = EnforcementCase.objects.restrict(user, "view").filter(parties__enterprise=enterprise)
    rows = rows.distinct()
    return {
        "cases": list(rows.select_related("region").order_by("-pk")[:LIMIT]),
        "total": rows.count(),
        "limit": LIMIT,
    }
