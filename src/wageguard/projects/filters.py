"""One filter for the project list, serving the page, the API list and the Excel export."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import Form
from wageguard.org.forms import BootstrapMixin
from wageguard.parties.rules import normalise_name
from wageguard.regions.models import within

from .models import DEPARTMENTS, ProjectSystem
from .rules import ACTIVE, APPLIED, State, Status, System

# "Which system is not applied" is the question a county asks of its list; a status filter on
# one system answers it.
GAP = "gap"
# The projects 制度落实率 counts (rules.ACTIVE: under construction or suspended), as one choice.
ACTIVE_STATE = "active"


class ProjectFilterForm(BootstrapMixin, Form):
    q = forms.CharField(
        label=_("项目名称、编码或单位"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("项目名称、编码或单位")}),
    )
    region = forms.CharField(label=_("辖区"), required=False, max_length=6, widget=forms.Select)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), (ACTIVE_STATE, _("在建及停工")), *State.choices],
    )
    department = forms.ChoiceField(
        label=_("行业主管部门"),
        required=False,
        choices=[("", _("全部部门")), *((k.value, k.label) for k in DEPARTMENTS)],
    )
    system = forms.ChoiceField(
        label=_("核心制度"), required=False, choices=[("", _("全部制度")), *System.choices]
    )
    status = forms.ChoiceField(
        label=_("落实情况"),
        required=False,
        choices=[("", _("全部情况")), (GAP, _("未落实（含部分落实）")), *Status.choices],
    )
    applies = forms.ChoiceField(
        label=_("核心制度"),
        required=False,
        choices=[("", _("全部项目")), ("yes", _("全部落实")), ("no", _("未全部落实"))],
    )

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("全部辖区"))]
        if regions is not None:
            choices += [(r.code, r.name) for r in regions]
        self.fields["region"].widget.choices = choices


def filter_projects(qs: QuerySet, data: dict) -> QuerySet:
    """Every key optional. `region` may be a prefecture or the province: the projects of its
    counties are listed."""
    if data.get("q"):
        text = data["q"].strip()
        norm = normalise_name(text)
        qs = qs.filter(
            Q(code__iexact=text)
            | Q(name_norm__contains=norm)
            | Q(general_contractor__name_norm__contains=norm)
            | Q(developer__name_norm__contains=norm)
        )
    if data.get("region"):
        qs = qs.filter(within(data["region"]))
    if data.get("state") == ACTIVE_STATE:
        qs = qs.filter(state__in=ACTIVE)
    elif data.get("state"):
        qs = qs.filter(state=data["state"])
    if data.get("department"):
        qs = qs.filter(department=data["department"])
    if data.get("applies") == "yes":
        qs = qs.filter(applies_all=True)
    elif data.get("applies") == "no":
        qs = qs.filter(applies_all=False)
    status, system = data.get("status"), data.get("system")
    if status or system:
        rows = ProjectSystem.objects.filter(project=OuterRef("pk"))
        if system:
            rows = rows.filter(system=system)
        if status == GAP:
            rows = rows.exclude(status__in=APPLIED).exclude(status=Status.NOT_DUE)
        elif status:
            rows = rows.filter(status=status)
        qs = qs.filter(Exists(rows))
    return qs
