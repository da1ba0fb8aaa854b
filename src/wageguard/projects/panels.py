"""What projects add to the enterprise page (`parties.extensions.ENTERPRISE_PANELS`), registered
in `ProjectsConfig.ready()`: the projects the enterprise develops or builds, with whether each
applies the core systems."""

from typing import Any

from django.db.models import Q

from .models import Project

LIMIT = 20


def enterprise_projects(enterprise: Any, user: Any) -> dict | None:
    if not user.can("view", "projects.project"):
        return None
    rows = (
        Project.objects.restrict(user, "view")
        .filter(
            Q(developer=enterprise)
            | Q(general_contractor=enterprise)
            | Q(contractors__enterprise=enterprise)
        )
        .distinct()
    )
    return {
        "projects": list(rows.select_related("region").order_by("-pk")[:LIMIT]),
        "total": rows.count(),
        "limit": LIMIT,
        "enterprise": enterprise,
    }
