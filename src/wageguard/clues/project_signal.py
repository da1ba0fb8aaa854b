"""The "open clue on the project" warning signal (`projects.warnings.SIGNALS["open_clue"]`,
registered in `CluesConfig.ready()`): clues sit above projects, so projects declares the rule
and the clues app answers it.

A clue counts while the arrears it reports are not resolved: received, accepted, under
verification, referred to another body or filed as a case. One found resolved (已化解) or
unsubstantiated (查无实据) waits only for its reply and does not count; nor does a clue made from
one of the project's own warnings (`warning_outcome.to_clue`), which is that warning's handling,
not a second finding.

One aggregate query per batch of projects (the clues' project index, and for each clue an
EXISTS over the project's warnings), so the scan keeps its bound at 100,000 projects. The
finding names how many clues and since when, never the reporters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.projects.models import Warning
from wageguard.projects.warnings.rules import Finding

from .models import Clue
from .rules import State

CODE = "open_clue"
# The name the clues app registers its outcome under in `projects.extensions.WARNING_OUTCOMES`.
OUTCOME_NAME = "clue"
UNRESOLVED = (
    State.RECEIVED,
    State.ACCEPTED,
    State.VERIFYING,
    State.REFERRED,
    State.CONVERTED,
)


def open_clues(project_ids: list[int], today: dt.date, params: dict[str, Any]) -> Iterable[Finding]:
    """Projects with at least `clues` unresolved clues linked to them."""
    from_warning = Warning.objects.filter(
        project_id=OuterRef("project_id"),
        outcome=OUTCOME_NAME,
        outcome_ref=OuterRef("tracking_code"),
    )
    rows = (
        Clue.objects.filter(project_id__in=project_ids, state__in=UNRESOLVED)
        .exclude(Exists(from_warning))
        .values("project_id")
        .annotate(clues=Count("pk"), since=Min("received_at"))
        .filter(clues__gte=int(params["clues"]))
    )
    for row in rows:
        since = timezone.localdate(row["since"])
        yield Finding(
            row["project_id"],
            _("项目有 %(n)d 条未化解的欠薪线索（最早于 %(day)s 接收）")
            % {"n": row["clues"], "day": f"{since:%Y-%m-%d}"},
            data={"clues": row["clues"], "since": since.isoformat()},
        )
