"""Every change to sweeps (拉网式排查): planning (the sweep, its targets, teams, assignment,
random draws) and visits, each with its permission, jurisdiction, audit and, for a visit that
finds a problem, ledger items opened through the one ledger (`campaigns.services.open_item`) in
the visit's transaction. Also the coverage a page or the API shows, in a fixed number of queries.

Who may do what (`org.rules`, model `campaigns.sweep`):
- plan (supervisors, the task force): launch a sweep of a division of their jurisdiction inside
  a campaign's scope and period; add targets, form teams, assign targets and draw at random for
  divisions of their jurisdiction within the sweep;
- visit (inspectors, supervisors): record a visit of a target assigned to a team they are on,
  within their jurisdiction, while the sweep runs.
"""

from .coverage import Coverage, CoverageRow, coverage
from .draws import publish_draw, random_draw, replay
from .planning import (
    SWEEP_FIELDS,
    add_employers,
    add_employers_from_cases,
    add_project_targets,
    assign,
    check_plan,
    create_sweep,
    eligible_inspectors,
    form_team,
    may_plan,
    region_in_sweep,
    visit_roles,
)
from .visits import (
    CLIENT_KEY,
    MAX_ARREARS,
    MAX_PHOTOS,
    MAX_WORKERS,
    OUTCOMES,
    Recorded,
    arrears_to,
    check_visit,
    record_visit,
)

__all__ = [
    "CLIENT_KEY",
    "MAX_ARREARS",
    "MAX_PHOTOS",
    "MAX_WORKERS",
    "OUTCOMES",
    "SWEEP_FIELDS",
    "Coverage",
    "CoverageRow",
    "Recorded",
    "add_employers",
    "add_employers_from_cases",
    "add_project_targets",
    "arrears_to",
    "assign",
    "check_plan",
    "check_visit",
    "coverage",
    "create_sweep",
    "eligible_inspectors",
    "form_team",
    "may_plan",
    "publish_draw",
    "random_draw",
    "record_visit",
    "region_in_sweep",
    "replay",
    "visit_roles",
]
