"""One filter for the staff list, the staff API and the exports: state, status, division, the
day of listing and a search."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.regions.models import within

from .rules import CURRENT_STATES, State

STATUSES = {
    "current": _("当前有效"),
    "in_progress": _("办理中"),
    "expired": _("期满移出"),
    "removed": _("提前移出"),
    "dropped": _("不予列入"),
    "revoked": _("列入决定已撤销"),
}


def status_q(status: str, today: dt.date) -> Q:
    """A listing whose term has ended counts as expired even before the expiry job ran."""
    ended = Q(state__in=CURRENT_STATES, expires_on__lte=today)
    return {
        "current": Q(state__in=CURRENT_STATES, expires_on__gt=today),
        "in_progress": Q(state__in=[State.PROPOSED, State.NOTIFIED]),
        "expired": Q(state=State.EXPIRED) | ended,
        "removed": Q(state=State.REMOVED),
        "dropped": Q(state=State.DROPPED),
        "revoked": Q(state=State.REVOKED),
    }[status]


def apply(qs: QuerySet, params: dict, today: dt.date) -> QuerySet:
    state = params.get("state") or ""
    if state:
        if state not in State.values:
            raise ValidationError({"state": _("无效的状态")})
        qs = qs.filter(state=state)
    status = params.get("status") or ""
    if status:
        if status not in STATUSES:
            message = _("无效的名单状态（current/in_progress/expired/removed/dropped/revoked）")
            raise ValidationError({"status": message})
        qs = qs.filter(status_q(status, today))
    region = str(params.get("region") or "").strip()
    if region:
        qs = qs.filter(within(region))
    # The day the unit went on the list (列入日期): the dispatch KPI counts listings by it.
    if value := str(params.get("listed_from") or "").strip():
        qs = qs.filter(listed_on__gte=dates.search_bound(value, "listed_from"))
    if value := str(params.get("listed_to") or "").strip():
        qs = qs.filter(listed_on__lte=dates.search_bound(value, "listed_to"))
    q = str(params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(unit_name__icontains=q) | Q(credit_code__iexact=q) | Q(case__number=q))
    return qs
