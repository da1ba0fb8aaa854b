"""Pages: channel checks (list, record, detail), the problem ledger, and the per-agency overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.regions.models import Level

from . import overview, rules, services
from .filters import (
    CheckFilterForm,
    FindingFilterForm,
    filter_checks,
    filter_findings,
    sla_dates,
)
from .forms import CheckForm, NoteForm
from .models import ChannelCheck, Finding
from .rules import FindingAction, FindingState

PAGE_SIZE = 50


def _require(request: HttpRequest, action: str, label: str) -> None:
    if not request.user.can(action, label):
        raise PermissionDenied


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


def _apply_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _sla(finding: Finding, today, soon_limit) -> str:
    rectified_on = timezone.localdate(finding.rectified_at) if finding.rectified_at else None
    return rules.sla_status(finding.state, finding.due_date, today, soon_limit, rectified_on)


@login_required
def check_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view", "inspections.channelcheck")
    user = request.user
    agencies = list(services.checkable_agencies(user))
    form = CheckFilterForm(request.GET or None, agencies=agencies)
    qs = ChannelCheck.objects.restrict(user, "view").select_related(
        "agency", "performed_by", "finding"
    )
    if form.is_valid():
        qs = filter_checks(qs, form.cleaned_data)
    elif form.is_bound:
        qs = qs.none()
    page = Paginator(qs.order_by("-performed_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "inspections/check_list.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": _query_string(request),
            "can_add": user.can("add", "inspections.channelcheck"),
        },
    )


@login_required
def check_create(request: HttpRequest) -> HttpResponse:
    _require(request, "add", "inspections.channelcheck")
    form = CheckForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.record_check(request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if check.passed:
                messages.success(request, _("已登记：检查合格"))
            else:
                finding = check.finding
                messages.warning(
                    request,
                    _("已登记：检查不合格，已列入问题台账，整改期限 %(due)s")
                    % {"due": finding.due_date.isoformat()},
                )
            return redirect("inspections:check-detail", pk=check.pk)
    return render(
        request,
        "inspections/check_form.html",
        {
            "form": form,
            "rectification_workdays": rules.RECTIFICATION_WORKDAYS,
            "allowed_channels": {k: sorted(v) for k, v in rules.ALLOWED_CHANNELS.items()},
        },
    )


@login_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view", "inspections.channelcheck")
    check = get_object_or_404(
        ChannelCheck.objects.restrict(request.user, "view").select_related(
            "agency", "region", "performed_by"
        ),
        pk=pk,
    )
    finding = Finding.objects.restrict(request.user, "view").filter(channel_check=check).first()
    return render(request, "inspections/check_detail.html", {"check": check, "finding": finding})


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view", "inspections.finding")
    user = request.user
    agencies = list(services.checkable_agencies(user))
    form = FindingFilterForm(request.GET or None, agencies=agencies)
    today, soon_limit = sla_dates()
    qs = Finding.objects.restrict(user, "view").select_related("agency")
    if form.is_valid():
        qs = filter_findings(qs, form.cleaned_data, today, soon_limit)
    elif form.is_bound:
        qs = qs.none()
    # Open items first, the most urgent on top; then what waits for closing; then the closed.
    qs = qs.annotate(
        state_rank=Case(
            When(state=FindingState.OPEN, then=Value(0)),
            When(state=FindingState.RECTIFIED, then=Value(1)),
            default=Value(2),
        )
    ).order_by("state_rank", "due_date", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(f, _sla(f, today, soon_limit)) for f in page]
    return render(
        request,
        "inspections/finding_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "query_string": _query_string(request),
            "rectification_workdays": rules.RECTIFICATION_WORKDAYS,
            "due_soon_workdays": rules.DUE_SOON_WORKDAYS,
        },
    )


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view", "inspections.finding")
    finding = get_object_or_404(
        Finding.objects.restrict(request.user, "view").select_related(
            "agency", "channel_check", "opened_by", "rectified_by", "closed_by"
        ),
        pk=pk,
    )
    today, soon_limit = sla_dates()
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "finding": finding,
            "sla": _sla(finding, today, soon_limit),
            "actions": [
                (a, FindingAction(a).label)
                for a in services.available_actions(request.user, finding)
            ],
            "note_form": NoteForm(),
            "rectification_workdays": rules.RECTIFICATION_WORKDAYS,
        },
    )


@login_required
@require_POST
def finding_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FindingAction.values:
        raise Http404
    finding = get_object_or_404(Finding.objects.restrict(request.user, "view"), pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写说明"))
        return redirect("inspections:finding-detail", pk=pk)
    try:
        services.transition(request.user, finding, action, form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已%(action)s") % {"action": FindingAction(action).label})
    return redirect("inspections:finding-detail", pk=pk)


@login_required
def overview_page(request: HttpRequest) -> HttpResponse:
    _require(request, "view", "inspections.channelcheck")
    form = CheckFilterForm(request.GET or None)
    date_from = date_to = None
    if form.is_valid():
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    level = request.GET.get("level", "")
    today = timezone.localdate()
    rows = overview.agency_rows(
        request.user, today=today, date_from=date_from, date_to=date_to, level=level
    )
    return render(
        request,
        "inspections/overview.html",
        {
            "form": form,
            "rows": rows,
            "totals": overview.totals(rows),
            "level": level,
            "levels": Level.choices,
            "can_view_findings": request.user.can("view", "inspections.finding"),
        },
    )
