"""One filter for the staff batch list and the published items' API: state, division (the
publishing bureau's, a province code meaning the whole province) and the local days of
publication. The dispatch KPI `violations_published` counts the published items with the same
conditions (`published_q`), so the figure equals the list it links to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.regions.models import within

from .rules import State

FILTER_NAMES = ("state", "region", "published_from", "published_to")


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def published_q(first: dt.date | None, last: dt.date | None, prefix: str = "") -> Q:
    """Batches published on these local days, both included (`prefix` "batch__" for items):
    a bound on the stored moment, never a function of every row."""
    q = Q(**{f"{prefix}state": State.PUBLISHED})
    if first is not None:
        q &= Q(**{f"{prefix}published_at__gte": _midnight(first)})
    if last is not None:
        q &= Q(**{f"{prefix}published_at__lt": _midnight(last + dt.timedelta(days=1))})
    return q


def _bounds(params: Mapping[str, str]) -> tuple[dt.date | None, dt.date | None]:
    first = last = None
    if value := str(params.get("published_from") or "").strip():
        first = dates.search_bound(value, "published_from")
    if value := str(params.get("published_to") or "").strip():
        last = dates.search_bound(value, "published_to")
    return first, last


def apply(qs: QuerySet, params: Mapping[str, str], prefix: str = "") -> QuerySet:
    """Batches (or, with `prefix="batch__"`, items) narrowed by the filters given; a bad value
    is a `ValidationError` naming its parameter (shown in place, a 422 in the API)."""
    state = str(params.get("state") or "")
    if state:
        if state not in State.values:
            raise ValidationError({"state": _("无效的状态")})
        qs = qs.filter(**{f"{prefix}state": state})
    region = str(params.get("region") or "").strip()
    if region:
        qs = qs.filter(within(region, f"{prefix}region"))
    first, last = _bounds(params)
    if first is not None or last is not None:
        qs = qs.filter(published_q(first, last, prefix))
    return qs
