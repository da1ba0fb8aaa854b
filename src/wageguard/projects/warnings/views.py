"""Warning pages: the county's inbox (what must be done today first), one warning with what may
be done now, each rule's precision for the province, and the province's rule settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from wageguard.core import audit, xlsx
from wageguard.core.action_views import offered_forms, run_posted_action
from wageguard.core.forms import Form
from wageguard.core.legal import cite
from wageguard.core.paging import capped_page, filter_params, query_string
from wageguard.org.forms import subordinate_regions

from ..models import Level, Warning
from . import export, services
from .actions import all_actions, available_actions
from .filters import WarningFilterForm, filter_warnings, page
from .rules import DEADLINE_HIGH, DEADLINE_LOW, LOCAL_PRACTICE, RULES

HISTORY_LABELS = {"issue": _l("发出预警"), **{a.value: a.label for a in services.Action}}
FILTERS = (
    "level",
    "state",
    "rule",
    "region",
    "department",
    "overdue",
    "issued_from",
    "issued_to",
)


def _require(request: HttpRequest) -> None:
    if not request.user.can("view", services.LABEL):
        raise PermissionDenied


def basis(article: str) -> str:
    """The article a warning applies, or the words saying its trigger is provincial practice."""
    return cite(article) if article else str(LOCAL_PRACTICE)


def _fetch(qs, start: int, stop: int) -> list[Warning]:
    """A page of warnings with their project and county: one query whatever the page size."""
    rows = page(qs, start, stop)
    today = timezone.localdate()
    for w in rows:
        w.overdue = w.is_open and w.due_on < today
        w.rule_label = RULES.get(w.rule).label if w.rule in RULES else w.rule
    return rows


def _filter_form(request: HttpRequest) -> WarningFilterForm:
    """The inbox's filters; with no state chosen, the open warnings (the page's first question).
    An explicit empty state ("全部状态") means every state."""
    data = request.GET.copy()
    if "state" not in data:
        data["state"] = "open"
    user = request.user
    return WarningFilterForm(
        data, regions=subordinate_regions(user), jurisdiction=user.jurisdiction_region_ids()
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """预警处置: the county's (or the department's) warnings, overdue and red first."""
    _require(request)
    form = _filter_form(request)
    qs = services.visible(request.user)
    qs = filter_warnings(qs, form.cleaned_data) if form.is_valid() else qs.none()
    params = filter_params(request, FILTERS)
    pager = capped_page(request, qs, params, fetch=_fetch)
    # The export carries the filters exactly as given, an explicit "every state" included.
    export_query = {k: request.GET[k] for k in FILTERS if k in request.GET}
    return render(
        request,
        "projects/warnings/inbox.html",
        {
            "form": form,
            "rows": pager.rows,
            **pager.context(),
            "query": query_string(params),
            "export_query": urlencode(export_query),
        },
    )


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """预警台账 as .xlsx: the inbox's warnings under its filters and the viewer's jurisdiction;
    a bad filter goes back to the inbox, which names it. Audited with its filter and rows."""
    _require(request)
    form = _filter_form(request)
    if not form.is_valid():
        messages.error(request, _("筛选条件有误，请在预警处置中修改后再导出"))
        return redirect(f"{reverse('projects:warnings')}?{request.GET.urlencode()}")
    qs = filter_warnings(services.visible(request.user), form.cleaned_data)
    out, count = export.build(qs, timezone.localdate())
    params = {k: request.GET[k] for k in FILTERS if k in request.GET}
    audit.record("warning.export", actor=request.user, after={"filter": params, "rows": count})
    return xlsx.download(out, str(export.TITLE))


def _page(request, warning, forms_, open_action="", status=200) -> HttpResponse:
    return render(
        request,
        "projects/warnings/detail.html",
        {
            "warning": warning,
            "rule": RULES.get(warning.rule) if warning.rule in RULES else None,
            "basis": basis(warning.article),
            "overdue": warning.is_open and warning.due_on < timezone.localdate(),
            "history": [
                (h, HISTORY_LABELS.get(h.action, h.action))
                for h in warning.history.order_by("-at", "-pk")[:50]
            ],
            "actions": forms_,
            "open_action": open_action,
        },
        status=status,
    )


def _get(request: HttpRequest, pk: int) -> Warning:
    return get_object_or_404(
        services.visible(request.user).select_related("project", "region", "assignee"), pk=pk
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    warning = _get(request, pk)
    actions = offered_forms(available_actions(warning, request.user))
    return _page(request, warning, actions)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The one view for every warning action; a refusal re-renders the page with the error in
    place and the input kept."""
    _require(request)
    warning = _get(request, pk)
    action = all_actions().get(name)

    def referred(moved: Warning) -> None:
        if moved.outcome_url and action.outcome:
            messages.info(request, _("已转办：%(ref)s") % {"ref": moved.outcome_ref})

    return run_posted_action(
        request,
        warning,
        action,
        available_actions(warning, request.user),
        page=lambda forms_, open_action: _page(request, warning, forms_, open_action),
        done=reverse("projects:warning", args=[warning.pk]),
        after=referred,
    )


