"""按月足额发放: the project-months whose wages fell due, paid in full and on time or not.

A month's wages are due by the end of the next month (`reconcile.due_on`, DOMAIN section 3);
a project-month is *due* when some worker has attendance in it and its due day is past, and
*paid monthly* when every worker with attendance was paid their 实发 in full from the dedicated
account by that day (`MonthSummary.not_paid_on_time == 0`, counted by `reconcile.summarise`).

One filter (`apply`) for the page `/projects/payroll/`, its API list and the dispatch KPI
`wages_paid_monthly_rate`, so the figure equals the list it links to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.regions.models import within

from .models import MonthSummary, Project

FILTER_NAMES = ("region", "due_from", "due_to", "paid")
PAID = {"yes": _("按月足额发放"), "no": _("未按月足额发放")}
# Due: some worker has attendance in the month (work was done, so wages are owed).
DUE = Q(on_attendance__gt=0)
PAID_MONTHLY = Q(not_paid_on_time=0)


def visible(user: Any) -> QuerySet:
    """The project-months due of the projects the user may see."""
    return MonthSummary.objects.filter(
        DUE, project__in=Project.objects.restrict(user, "view").values("pk")
    )


def due_between(first: dt.date | None, last: dt.date | None) -> Q:
    q = Q()
    if first is not None:
        q &= Q(due_on__gte=first)
    if last is not None:
        q &= Q(due_on__lte=last)
    return q


def apply(qs: QuerySet, params: Mapping[str, str]) -> QuerySet:
    """Project-months narrowed by division (the project's; a province code means the whole
    province), due day and paid monthly or not; a bad value is a `ValidationError` naming its
    parameter."""
    region = str(params.get("region") or "").strip()
    if region:
        qs = qs.filter(within(region, "project__region"))
    first = last = None
    if value := str(params.get("due_from") or "").strip():
        first = dates.search_bound(value, "due_from")
    if value := str(params.get("due_to") or "").strip():
        last = dates.search_bound(value, "due_to")
    if first is not None or last is not None:
        qs = qs.filter(due_between(first, last))
    paid = str(params.get("paid") or "")
    if paid:
        if paid not in PAID:
            raise ValidationError({"paid": _("应为 yes（按月足额发放）或 no（未按月足额发放）")})
        qs = qs.filter(PAID_MONTHLY) if paid == "yes" else qs.exclude(PAID_MONTHLY)
    return qs
