"""Progress-report pages: the rounds (list and, for the province, create and "next round"), a
round's table of prefectures with who has not reported at the top, and a prefecture's report
(the figures shown read-only beside an explanation input each; read-only once submitted).

Every page reads through `ProgressReport.objects.restrict(user, "view")`: the province sees every
prefecture, a prefecture its own report, a county nothing (404 on a round or a report)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core.forms import apply_errors

from ..documents.views import panel as documents_panel
from . import services
from .actions import HISTORY_LABELS
from .forms import ReportForm, ReturnForm, RoundForm
from .models import DispatchRound
from .rules import Action, ReportState


def _viewer(request: HttpRequest):
    if not services.may_view(request.user):
        raise PermissionDenied
    return request.user


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    rounds = list(services.visible_rounds(user))
    reports = services.visible_reports(user).filter(round__in=rounds)
    counts: dict[int, list[int]] = {r.pk: [0, 0] for r in rounds}
    own: dict[int, object] = {}
    for report in reports.only("pk", "round_id", "state", "region_id"):
        counts[report.round_id][0] += 1
        counts[report.round_id][1] += report.state == ReportState.SUBMITTED
        own[report.round_id] = report
    rows = [(r, counts[r.pk][0], counts[r.pk][1], own.get(r.pk)) for r in rounds]
    return render(
        request,
        "dispatch/rounds/list.html",
        {"rows": rows, "may_request": services.may_request(user), "province": not _single(user)},
    )


def _single(user) -> bool:
    """A prefecture's viewer: sees only its own report of each round."""
    return not services.may_request(user) and user.jurisdiction_region_ids() is not None


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    if not services.may_request(user):
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            r = services.create_round(user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已发起调度，各市（州）待报送"))
            return redirect("dispatch:round", pk=r.pk)
    return render(request, "dispatch/rounds/form.html", {"form": form})


def _round(user, pk: int) -> DispatchRound:
    return get_object_or_404(services.visible_rounds(user), pk=pk)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    r = _round(user, pk)
    today = timezone.localdate()
    reports = list(
        services.visible_reports(user)
        .filter(round=r)
        .select_related("region", "round", "submitted_by")
        .defer("figures", "narrative", "explanations")
    )
    rows = [(report, services.is_late(report, today)) for report in reports]
    missing = [report for report in reports if report.state != ReportState.SUBMITTED]
    return render(
        request,
        "dispatch/rounds/detail.html",
        {
            "round": r,
            "rows": rows,
            "missing": missing,
            "past_due": today > r.due_date,
            "may_next": services.may_request(user)
            and not DispatchRound.objects.filter(previous=r).exists(),
            "documents": documents_panel(user, r),
        },
    )


@login_required
@require_POST
def round_next(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    r = _round(user, pk)
    try:
        following = services.next_round(user, r)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("dispatch:round", pk=r.pk)
    messages.success(request, _("已发起下一轮调度"))
    return redirect("dispatch:round", pk=following.pk)


def _report(user, pk: int):
    return get_object_or_404(
        services.visible_reports(user).select_related("round__campaign", "region", "submitted_by"),
        pk=pk,
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    report = _report(user, pk)
    actions = services.available_actions(user, report)
    may_submit = Action.SUBMIT in actions
    form = None
    if may_submit:
        initial = {"narrative": report.narrative}
        initial.update({f"explain_{k}": v for k, v in report.explanations.items()})
        form = ReportForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.submit(user, report, form.cleaned_data["narrative"], form.explanations())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("进展情况已报送"))
                return redirect("dispatch:report", pk=report.pk)
    elif request.method == "POST":
        raise PermissionDenied
    if report.state == ReportState.SUBMITTED:
        # What was said: the figures frozen at submission, with their explanations.
        figures = [
            {**row, "explanation": report.explanations.get(row["key"], "")}
            for row in report.figures
        ]
        computed_at = report.computed_at
    else:
        # Not (or no longer) submitted: the figures as they stand now, read-only; the
        # prefecture explains each beside it.
        live, computed_at = services.live_figures(user, report)
        figures = [
            {**row, "field": form[f"explain_{row['key']}"] if form is not None else None}
            for row in services.frozen(live)
        ]
    return render(
        request,
        "dispatch/rounds/report.html",
        {
            "report": report,
            "form": form,
            "figures": figures,
            "computed_at": computed_at,
            "late": services.is_late(report),
            "return_form": ReturnForm() if Action.RETURN in actions else None,
            "history": [(h, HISTORY_LABELS.get(h.action, h.action)) for h in report.history.all()],
        },
    )


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    report = _report(user, pk)
    if not services.may_act(user, report, Action.RETURN):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("note") or _("请填写退回意见"))
        services.return_report(user, report, form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已退回"))
    return redirect("dispatch:report", pk=report.pk)
