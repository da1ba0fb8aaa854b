"""Sweep pages: the sweeps of a campaign and the planning page (targets, teams, assignment,
random draws), the coverage page, the inspector's phone page (today's targets, one tap to the
visit form), a visit's record (its ledger items; arrears to a clue or a case), and a published
draw's public page. Every read goes through `restrict`; refusals show in place with the input
kept."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit
from wageguard.core.files import served_name
from wageguard.core.forms import apply_errors
from wageguard.core.paging import capped_page, filter_params
from wageguard.org.models import User
from wageguard.parties.services import enterprise_for
from wageguard.regions.models import Region

from .. import services as ledger
from ..models import Campaign
from . import filters, rules, services
from .forms import (
    ArrearsForm,
    AssignForm,
    DrawForm,
    EmployerTargetsForm,
    ProjectTargetsForm,
    SweepForm,
    TeamForm,
    VisitForm,
)
from .models import PERMISSION, RandomDraw, Sweep, SweepPhoto, SweepTarget, SweepTeam, SweepVisit


def _require(request: HttpRequest, verb: str) -> None:
    if not request.user.can(verb, PERMISSION):
        raise PermissionDenied


def _sweep(request: HttpRequest, pk: int) -> Sweep:
    return get_object_or_404(
        Sweep.objects.restrict(request.user, "view").select_related("campaign", "region"), pk=pk
    )


def _plan_regions(user: User, sweep: Sweep):
    """Divisions of the sweep the user may plan for, in code order."""
    return ledger.jurisdiction_regions(user).filter(code__in=ledger.scope_codes(sweep.region))


# --- sweeps ---------------------------------------------------------------------------------


@login_required
def sweep_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view")
    sweeps = Sweep.objects.restrict(request.user, "view").select_related("campaign", "region")
    campaign = None
    if (raw := request.GET.get("campaign", "")).isdigit():
        campaign = get_object_or_404(Campaign.objects.restrict(request.user, "view"), pk=int(raw))
        sweeps = sweeps.filter(campaign=campaign)
    # Counts over the targets the viewer may see: a county sees its share of a wider sweep.
    codes = request.user.jurisdiction_region_ids()
    mine = Q() if codes is None else Q(targets__region_id__in=codes)
    rows = sweeps.annotate(
        n_targets=Count("targets", filter=mine),
        n_visited=Count("targets", filter=mine & Q(targets__visited_at__isnull=False)),
    ).order_by("-start_date", "pk")
    return render(
        request,
        "campaigns/sweeps/list.html",
        {
            "campaign": campaign,
            "rows": [(s, rules.coverage_rate(s.n_visited, s.n_targets)) for s in rows],
            "can_plan": request.user.can("plan", PERMISSION) and campaign is not None,
            "can_visit": request.user.can("visit", PERMISSION),
        },
    )


@login_required
def sweep_new(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    _require(request, "plan")
    campaign = get_object_or_404(
        Campaign.objects.restrict(request.user, "view").select_related("region"), pk=campaign_pk
    )
    regions = ledger.jurisdiction_regions(request.user).filter(
        code__in=ledger.scope_codes(campaign.region)
    )
    data = request.POST if request.method == "POST" else None
    form = SweepForm(
        data,
        regions=regions,
        initial={"start_date": campaign.start_date, "end_date": campaign.end_date},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sweep = services.create_sweep(request.user, campaign, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已创建拉网式排查"))
                return redirect("campaigns:sweep-detail", pk=sweep.pk)
        status = 422
    return render(
        request,
        "campaigns/sweeps/form.html",
        {"form": form, "campaign": campaign},
        status=status,
    )


def _form_kwargs(request: HttpRequest, sweep: Sweep) -> dict[str, dict]:
    """Each planning form's choices: divisions of the sweep the user plans for (counties for a
    team or a draw), the inspectors of those bureaus, the sweep's teams."""
    user = request.user
    regions = list(_plan_regions(user, sweep))
    counties = [r for r in regions if r.level == "county"] or regions
    inspectors = (
        User.objects.filter(
            is_active=True,
            role__in=services.visit_roles(),
            agency__kind="hrss",
            agency__region_id__in=[r.code for r in regions],
        )
        .select_related("agency")
        .order_by("agency__region_id", "pk")
    )
    teams = SweepTeam.objects.restrict(user, "view").filter(sweep=sweep)
    return {
        "projects": {"regions": regions},
        "employers": {"regions": regions},
        "team": {"regions": counties, "inspectors": inspectors},
        "assign": {"teams": teams},
        "draw": {"regions": counties},
    }


