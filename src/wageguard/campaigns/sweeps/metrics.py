"""The sweeps' measure of a campaign target: 在建项目检查覆盖率, project targets of the campaign's
sweeps visited / project targets listed, over the targets the viewer may see. Registered into
`campaigns.metrics.MEASURERS` by the app's `ready()`."""

from decimal import Decimal

from django.db.models import Count

from .. import rules
from ..metrics import Measurer, Measuring
from .models import SweepTarget

SWEEP_MODEL = "campaigns.sweep"


def _projects_inspected_rate(m: Measuring) -> Decimal | None:
    """None when the viewer may not see sweeps or the campaign's sweeps list no project: a
    target with nothing to measure is "not measured", never 0%."""
    if not m.user.can("view", SWEEP_MODEL):
        return None
    if "sweep_projects" not in m.cache:
        m.cache["sweep_projects"] = (
            SweepTarget.objects.restrict(m.user, "view")
            .filter(sweep__campaign=m.campaign, project__isnull=False)
            .aggregate(total=Count("pk"), visited=Count("visited_at"))
        )
    row = m.cache["sweep_projects"]
    if not row["total"]:
        return None
    return rules.rate(row["visited"], row["total"])


PROJECTS_INSPECTED = Measurer(_projects_inspected_rate)
