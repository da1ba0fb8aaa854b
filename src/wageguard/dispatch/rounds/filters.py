"""The filters of the round list: one function the API uses now and a page filter form can use
later, so both filter alike (DESIGN: filters.py serves page and API)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from . import services
from .rules import ReportState


def filter_rounds(qs: QuerySet, data: dict[str, Any], user: Any) -> QuerySet:
    """`data` holds only the filters given: campaign (id), cadence, start_from / start_to (the
    period's first day), pending (a round with a report the user sees not yet submitted)."""
    if data.get("campaign") is not None:
        qs = qs.filter(campaign_id=data["campaign"])
    if data.get("cadence"):
        qs = qs.filter(cadence=data["cadence"])
    if data.get("start_from") is not None:
        qs = qs.filter(start__gte=data["start_from"])
    if data.get("start_to") is not None:
        qs = qs.filter(start__lte=data["start_to"])
    pending = data.get("pending")
    if pending is not None:
        waiting = (
            services.visible_reports(user).exclude(state=ReportState.SUBMITTED).values("round_id")
        )
        qs = qs.filter(pk__in=waiting) if pending else qs.exclude(pk__in=waiting)
    return qs