PLAN_FORMS = {
    "projects": ProjectTargetsForm,
    "employers": EmployerTargetsForm,
    "team": TeamForm,
    "assign": AssignForm,
    "draw": DrawForm,
}


def _plan_forms(request: HttpRequest, sweep: Sweep, bound: str = "", form=None) -> dict:
    kwargs = _form_kwargs(request, sweep)
    made = {
        name: cls(prefix=name, initial={"source": "cases"}, **kwargs[name])
        for name, cls in PLAN_FORMS.items()
    }
    if bound and form is not None:
        made[bound] = form
    return made


def _detail_page(
    request: HttpRequest, sweep: Sweep, bound: str = "", form=None, status: int = 200
) -> HttpResponse:
    user = request.user
    teams = (
        SweepTeam.objects.restrict(user, "view")
        .filter(sweep=sweep)
        .select_related("region")
        .prefetch_related("members")
        .annotate(
            n_targets=Count("targets"),
            n_visited=Count("targets", filter=Q(targets__visited_at__isnull=False)),
        )
    )
    draws = (
        RandomDraw.objects.restrict(user, "view")
        .filter(sweep=sweep)
        .select_related("region", "drawn_by")[:20]
    )
    cov = services.coverage(sweep, user)
    may_plan = user.can("plan", PERMISSION) and _plan_regions(user, sweep).exists()
    return render(
        request,
        "campaigns/sweeps/detail.html",
        {
            "sweep": sweep,
            "total": cov.total,
            "teams": list(teams),
            "draws": list(draws),
            "forms": _plan_forms(request, sweep, bound, form) if may_plan else None,
            "open_form": bound,
        },
        status=status,
    )


@login_required
def sweep_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view")
    return _detail_page(request, _sweep(request, pk))


PLAN_ACTIONS = ("projects", "employers", "team", "assign", "draw")


