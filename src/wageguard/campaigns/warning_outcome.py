"""Turning a project warning into a problem-ledger item (projects.extensions.WARNING_OUTCOMES
"ledger"): a problem the project's supervising bureau must rectify by a deadline and that is
closed above it, rather than a clue or a case. The item is opened by this app's own service
(`services.open_item_from_warning`: jurisdiction, deadline, campaign, audit); the item keeps
the warning's link."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wageguard.projects.extensions import OutcomeResult, WarningOutcome

from .services import open_item_from_warning


def to_ledger(warning: Any, user: Any, note: str) -> OutcomeResult:
    item = open_item_from_warning(user, warning, note)
    return OutcomeResult(
        str(_("问题台账第 %(n)d 号") % {"n": item.pk}),
        reverse("campaigns:ledger-item", args=[item.pk]),
    )


OUTCOME = WarningOutcome(
    label=_("列入问题台账"),
    run=to_ledger,
    may=lambda user: user.can("view", "campaigns.ledgeritem"),
)
