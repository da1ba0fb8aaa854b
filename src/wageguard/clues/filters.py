"""One filter for the inbox page, the API list and the Excel ledger (NetBox: one filterset)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import dates
from wageguard.core.deadlines import Clock, Stage
from wageguard.regions.models import within

from . import register
from .models import Clue
from .rules import OPEN_STATES, Channel, ReferralTarget, Resolution, Sector, Sla, State

SORTS = {
    "due": ("due_date", "id"),
    "-due": ("-due_date", "-id"),
    "received": ("received_at", "id"),
    "-received": ("-received_at", "-id"),
    "amount": ("amount_owed", "id"),
    "-amount": ("-amount_owed", "-id"),
}


# A clue's stage ends with its reply; a merged clue lives on in the clue it joined.
STAGE = Stage(
    open_states=frozenset(OPEN_STATES),
    done_field="replied_on",
    never_late=frozenset({State.MERGED}),
)


# Clues past verification, and those of them resolved (化解): the outcome recorded by the
# verification step (clues.actions), on a clue that has not been reopened since (a reopened clue
# is back in verification with its old outcome still stored). Read by the inbox's `outcome`
# filter and by the dispatch KPIs (核查率, 化解率), so a figure and its list count the same rows.
VERIFIED_STATES = (
    State.RESOLVED,
    State.UNSUBSTANTIATED,
    State.REFERRED,
    State.CONVERTED,
    State.REPLIED,
    State.CLOSED,
)
RESOLVED_OUTCOMES = tuple(Resolution.values)
VERIFIED_OUTCOMES = (*RESOLVED_OUTCOMES, "unsubstantiated", "converted", *ReferralTarget.values)
OUTCOMES = {
    "verified": Q(state__in=VERIFIED_STATES, outcome__in=VERIFIED_OUTCOMES),
    "resolved": Q(state__in=VERIFIED_STATES, outcome__in=RESOLVED_OUTCOMES),
}
# Clues answered in writing (a reply, a refusal, a notice where to go): the states a clue
# reaches only with its reply date set. Their `sla` is judged by that date (on time, overdue).
ANSWERED_STATES = (State.REJECTED, State.REDIRECTED, State.REPLIED, State.CLOSED)


def only_open(qs: QuerySet) -> QuerySet:
    """Open clues, written so the partial indexes on open clues can serve the query.

    SQLite uses a partial index only when the query repeats its condition with literal values;
    Django binds values as parameters, so on SQLite the fixed list of open states (our constants,
    never user input) is inlined. PostgreSQL plans with the bound values and needs no help.
    """
    if connection.vendor == "sqlite":
        literal = ", ".join(f"'{state}'" for state in OPEN_STATES)
        return qs.extra(where=[f'"clues_clue"."state" IN ({literal})'])
    return qs.filter(state__in=OPEN_STATES)


def page(qs: QuerySet, start: int, stop: int) -> list[Clue]:
    """One page, ordered, without sorting wide joined rows: first the ids through the narrow
    index, then the page's rows with their joins (a "deferred join")."""
    ids = list(qs.values_list("pk", flat=True)[start:stop])
    rows = {c.pk: c for c in qs.model.objects.filter(pk__in=ids).select_related(*_RELATED)}
    return [rows[i] for i in ids if i in rows]


_RELATED = ("agency", "assignee", "merged_into", "region")