@login_required
@require_POST
def sweep_plan(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """One view for every planning form of the sweep page; a refusal re-renders the page with
    the form open, its error in place and its input kept."""
    _require(request, "plan")
    sweep = _sweep(request, pk)
    if what not in PLAN_ACTIONS:
        raise Http404
    if not _plan_regions(request.user, sweep).exists():
        raise PermissionDenied
    form = PLAN_FORMS[what](request.POST, prefix=what, **_form_kwargs(request, sweep)[what])
    if form.is_valid():
        try:
            message, url = _run_plan(request, sweep, what, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(url)
    return _detail_page(request, sweep, what, form, status=422)


def _run_plan(request: HttpRequest, sweep: Sweep, what: str, form) -> tuple[str, str]:
    """Runs the planning action; answers the message and where to go next."""
    message = _plan(request, sweep, what, form)
    if isinstance(message, RandomDraw):
        return _("已完成双随机抽取"), reverse("campaigns:sweep-draw", args=[message.pk])
    return message, reverse("campaigns:sweep-detail", args=[sweep.pk])


def _plan(request: HttpRequest, sweep: Sweep, what: str, form) -> str | RandomDraw:
    user, data = request.user, form.cleaned_data
    if what == "projects":
        n = services.add_project_targets(user, sweep, data["region"])
        return _("已列入 %(n)d 个在建工程项目") % {"n": n}
    if what == "employers":
        if data["source"] == "cases":
            n = services.add_employers_from_cases(
                user, sweep, sector=data["sector"], region_id=data["region"]
            )
        else:
            region = Region.objects.filter(code=data["region"]).first()
            found = [enterprise_for(name, code, region=region) for name, code in form.rows()]
            n = services.add_employers(
                user, sweep, sector=data["sector"], region=data["region"], enterprises=found
            )
        return _("已列入 %(n)d 个用人单位") % {"n": n}
    if what == "team":
        team = services.form_team(
            user, sweep, name=data["name"], region=data["region"], members=list(data["members"])
        )
        return _("已组建检查组：%(t)s") % {"t": team.name}
    if what == "assign":
        n = services.assign(user, sweep, data["team"], limit=data["limit"])
        return _("已分配 %(n)d 个排查对象") % {"n": n}
    return services.random_draw(
        user,
        sweep,
        region=data["region"],
        n_targets=data["n_targets"],
        n_inspectors=data["n_inspectors"],
        seed=data.get("seed"),
    )


@login_required
def sweep_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view")
    sweep = _sweep(request, pk)
    cov = services.coverage(sweep, request.user)
    chart = [
        {"name": r.name, "visited": r.visited, "total": r.total, "rate": r.rate}
        for r in cov.counties()
    ]
    return render(
        request,
        "campaigns/sweeps/coverage.html",
        {"sweep": sweep, "coverage": cov, "chart": chart},
    )


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    """排查对象: every sweep target the viewer may see, filterable by division, the period the
    sweep runs in, campaign, sweep and inspected or not (`sweeps.filters`); the dispatch KPI
    排查覆盖率 links here."""
    _require(request, "view")
    params = filter_params(request, filters.FILTER_NAMES)
    base = SweepTarget.objects.restrict(request.user, "view").select_related(
        "sweep", "region", "team"
    )
    error = ""
    try:
        qs = filters.apply(base, params)
    except ValidationError as exc:
        error, qs = " ".join(exc.messages), base.none()
    pager = capped_page(request, qs, params)
    return render(
        request,
        "campaigns/sweeps/targets.html",
        {
            "rows": pager.rows,
            "error": error,
            **pager.context(),
            "inspected": params.get("inspected", ""),
            "choices": list(filters.INSPECTED.items()),
            "kept": {k: v for k, v in params.items() if k != "inspected"},
        },
    )


# --- random draws --------------------------------------------------------------------------


def _draw_rows(entry: RandomDraw, with_inspectors: bool) -> dict:
    targets = list(
        SweepTarget.objects.filter(pk__in=entry.drawn_targets)
        .select_related("region")
        .order_by("region_id", "name", "pk")
    )
    inspectors = (
        list(
            User.objects.filter(pk__in=entry.drawn_inspectors)
            .select_related("agency")
            .order_by("pk")
        )
        if with_inspectors
        else []
    )
    return {"entry": entry, "targets": targets, "inspectors": inspectors}


@login_required
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view")
    entry = get_object_or_404(
        RandomDraw.objects.restrict(request.user, "view").select_related(
            "sweep", "region", "drawn_by", "team"
        ),
        pk=pk,
    )
    return render(
        request,
        "campaigns/sweeps/draw.html",
        {
            **_draw_rows(entry, True),
            "reproduced": services.replay(entry),
            "pool_sizes": (len(entry.target_pool), len(entry.inspector_pool)),
            "may_publish": entry.published_at is None
            and services.may_plan(request.user, entry.sweep, entry.region_id),
        },
    )


@login_required
@require_POST
def draw_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "plan")
    entry = get_object_or_404(
        RandomDraw.objects.restrict(request.user, "view").select_related("sweep"), pk=pk
    )
    services.publish_draw(request.user, entry)
    messages.success(request, _("抽取结果已公开"))
    return redirect("campaigns:sweep-draw", pk=entry.pk)


def draw_public(request: HttpRequest, pk: int) -> HttpResponse:
    """双随机 results as published: only a published draw (any other is a 404), its targets,
    seed, pool sizes and digest; no inspector's name."""
    entry = get_object_or_404(
        RandomDraw.objects.select_related("sweep", "region"), pk=pk, published_at__isnull=False
    )
    return render(
        request,
        "campaigns/sweeps/draw_public.html",
        {
            **_draw_rows(entry, False),
            "pool_sizes": (len(entry.target_pool), len(entry.inspector_pool)),
        },
    )


# --- the inspector's phone page and the visit ------------------------------------------------


@login_required
def my_targets(request: HttpRequest) -> HttpResponse:
    """今日任务: targets of the teams the inspector is on, in sweeps running today, not yet
    visited; then the ones they visited today."""
    _require(request, "visit")
    today = timezone.localdate()
    mine = (
        SweepTarget.objects.restrict(request.user, "visit")
        .filter(
            team__members=request.user,
            sweep__start_date__lte=today,
            sweep__end_date__gte=today,
        )
        .select_related("sweep", "team", "region", "project")
    )
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return render(
        request,
        "campaigns/sweeps/mine.html",
        {
            "todo": list(mine.filter(visited_at__isnull=True).order_by("region_id", "name")[:200]),
            "done": list(mine.filter(visited_at__gte=start).order_by("-visited_at")[:50]),
        },
    )


def _target(request: HttpRequest, pk: int) -> SweepTarget:
    return get_object_or_404(
        SweepTarget.objects.restrict(request.user, "view").select_related(
            "sweep", "team", "region", "project", "enterprise"
        ),
        pk=pk,
    )


@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    """The phone's visit form: large controls, one column; a refusal keeps every answer."""
    _require(request, "visit")
    target = _target(request, pk)
    employer = target.kind == "employer"
    form = VisitForm(request.POST or None, employer=employer)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = services.record_visit(
                    request.user,
                    target,
                    photos=request.FILES.getlist("photos"),
                    **form.service_data(),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("无权记录该对象的检查"))
            else:
                if done.created:
                    messages.success(request, _("检查记录已保存"))
                return redirect("campaigns:sweep-visit-detail", pk=done.visit.pk)
        status = 422
    else:
        try:
            services.check_visit(request.user, target)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "campaigns/sweeps/visit_form.html",
        {"target": target, "form": form, "employer": employer},
        status=status,
    )


