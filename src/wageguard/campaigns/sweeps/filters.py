"""The sweep targets' one filter, for the target list page and its API (and the dispatch KPI
`sweep_coverage_rate`, which counts with the same conditions): division (a province code means
the whole province), the period the sweep runs in, campaign, sweep, and inspected or not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.regions.models import within

FILTER_NAMES = ("region", "period_from", "period_to", "campaign", "sweep", "inspected")
INSPECTED = {"yes": _("已检查"), "no": _("未检查")}


def under_way(first: dt.date | None, last: dt.date | None) -> Q:
    """Targets of the sweeps under way on some day of the period (the sweep's own period
    overlaps it, both ends included): the dispatch meeting asks how far the sweeps running in
    its period have got."""
    q = Q()
    if first is not None:
        q &= Q(sweep__end_date__gte=first)
    if last is not None:
        q &= Q(sweep__start_date__lte=last)
    return q


def _id(params: Mapping[str, str], name: str) -> int | None:
    value = str(params.get(name) or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise ValidationError({name: _("应为数字编号")})
    return int(value)


def apply(qs: QuerySet, params: Mapping[str, str]) -> QuerySet:
    """Targets narrowed by the filters given; a bad value is a `ValidationError` naming its
    parameter (in place on the page, a 422 in the API)."""
    region = str(params.get("region") or "").strip()
    if region:
        qs = qs.filter(within(region))
    first = last = None
    if value := str(params.get("period_from") or "").strip():
        first = dates.search_bound(value, "period_from")
    if value := str(params.get("period_to") or "").strip():
        last = dates.search_bound(value, "period_to")
    if first is not None or last is not None:
        qs = qs.filter(under_way(first, last))
    if (campaign := _id(params, "campaign")) is not None:
        qs = qs.filter(sweep__campaign_id=campaign)
    if (sweep := _id(params, "sweep")) is not None:
        qs = qs.filter(sweep_id=sweep)
    inspected = str(params.get("inspected") or "")
    if inspected:
        if inspected not in INSPECTED:
            raise ValidationError({"inspected": _("应为 yes（已检查）或 no（未检查）")})
        qs = qs.filter(visited_at__isnull=inspected == "no")
    return qs
