"""Staff pages of typical cases (典型案例): the list of the jurisdiction's, a new one from a
decided case of the user's bureau, and one with its text, the steps the user may take and its
history. Reads go through `restrict` (another jurisdiction's is a 404); changes through
`services`, which check role, jurisdiction, the case's own bureau and the text again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wageguard.cases.models import EnforcementCase
from wageguard.core.paging import pager_prefix

from ..queue import DECIDED_STATES
from . import services
from .forms import NewTypicalForm, TransitionForm, TypicalForm
from .models import TypicalCase
from .rules import BASIS, EDITABLE_STATES, PERMISSION, Action, State, allowed_actions
from .services import MODEL

PAGE_SIZE = 30
# The decided cases offered as sources: the bureau's most recent.
CASE_CHOICES = 200
_HISTORY_LABELS = {
    "create": gettext_lazy("编写典型案例"),
    "edit": gettext_lazy("修改典型案例"),
    **dict(Action.choices),
}


def _require(request: HttpRequest, action: str) -> None:
    if not request.user.can(action, MODEL):
        raise PermissionDenied


def _typical(request: HttpRequest, pk: int) -> TypicalCase:
    return get_object_or_404(
        TypicalCase.objects.restrict(request.user, "view").select_related(
            "agency", "region", "case", "published_by", "withdrawn_by"
        ),
        pk=pk,
    )


def _field_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def typical_list(request: HttpRequest) -> HttpResponse:
    """典型案例: every typical case of the user's jurisdiction, newest first."""
    _require(request, "view")
    qs = TypicalCase.objects.restrict(request.user, "view").select_related(
        "agency", "region", "case"
    )
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "publication/typical/list.html",
        {
            "page_obj": page,
            "states": State.choices,
            "state": state,
            "query_string": pager_prefix({"state": state}),
            "can_add": user.can("add", MODEL) and user.agency_id is not None,
            "basis": BASIS,
        },
    )


def _source_cases(user) -> list[EnforcementCase]:
    if user.agency_id is None:
        return []
    return list(
        EnforcementCase.objects.restrict(user, "view")
        .filter(agency=user.agency_id, state__in=DECIDED_STATES)
        .order_by("-decided_on", "-id")[:CASE_CHOICES]
    )


@login_required
def typical_new(request: HttpRequest) -> HttpResponse:
    """编写典型案例: GET offers the bureau's decided cases (?case=ID proposes its text); POST
    creates the draft, or shows the refusal on the field that holds personal data."""
    _require(request, "add")
    user = request.user
    cases = _source_cases(user)
    status = 200
    if request.method == "POST":
        form = NewTypicalForm(request.POST, cases=cases)
        if form.is_valid():
            case = get_object_or_404(
                EnforcementCase.objects.restrict(user, "view"), pk=form.cleaned_data["case"]
            )
            data = {k: form.cleaned_data[k] for k in TypicalCase.EDITABLE_FIELDS}
            try:
                typical = services.create(user, case, **data)
            except ValidationError as exc:
                _field_errors(form, exc)
            else:
                messages.success(request, _("已保存典型案例草稿"))
                return redirect("publication:typical-detail", pk=typical.pk)
        status = 400
    else:
        initial = {}
        chosen = next((c for c in cases if str(c.pk) == request.GET.get("case", "")), None)
        if chosen is not None:
            initial = {"case": chosen.pk, **services.proposed(services.case_for_check(chosen.pk))}
        form = NewTypicalForm(initial=initial, cases=cases)
    return render(
        request,
        "publication/typical/new.html",
        {"form": form, "cases": cases, "basis": BASIS},
        status=status,
    )


def _detail(request: HttpRequest, typical: TypicalCase, form=None, status: int = 200):
    user = request.user
    editable = (
        typical.state in EDITABLE_STATES
        and user.can("add", MODEL)
        and (user.is_superuser or user.agency_id == typical.agency_id)
    )
    if editable and form is None:
        form = TypicalForm(instance=typical)
    return render(
        request,
        "publication/typical/detail.html",
        {
            "typical": typical,
            "form": form if editable else None,
            "actions": [
                (a, Action(a).label)
                for a in allowed_actions(typical.state)
                if not services.refusal(typical, a, user)
            ],
            "transition_form": TransitionForm(),
            "history": [
                (h, _HISTORY_LABELS.get(h.action, h.action)) for h in typical.history.all()
            ],
            "basis": BASIS,
        },
        status=status,
    )


@login_required
def typical_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view")
    return _detail(request, _typical(request, pk))


@login_required
@require_POST
def typical_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "add")
    typical = _typical(request, pk)
    form = TypicalForm(request.POST, instance=TypicalCase.objects.get(pk=typical.pk))
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in TypicalCase.EDITABLE_FIELDS}
        try:
            services.edit(request.user, typical, **data)
        except ValidationError as exc:
            _field_errors(form, exc)
        else:
            messages.success(request, _("已保存典型案例"))
            return redirect("publication:typical-detail", pk=typical.pk)
    return _detail(request, _typical(request, pk), form=form, status=400)


@login_required
@require_POST
def typical_transition(request: HttpRequest, pk: int) -> HttpResponse:
    typical = _typical(request, pk)
    action = request.POST.get("action", "")
    if action not in Action.values:
        raise Http404
    _require(request, PERMISSION[action])
    form = TransitionForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        services.transition(typical, action, request.user, **data)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            messages.error(request, " ".join(errors))
    else:
        messages.success(request, _("已%(action)s") % {"action": Action(action).label})
    return redirect("publication:typical-detail", pk=typical.pk)