@login_required
def precision(request: HttpRequest) -> HttpResponse:
    """Each rule's record in the viewer's area: issued, confirmed (closed after handling),
    closed as not a problem, and the share confirmed (one aggregate query)."""
    _require(request)
    rows = services.precision_by_rule(services.visible(request.user))
    return render(
        request,
        "projects/warnings/precision.html",
        {
            "rows": [
                {
                    "p": p,
                    "label": RULES.get(p.rule).label,
                    "level": Level(RULES.get(p.rule).level).label,
                }
                for p in rows
            ],
        },
    )


class RuleForm(Form):
    enabled = forms.BooleanField(label=_l("启用"), required=False)
    level = forms.ChoiceField(label=_l("预警等级"), choices=Level.choices)
    deadline_workdays = forms.IntegerField(
        label=_l("处置时限（工作日）"), min_value=DEADLINE_LOW, max_value=DEADLINE_HIGH
    )

    def __init__(self, *args: Any, rule=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = RULES.get(rule.code)
        for name, param in self.definition.params.items():
            self.fields[f"p_{name}"] = forms.CharField(
                label=param.label,
                help_text=_("%(low)s 至 %(high)s %(unit)s")
                % {"low": param.low, "high": param.high, "unit": param.unit},
            )


def _rule_form(row, data=None) -> RuleForm:
    initial = {
        "enabled": row.enabled,
        "level": row.level,
        "deadline_workdays": row.deadline_workdays,
        **{f"p_{k}": v for k, v in services.parameters_of(row).items()},
    }
    return RuleForm(data, rule=row, initial=initial, prefix=row.code)


@login_required
def rule_settings(request: HttpRequest) -> HttpResponse:
    """预警规则: every staff member reads the province's rules, their parameters and legal
    limits; the province's administrator turns them on or off and sets them."""
    rows = services.rules_for_province()
    can_change = request.user.may_change_province_wide("projects.warningrule")
    forms_ = {c: _rule_form(r) for c, r in rows.items()}
    status = 200
    code = request.POST.get("rule", "")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    if request.method == "POST" and code not in rows:
        messages.error(request, _("请选择预警规则"))
    elif request.method == "POST":
        form = _rule_form(rows[code], request.POST)
        forms_[code] = form
        if form.is_valid():
            data = dict(form.cleaned_data)
            params = {k[2:]: v for k, v in data.items() if k.startswith("p_")}
            try:
                services.change_rule(rows[code], request.user, {**data, "parameters": params})
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    name = f"p_{field}" if f"p_{field}" in form.fields else field
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("预警规则已保存"))
                return redirect("projects:warning-settings")
        status = 422
    items = [
        {
            "row": row,
            "definition": RULES.get(c),
            "basis": basis(RULES.get(c).article),
            "form": forms_[c],
        }
        for c, row in rows.items()
    ]
    return render(
        request,
        "projects/warnings/settings.html",
        {"items": items, "can_change": can_change},
        status=status,
    )
