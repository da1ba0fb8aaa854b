"""Turning a project warning into a clue (projects.extensions.WARNING_OUTCOMES): the warning's
facts become a clue found by inspection, registered through the one intake service, so it gets
its routing, its acceptance deadline and its audit like any other."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from wageguard.projects.extensions import OutcomeResult, WarningOutcome

from .rules import Channel, Sector
from .services.intake import intake
from .validation import IntakeData


def to_clue(warning: Any, user: Any, note: str) -> OutcomeResult:
    project = warning.project
    contractor = project.general_contractor
    # The record's language, whatever the user's: a clue's description is evidence.
    description = f"工程项目预警转线索（{project.name}）：{warning.summary}。{note}"
    result = intake(
        IntakeData(
            employer_name=contractor.name,
            employer_credit_code=contractor.credit_code or "",
            work_address=project.site_address,
            project_name=project.name,
            sector=Sector.CONSTRUCTION,
            description=description[:2000],
        ),
        channel=Channel.INSPECTION,
        actor=user,
    )
    clue = result.clue
    return OutcomeResult(clue.tracking_code, f"/clues/{clue.pk}/")


OUTCOME = WarningOutcome(
    label=_("转为线索"), run=to_clue, may=lambda user: user.can("add", "clues.clue")
)
