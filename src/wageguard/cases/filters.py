"""The case list's filters: state, deadline status, division and a text search, one place for the
page (and later the API and exports), the way clues.filters serves the clue inbox."""

from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from wageguard.core import dates
from wageguard.core.deadlines import Clock, Sla, Stage
from wageguard.parties.rules import normalise_name
from wageguard.regions.models import within

from .models import EnforcementCase, PoliceTransfer
from .rules import OPEN_STATES, State

SORTS = {
    "due": ("due_date", "id"),
    "-due": ("-due_date", "-id"),
    "filed": ("filed_on", "id"),
    "-filed": ("-filed_on", "-id"),
}


# The investigation clock stops at the handling decision (Decree 423 art. 17).
STAGE = Stage(open_states=frozenset(OPEN_STATES), done_field="decided_on")


def transferred_q() -> Q:
    """Cases transferred to the police (移送公安, Decree 724 art. 41) at least once: the list's
    `transferred` filter and the dispatch KPI alike."""
    return Q(Exists(PoliceTransfer.objects.filter(case=OuterRef("pk"))))


def search(value: str) -> Q:
    """The search box, on indexed columns only (a `contains` scan reads every case of the
    province): a case number typed whole or from its start (武人社监案〔2026〕1 finds 1, 12, 13…),
    an employer by the start of its normalised name (parties.rules.normalise_name: "四川鑫达"
    and "鑫达建筑" both find 四川鑫达建筑工程有限公司), or a credit code exactly."""
    q = Q(number__startswith=value) | Q(employer_credit_code=value.upper())
    key = normalise_name(value)
    if key:
        q |= Q(employer_name_norm__startswith=key)
    return q


def apply(qs: QuerySet, params, clock: Clock) -> QuerySet:
    """Filters from a GET-style mapping; an unknown value raises naming its field."""

    def get(name: str) -> str:
        value = params.get(name)
        return "" if value is None else str(value).strip()

    if value := get("state"):
        if value == "open":
            qs = qs.filter(state__in=OPEN_STATES)
        elif value not in State.values:
            raise ValidationError({"state": _("状态无效")})
        else:
            qs = qs.filter(state=value)
    if value := get("sla"):
        if value not in Sla.values:
            raise ValidationError({"sla": _("时限状态须为 on_time、due_soon 或 overdue")})
        qs = qs.filter(clock.q(value))
    if value := get("region"):
        if not (value.isascii() and value.isdigit()):
            raise ValidationError({"region": _("辖区代码无效")})
        # `own_level`: the division itself, not those below it (the overview's 本级分拣 row).
        own = get("own_level").lower() in {"1", "true", "yes", "on"}
        qs = qs.filter(region_id=value) if own else qs.filter(within(value))
    if value := get("filed_from"):
        qs = qs.filter(filed_on__gte=dates.search_bound(value, "filed_from"))
    if value := get("filed_to"):
        qs = qs.filter(filed_on__lte=dates.search_bound(value, "filed_to"))
    if get("transferred").lower() in {"1", "true", "yes", "on"}:
        qs = qs.filter(transferred_q())
    if value := get("q"):
        qs = qs.filter(search(value))
    sort = get("sort") or "due"
    if sort not in SORTS:
        raise ValidationError({"sort": _("排序字段无效")})
    return qs.order_by(*SORTS[sort])


_MONEY = DecimalField(max_digits=16, decimal_places=2)


def page(qs: QuerySet, start: int, stop: int) -> list[EnforcementCase]:
    """One page with its worker totals: first the ids through the narrow index, then the page's
    rows with their joins and sums (a "deferred join"), so the sums cost 50 rows, not all."""
    ids = list(qs.values_list("pk", flat=True)[start:stop])
    rows = (
        EnforcementCase.objects.filter(pk__in=ids)
        .select_related("region", "agency")
        .annotate(
            n_workers=Count("workers"),
            owed=Coalesce(Sum("workers__amount_owed"), Value(0), output_field=_MONEY),
            recovered=Coalesce(Sum("workers__amount_recovered"), Value(0), output_field=_MONEY),
        )
    )
    by_pk = {c.pk: c for c in rows}
    return [by_pk[i] for i in ids if i in by_pk]
