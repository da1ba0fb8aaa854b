"""The inbox's filters, shared by the page and the API, and its order: what must be done today
first (overdue, then red, then the earliest deadline)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import BootstrapMixin
from wageguard.regions.models import within

from ..models import DEPARTMENTS, OPEN_STATES, Level, Warning, WarningState
from .rules import RULES


def filter_warnings(qs: QuerySet, data: dict[str, Any]) -> QuerySet:
    today = timezone.localdate()
    if data.get("level"):
        qs = qs.filter(level=data["level"])
    state = data.get("state") or ""
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    region = data.get("region") or ""
    if region:
        # A county, a prefecture's counties or a province's (warnings are always a county's).
        qs = qs.filter(within(region))
    if data.get("issued_from"):
        qs = qs.filter(issued_on__gte=data["issued_from"])
    if data.get("issued_to"):
        qs = qs.filter(issued_on__lte=data["issued_to"])
    if data.get("project"):
        qs = qs.filter(project_id=data["project"])
    if data.get("rule"):
        qs = qs.filter(rule=data["rule"])
    if data.get("department"):
        qs = qs.filter(department=data["department"])
    overdue = data.get("overdue") in (True, "yes", "1", "true")
    if overdue:
        qs = qs.filter(state__in=OPEN_STATES, due_on__lt=today)
    if not (overdue or state == "open" or state in OPEN_STATES):
        # Decided warnings are history: newest first, read backwards along the primary key.
        return qs.order_by("-pk")
    # What must be done today first: overdue, then by level and deadline. `page()` reads the
    # overdue and the rest as two walks of one partial index in its order (no sort of a
    # province's open warnings); the mark tells it the day the split is made on.
    qs = _open_only(qs).order_by("level_rank", "due_on", "pk")
    qs.urgent_on = today
    return qs


def _open_only(qs: QuerySet) -> QuerySet:
    """The open warnings through their partial index. SQLite uses a partial index only when the
    query repeats its condition with literal values, and Django binds parameters, so there the
    fixed list of open states (constants, never user input) is inlined, as the clue inbox does;
    PostgreSQL plans with the bound values."""
    if connection.vendor == "sqlite":
        literal = ", ".join(f"'{state}'" for state in OPEN_STATES)
        return qs.extra(where=[f'"projects_warning"."state" IN ({literal})'])
    return qs.filter(state__in=OPEN_STATES)


def page(qs: QuerySet, start: int, stop: int) -> list[Warning]:
    """One page without sorting wide joined rows: the ids through the narrow index first, then
    the page's rows with their project and county (a "deferred join"). Open warnings come
    overdue first: the overdue ones up to the page's end are counted, and the page is taken
    from the overdue, then the rest, each in index order (four queries whatever the page)."""
    today = getattr(qs, "urgent_on", None)
    if today is None:
        ids = list(qs.values_list("pk", flat=True)[start:stop])
    else:
        overdue = qs.filter(due_on__lt=today)
        late = overdue.order_by()[:stop].count()
        ids = list(overdue.values_list("pk", flat=True)[min(start, late) : late])
        rest = qs.filter(due_on__gte=today).values_list("pk", flat=True)
        ids += list(rest[max(0, start - late) : max(1, stop - late)])
        ids = ids[: stop - start]
    rows = Warning.objects.filter(pk__in=ids).select_related("project", "region")
    by_id = {w.pk: w for w in rows}
    return [by_id[i] for i in ids if i in by_id]


class WarningFilterForm(BootstrapMixin, Form):
    """The inbox's filters; the filtering itself is `filter_warnings`, shared with the API."""

    level = forms.ChoiceField(label=_("等级"), required=False)
    state = forms.ChoiceField(label=_("状态"), required=False)
    rule = forms.ChoiceField(label=_("规则"), required=False)
    # Any division of the viewer's jurisdiction, not only those offered: a dispatch KPI links
    # to a county's warnings from the province (dispatch.kpis). Another division is refused.
    region = forms.CharField(label=_("辖区"), required=False, max_length=6, widget=forms.Select)
    department = forms.ChoiceField(label=_("行业主管部门"), required=False)
    overdue = forms.ChoiceField(
        label=_("逾期"), required=False, choices=[("", _("全部期限")), ("yes", _("仅逾期"))]
    )
    issued_from = DateField(
        label=_("发出日期自"), required=False, widget=DateInput, policy=dates.SEARCH
    )
    issued_to = DateField(
        label=_("发出日期至"), required=False, widget=DateInput, policy=dates.SEARCH
    )

    def __init__(
        self,
        *args: Any,
        regions: list = (),
        jurisdiction: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The codes the region filter accepts: the viewer's divisions (None: every division).
        self.jurisdiction = jurisdiction
        # Each select's first option names what it filters, so a row of them reads at a glance.
        self.fields["level"].choices = [("", _("全部等级")), *Level.choices]
        self.fields["state"].choices = [
            ("open", _("未关闭")),
            ("", _("全部状态")),
            *WarningState.choices,
        ]
        self.fields["rule"].choices = [("", _("全部规则")), *((d.code, d.label) for d in RULES)]
        self.fields["region"].widget.choices = [
            ("", _("全部辖区")),
            *((r.code, r.name) for r in regions),
        ]
        self.fields["department"].choices = [
            ("", _("全部部门")),
            *((k.value, k.label) for k in DEPARTMENTS),
        ]

    def clean_region(self) -> str:
        code = self.cleaned_data.get("region") or ""
        if code and self.jurisdiction is not None and code not in self.jurisdiction:
            raise forms.ValidationError(_("辖区不在本人管辖范围内"))
        return code
