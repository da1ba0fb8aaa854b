"""Channel checks counted in campaigns (`campaigns.metrics.COUNTERS`, filled in this app's
`ready()`: campaigns sits below inspections and never imports it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wageguard.campaigns.metrics import Counter
from wageguard.campaigns.models import Campaign
from wageguard.campaigns.services import in_campaign

from .models import ChannelCheck
from .rules import CheckResult


def count_checks(campaign: Campaign, user: Any, today: dt.date) -> dict[str, Any]:
    """Checks performed in the period on bureaus of the campaign's scope; `problems` the failed
    ones (each opened a ledger item). A check tests a bureau's complaint channel, not an
    employer: it names no sector and counts in every campaign of its scope and period, whatever
    the campaign's sectors (campaigns.services.sector_q, "neutral")."""
    qs = in_campaign(ChannelCheck.objects.restrict(user, "view"), campaign, "performed_at")
    return qs.aggregate(
        total=Count("pk"), problems=Count("pk", filter=Q(result=CheckResult.FAILED))
    )


COUNTER = Counter(_("渠道暗访"), "inspections.channelcheck", count_checks)
