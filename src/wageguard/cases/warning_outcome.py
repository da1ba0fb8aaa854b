"""Turning a project warning into a case (projects.extensions.WARNING_OUTCOMES "case"): the case
is filed through the cases app's own filing service (`services.file_from_warning`: permission,
number, 60-working-day deadline, history and audit), against the general contractor or the
subcontractor the warning names, linked to the project; the warning's transition keeps the
case's number and link."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wageguard.projects.extensions import OutcomeResult, WarningOutcome

from .services import MODEL, file_from_warning


def to_case(warning: Any, user: Any, note: str) -> OutcomeResult:
    case = file_from_warning(warning, user, note)
    return OutcomeResult(case.number, reverse("cases:detail", args=[case.pk]))


OUTCOME = WarningOutcome(
    label=_("转为案件（立案）"), run=to_case, may=lambda user: user.can("file", MODEL)
)