def local_midnight(day: dt.date) -> dt.datetime:
    """The first moment of a local day: the received-day bounds compare the stored moment with
    it (an index range on received_at), not the moment's date (a function of every row)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# A search bound: ISO, half-width digits, within `core.dates.SEARCH`.
_date = dates.search_bound


# The inbox a handler opens with no filter chosen: open clues that are theirs or nobody's yet,
# nearest deadline first (issue 14: "what must I do today?", not every clue of the county).
INBOX_DEFAULTS = {"state": "open", "assignee": "mine"}


def apply(qs: QuerySet, params, clock: Clock, user: Any = None) -> QuerySet:
    """Applies inbox filters from a GET-style mapping; unknown values raise naming the field.
    `assignee=mine` (the viewer's own and the unassigned) needs the viewer, `user`."""

    def get(name: str) -> str:
        value = params.get(name)
        return "" if value is None else str(value).strip()

    states: list[str] = []
    if value := get("state"):
        states = value.split(",")
        if value == "open":
            states = list(OPEN_STATES)
            qs = only_open(qs)
        elif value == "answered":
            states = list(ANSWERED_STATES)
            qs = qs.filter(state__in=states)
        elif not set(states) <= set(State.values):
            raise ValidationError({"state": _("状态无效")})
        else:
            qs = qs.filter(state__in=states)
    if value := get("sla"):
        if value not in Sla.values:
            raise ValidationError({"sla": _("时限状态须为 on_time、due_soon 或 overdue")})
        open_only = bool(states) and set(states) <= set(OPEN_STATES)
        qs = qs.filter(clock.q(value, open_only))
    if value := get("channel"):
        if value not in Channel.values:
            raise ValidationError({"channel": _("来源渠道无效")})
        qs = qs.filter(channel=value)
    if value := get("sector"):
        if value not in Sector.values:
            raise ValidationError({"sector": _("行业领域无效")})
        qs = qs.filter(sector=value)
    if value := get("region"):
        # `own_level`: the division itself, not those below it (the overview's 本级分拣 row:
        # clues waiting in a prefecture's or the province's own queue).
        own = get("own_level").lower() in {"1", "true", "yes", "on"}
        qs = qs.filter(region_id=value) if own else qs.filter(within(value))
    if value := get("outcome"):
        if value not in OUTCOMES:
            raise ValidationError({"outcome": _("办理结果须为 verified 或 resolved")})
        qs = qs.filter(OUTCOMES[value])
    if value := get("urgent"):
        qs = qs.filter(urgent=value.lower() in {"1", "true", "yes", "on"})
    if value := get("listed"):
        # Clues listed for supervision now (挂牌督办, open until closed): the register's open
        # items of one level are exactly these clues, one listing per clue and level.
        level = register.listed_value(value)
        qs = qs.filter(register.open_listing("" if level == "1" else level))
    if get("reopened") in {"1", "true", "yes", "on"}:
        qs = qs.filter(reopened_count__gt=0)
    if value := get("assignee"):
        if value == "mine" and user is not None:
            qs = qs.filter(Q(assignee__isnull=True) | Q(assignee_id=user.pk))
        elif value != "none" and not (value.isascii() and value.isdigit()):
            raise ValidationError({"assignee": _("承办人须为用户 id、none 或 mine")})
        elif value == "none":
            qs = qs.filter(assignee__isnull=True)
        else:
            qs = qs.filter(assignee_id=value)
    if value := get("due_from"):
        qs = qs.filter(due_date__gte=_date(value, "due_from"))
    if value := get("due_to"):
        qs = qs.filter(due_date__lte=_date(value, "due_to"))
    if value := get("received_from"):
        qs = qs.filter(received_at__gte=local_midnight(_date(value, "received_from")))
    if value := get("received_to"):
        day = _date(value, "received_to")
        qs = qs.filter(received_at__lt=local_midnight(day + dt.timedelta(days=1)))
    if value := get("q"):
        qs = qs.filter(
            Q(tracking_code=value.upper())
            | Q(employer_name__contains=value)
            | Q(project_name__contains=value)
            | Q(employer_credit_code=value.upper())
            # A reporter's full mobile or ID number, found through its keyed hash (core.crypto);
            # part of a number finds nothing, since the number is encrypted at rest.
            | Q(phone=value)
            | Q(id_number=value)
        )
    sort = get("sort") or "due"
    if sort not in SORTS:
        raise ValidationError({"sort": _("排序字段无效")})
    return qs.order_by(*SORTS[sort])
