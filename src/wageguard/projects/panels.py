"""What projects add to the enterprise page (`parties.extensions.ENTERPRISE_PANELS`), registered
in `ProjectsConfig.ready()`: the projects the enterprise develops or builds, with whether each
applies the core systems, and the open warnings on them: an inspector about to visit a
contractor sees which of its sites are already behind on wages."""

from typing import Any

from django.db.models import Q

from .models import OPEN_STATES, Project, Warning

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
    warnings = Warning.objects.restrict(user, "view").filter(
        state__in=OPEN_STATES, project__in=rows.values("pk")
    )
    return {
        "projects": list(rows.select_related("region").order_by("-pk")[:LIMIT]),
        "total": rows.count(),
        "limit": LIMIT,
        "enterprise": enterprise,
        "warnings": list(
            warnings.select_related("project").order_by("level_rank", "due_on", "pk")[:LIMIT]
        ),
        "warnings_total": warnings.count(),
    }