def _visit(request: HttpRequest, pk: int) -> SweepVisit:
    return get_object_or_404(
        SweepVisit.objects.restrict(request.user, "view").select_related(
            "target__sweep", "target__region", "team", "recorded_by", "clue", "case"
        ),
        pk=pk,
    )


def _visit_page(request: HttpRequest, v: SweepVisit, form=None, status: int = 200):
    systems = [(rules.system_label(code), v.systems.get(code, "")) for code in rules.SYSTEMS]
    may_convert = (
        v.has_arrears and not (v.clue_id or v.case_id) and request.user.in_jurisdiction(v.region_id)
    )
    return render(
        request,
        "campaigns/sweeps/visit.html",
        {
            "visit": v,
            "systems": systems,
            "items": list(v.ledger_items.order_by("pk")),
            "photos": list(v.photos.all()),
            "may_clue": may_convert and request.user.can("add", "clues.clue"),
            "may_case": may_convert and request.user.can("file", "cases.enforcementcase"),
            "form": form,
        },
        status=status,
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view")
    return _visit_page(request, _visit(request, pk))


@login_required
@require_POST
def visit_arrears(request: HttpRequest, pk: int) -> HttpResponse:
    """One action: the arrears a visit found become a clue or a case."""
    _require(request, "view")
    v = _visit(request, pk)
    form = ArrearsForm(request.POST)
    if form.is_valid():
        try:
            made = services.arrears_to(request.user, v, form.cleaned_data["outcome"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if form.cleaned_data["outcome"] == "clue":
                messages.success(request, _("已转为线索 %(c)s") % {"c": made.tracking_code})
                return redirect("clues:detail", pk=made.pk)
            messages.success(request, _("已立案 %(c)s") % {"c": made.number})
            return redirect("cases:detail", pk=made.pk)
    return _visit_page(request, v, form, status=422)


@login_required
def visit_photo(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    _require(request, "view")
    v = _visit(request, pk)
    photo = get_object_or_404(SweepPhoto, pk=photo_pk, visit=v)
    audit.record("sweep.photo_download", obj=v, after={"photo": photo.pk})
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Content-Disposition"] = content_disposition_header(
        False, served_name(photo.original_name, photo.content_type)
    )
    return response
