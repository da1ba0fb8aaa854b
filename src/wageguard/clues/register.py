"""督办台账: the register of listed supervision (挂牌督办), one filter for its page and the API,
and the open listings the inbox and the overview count (so a number and its list agree).

A listed item is in the viewer's jurisdiction when its clue is (`Clue.objects.restrict`): a
prefecture sees what it and the province listed on its counties' clues, a county what was listed
on its own. Its state is derived from the report and closing times (`ListedState`).
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from wageguard.core.deadlines import Clock
from wageguard.org.models import User
from wageguard.regions.models import Level, within

from .models import Clue, Supervision
from .rules import ListedState, Sla

LEVELS = (Level.CITY, Level.PROVINCE)
OPEN = "open"
STATES = {
    ListedState.LISTED: Q(closed_at__isnull=True, reported_at__isnull=True),
    ListedState.REPORTED: Q(closed_at__isnull=True, reported_at__isnull=False),
    ListedState.CLOSED: Q(closed_at__isnull=False),
    OPEN: Q(closed_at__isnull=True),
    "all": Q(),
}
# An item awaiting its report is due soon or overdue by its own deadline; a reported or closed
# item no longer runs against it.
AWAITING = STATES[ListedState.LISTED]


def sla_q(sla: str, clock: Clock) -> Q:
    if sla == Sla.OVERDUE:
        return AWAITING & Q(due_date__lt=clock.today)
    if sla == Sla.DUE_SOON:
        return AWAITING & Q(due_date__gte=clock.today, due_date__lte=clock.due_soon_limit)
    return ~(AWAITING & Q(due_date__lte=clock.due_soon_limit))


def sla_of(row: Supervision, clock: Clock) -> str:
    """The badge of one item: judged by its deadline while it awaits the report."""
    if row.listed_state != ListedState.LISTED:
        return Sla.ON_TIME
    return clock.state(row.due_date)


def scoped(user: User) -> QuerySet:
    """Listed items on clues the user may see."""
    return Supervision.objects.filter(
        kind=Supervision.Kind.LISTED, clue__in=Clue.objects.restrict(user, "view").values("pk")
    )


def open_listing(level: str = "") -> Exists:
    """Clues with an open listing (of `level`, when given): the inbox's `listed` filter."""
    rows = Supervision.objects.filter(
        clue=OuterRef("pk"), kind=Supervision.Kind.LISTED, closed_at__isnull=True
    )
    if level:
        rows = rows.filter(level=level)
    return Exists(rows)


def listed_value(value: str, name: str = "listed") -> str:
    """The inbox's `listed` filter: 1 (any level), city or province; else an error naming it."""
    if value.lower() in {"1", "true", "yes", "on"}:
        return "1"
    if value in LEVELS:
        return value
    raise ValidationError({name: _("挂牌督办须为 1、city 或 province")})


def levels_by_clue(ids: list[int]) -> dict[int, list[str]]:
    """The levels that have one page of clues listed now: the inbox's 挂牌 badges, one query."""
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    rows = (
        Supervision.objects.filter(
            clue_id__in=ids, kind=Supervision.Kind.LISTED, closed_at__isnull=True
        )
        .order_by("clue_id", "level")
        .values_list("clue_id", "level")
    )
    for clue_id, level in rows:
        out.setdefault(clue_id, []).append(level)
    return out


def apply(qs: QuerySet, params: Mapping[str, str], clock: Clock) -> QuerySet:
    """The register's filters (level, state, sla, region, q); unknown values name the field.
    With no state given, the open items: the register is a worklist."""

    def get(name: str) -> str:
        value = params.get(name)
        return "" if value is None else str(value).strip()

    state = get("state") or OPEN
    if state not in STATES:
        raise ValidationError({"state": _("督办状态须为 open、listed、reported、closed 或 all")})
    qs = qs.filter(STATES[state])
    if value := get("level"):
        if value not in LEVELS:
            raise ValidationError({"level": _("督办层级须为 city 或 province")})
        qs = qs.filter(level=value)
    if value := get("sla"):
        if value not in Sla.values:
            raise ValidationError({"sla": _("时限状态须为 on_time、due_soon 或 overdue")})
        qs = qs.filter(sla_q(value, clock))
    if get("overdue").lower() in {"1", "true", "yes", "on"}:
        qs = qs.filter(sla_q(Sla.OVERDUE, clock))
    if value := get("region"):
        if get("own_level").lower() in {"1", "true", "yes", "on"}:
            qs = qs.filter(clue__region_id=value)  # the division itself (本级分拣)
        else:
            qs = qs.filter(within(value, "clue__region"))
    if value := get("q"):
        qs = qs.filter(
            Q(clue__tracking_code=value.upper()) | Q(clue__employer_name__contains=value)
        )
    return qs.order_by("due_date", "id")


_RELATED = ("by_agency", "clue__agency", "clue__region")


def page(qs: QuerySet, start: int, stop: int) -> list[Supervision]:
    """One page by nearest deadline: ids through the narrow index first, then their rows."""
    ids = list(qs.values_list("pk", flat=True)[start:stop])
    rows = {s.pk: s for s in Supervision.objects.filter(pk__in=ids).select_related(*_RELATED)}
    return [rows[i] for i in ids if i in rows]


def counts_by_region(user: User, region_ids: list[str] | None = None) -> dict[str, int]:
    """Open listed items per division of their clue: the overview's column, one grouped query."""
    qs = scoped(user).filter(STATES[OPEN])
    if region_ids is not None:
        qs = qs.filter(clue__region_id__in=region_ids)
    rows = qs.values("clue__region_id").annotate(n=Count("pk")).order_by()
    return {r["clue__region_id"]: r["n"] for r in rows}
