"""Pages: the project list, the project page with its core systems, registration, the actions,
and the rate table (制度落实率) by region and department."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit, xlsx
from wageguard.core.action_views import offered_forms, run_posted_action
from wageguard.core.files import served_name
from wageguard.core.forms import ModelForm, apply_errors
from wageguard.core.paging import capped_page, filter_params, query_string
from wageguard.org.forms import BootstrapMixin, subordinate_regions
from wageguard.org.settings_page import province_settings_page
from wageguard.parties.rules import mask_id_number, mask_phone

from . import exports, feeds, reconcile, rules, services
from . import payroll_months as payroll
from .actions import ACTIONS, HISTORY_LABELS, available_actions
from .deposits import ledger as deposit_ledger
from .extensions import PROJECT_PANELS
from .filters import ProjectFilterForm, filter_projects
from .forms import ProjectForm
from .models import (
    OPEN_STATES,
    DepositSettings,
    Evidence,
    FeedSettings,
    MonthSummary,
    Project,
    ProjectSystem,
    RosterWorker,
)
from .rates import rate_tables
from .rules import System

LABEL = "projects.project"
SETTINGS = "projects.feedsettings"
DEPOSIT_SETTINGS = "projects.depositsettings"
FILTERS = ("q", "region", "state", "department", "system", "status", "applies")


def _require(request: HttpRequest, action: str = "view") -> None:
    if not request.user.can(action, LABEL):
        raise PermissionDenied


def visible(request: HttpRequest):
    return Project.objects.restrict(request.user, "view")


def _fetch(qs, start: int, stop: int) -> list[Project]:
    """A page of projects with what each row shows, in three queries whatever the page size."""
    rows = list(
        qs.select_related("region", "general_contractor").order_by("-started_on", "-pk")[start:stop]
    )
    statuses: dict[int, dict[str, ProjectSystem]] = {}
    for row in ProjectSystem.objects.filter(project__in=[p.pk for p in rows]):
        statuses.setdefault(row.project_id, {})[row.system] = row
    for project in rows:
        mine = statuses.get(project.pk, {})
        project.badges = [(system, mine.get(system)) for system in System]
    return rows


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    """工程项目: the county's projects, which core system each lacks, filterable by all of it."""
    _require(request)
    user = request.user
    form = ProjectFilterForm(request.GET or None, regions=subordinate_regions(user))
    qs = visible(request)
    params = filter_params(request, FILTERS)
    if form.is_valid():
        qs = filter_projects(qs, form.cleaned_data)
    elif form.is_bound:
        qs = qs.none()
    pager = capped_page(request, qs, params, fetch=_fetch)
    return render(
        request,
        "projects/list.html",
        {
            "form": form,
            "rows": pager.rows,
            **pager.context(),
            "query": query_string(params),
            "systems": [(system, system.label, rules.SHORT[system]) for system in System],
            # The export reads the same filters (a bad one sends it back here, named).
            "export_query": query_string(params),
            "can_add": user.can("add", LABEL),
        },
    )


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """项目台账 as .xlsx: the list's projects under its filters and the viewer's jurisdiction;
    a bad filter goes back to the list, which names it. Audited with its filter and row count."""
    _require(request)
    form = ProjectFilterForm(request.GET or None, regions=subordinate_regions(request.user))
    params = filter_params(request, FILTERS)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("筛选条件有误，请在项目台账中修改后再导出"))
        return redirect(f"{reverse('projects:list')}?{request.GET.urlencode()}")
    qs = visible(request)
    if form.is_bound:
        qs = filter_projects(qs, form.cleaned_data)
    out, count = exports.build_projects(qs)
    audit.record("project.export", actor=request.user, after={"filter": params, "rows": count})
    return xlsx.download(out, str(exports.PROJECTS_TITLE))


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The project page: its core systems with the reason and article of each status first,
    then the facts behind them and what may be done now."""
    _require(request)
    project = get_object_or_404(
        visible(request).select_related(
            "region", "agency", "developer", "general_contractor", "wage_account"
        ),
        pk=pk,
    )
    forms = offered_forms(available_actions(project, request.user))
    return _page(request, project, forms)


# The project page shows this many roster workers, months and differences (the rest by export).
ROSTER_SHOWN = 100
MONTHS_SHOWN = 12
DIFFERENCES_SHOWN = 50


def _feeds(request: HttpRequest, project: Project) -> dict:
    """The roster (masked, its read audited), the reconciled months and the latest month's
    differences by worker: eight queries whatever the roster's size."""
    roster = list(
        RosterWorker.objects.filter(project=project)
        .select_related("contractor__enterprise")
        .order_by("pk")[:ROSTER_SHOWN]
    )
    for worker in roster:
        worker.masked_id, worker.masked_mobile = (
            mask_id_number(worker.id_number),
            mask_phone(worker.mobile),
        )
    if roster:
        audit.record_read(
            "project.roster",
            model=RosterWorker,
            mode="list",
            ids=[w.pk for w in roster],
            obj=project,
            actor=request.user,
            request=request,
        )
    months = list(MonthSummary.objects.filter(project=project).order_by("-month")[:MONTHS_SHOWN])
    latest = next((m.month for m in months if m.differences), None)
    differences = []
    if latest is not None:
        found = [w for w in reconcile.worker_months(project.pk, [latest]) if w.causes]
        found = found[:DIFFERENCES_SHOWN]
        names = dict(
            RosterWorker.objects.filter(pk__in=[w.worker_id for w in found]).values_list(
                "pk", "name"
            )
        )
        differences = [
            (names.get(w.worker_id, ""), w, [(c.label, reconcile.citation(c)) for c in w.causes])
            for w in found
        ]
    return {
        "roster": roster,
        "roster_total": RosterWorker.objects.filter(project=project).count(),
        "months": months,
        "differences_month": latest,
        "differences": differences,
        "custody": reconcile.custody_workers(project.pk).count(),
        "feed_kinds": [(kind, feed.label) for kind, feed in feeds.FEEDS.items()]
        if request.user.can("change", LABEL)
        else [],
    }


def _page(request, project, forms, open_action: str = "", status: int = 200) -> HttpResponse:
    assessments = rules.assess(services.facts_of(project), timezone.localdate())
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "assessments": assessments,
            "applied": sum(a.applied for a in assessments),
            "account": getattr(project, "wage_account", None),
            **_deposits(project),
            "contractors": list(project.contractors.select_related("enterprise")),
            "evidence": list(project.evidence.all()),
            "warnings": _warnings_of(project),
            "history": [
                (row, HISTORY_LABELS.get(row.action, row.action))
                for row in project.history.order_by("-at")[:50]
            ],
            "actions": forms,
            "open_action": open_action,
            **_feeds(request, project),
            # What other apps add (the clues and cases against the project): template, context.
            "panels": [
                (panel.template, ctx)
                for panel in PROJECT_PANELS
                if (ctx := panel.context(project, request.user)) is not None
            ],
        },
        status=status,
    )


def _deposits(project: Project) -> dict:
    """The deposits with their ledger and balance, and what the contractor must lodge (人社部发
    〔2021〕65号 arts. 11-12 under the province's rates): the deposit panel's required vs held."""
    deposits = list(project.deposits.prefetch_related("movements"))
    for d in deposits:
        d.ledger = list(d.movements.all())
        d.balance = sum((m.signed for m in d.ledger), Decimal(0)) if d.ledger else None
    return {
        "deposits": deposits,
        "deposit_required": deposit_ledger.required_for([project]).get(project.pk),
    }


def _warnings_of(project: Project) -> list:
    """The project's open warnings first, then the latest closed ones (at most 20 in all)."""
    open_ = list(project.warnings.filter(state__in=OPEN_STATES).order_by("level_rank", "due_on"))
    closed = list(project.warnings.exclude(state__in=OPEN_STATES).order_by("-pk")[:10])
    return (open_ + closed)[:20]


@login_required
def project_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Register a project, or correct one: the same fields and checks as a row of the housing
    department's list."""
    project = None
    if pk is not None:
        _require(request, "change")
        project = get_object_or_404(Project.objects.restrict(request.user, "change"), pk=pk)
    else:
        _require(request, "add")
    initial = _initial(project) if project else None
    form = ProjectForm(request.POST or None, initial=initial)
    if project:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if project:
            data["code"] = project.code
        try:
            result = services.register(request.user, data, source="page")
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("您不能登记该辖区的项目"))
        else:
            if result.created:
                messages.success(request, _("项目已登记"))
            elif result.changed:
                messages.success(request, _("项目信息已更新"))
            else:
                messages.info(request, _("没有需要更新的内容"))
            return redirect("projects:detail", pk=result.project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project})


def _initial(project: Project) -> dict:
    data = {
        name: getattr(project, name) for name in services.FIELDS if name in ProjectForm.base_fields
    }
    data["developer_name"] = project.developer.name
    data["developer_credit_code"] = project.developer.credit_code
    data["general_contractor_name"] = project.general_contractor.name
    data["general_contractor_credit_code"] = project.general_contractor.credit_code
    return data


@login_required
@require_POST
def project_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The one view for every action in the registry: the form shown on the project page posts
    here; a refusal re-renders the page with the error in place and the input kept."""
    _require(request, "change")
    project = get_object_or_404(
        visible(request).select_related("region", "agency", "developer", "general_contractor"),
        pk=pk,
    )
    return run_posted_action(
        request,
        project,
        ACTIONS.get(name),
        available_actions(project, request.user),
        page=lambda forms, open_action: _page(request, project, forms, open_action=open_action),
        done=reverse("projects:detail", args=[project.pk]),
    )


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    _require(request)
    project = get_object_or_404(visible(request), pk=pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, project=project)
    audit.record("project.evidence_download", obj=project, after={"evidence": evidence.pk})
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(
        False, served_name(evidence.original_name, evidence.content_type)
    )
    return response


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    """制度落实率: for each division one level down and each industry department, the active
    projects, how many apply every core system, and the rate per system; each number links to
    the projects behind it."""
    _require(request)
    user = request.user
    tables = rate_tables(visible(request), user.agency.region if user.agency_id else None)
    return render(
        request,
        "projects/rates.html",
        {
            "regions": tables.regions,
            # The province sees its prefectures on a map as well as in the table.
            "map_rows": [
                {
                    "code": r["code"],
                    "name": r["name"],
                    "rate": None if r["rate"] is None else str(r["rate"]),
                    "total": r["total"],
                    "applied": r["applied"],
                }
                for r in tables.regions
            ]
            if tables.by_prefecture
            else None,
            "province": settings.WAGEGUARD_PROVINCE,
            "departments": tables.departments,
            "systems": tables.systems,
            "total": tables.total,
            "applied_total": tables.applied,
            "rate": tables.rate,
        },
    )


@login_required
def rates_xlsx(request: HttpRequest) -> HttpResponse:
    """制度落实率 as .xlsx: the page's tables over the viewer's jurisdiction; audited."""
    _require(request)
    user = request.user
    tables = rate_tables(visible(request), user.agency.region if user.agency_id else None)
    out, count = exports.build_rates(tables)
    audit.record(
        "project.rates_export",
        actor=user,
        after={"rows": count, "projects": tables.total, "applied": tables.applied},
    )
    return xlsx.download(out, str(exports.RATES_TITLE))


class FeedSettingsForm(BootstrapMixin, ModelForm):
    class Meta:
        model = FeedSettings
        fields = ["clockin_min_hours"]


@login_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    """数据报送设置: how the province counts a clock-in day; read by project staff, changed by
    the province's administrator. A change applies to clock-ins imported after it."""
    if not (request.user.can("view", LABEL) or request.user.can("change", SETTINGS)):
        raise PermissionDenied(_("您的角色不能执行此操作"))
    return province_settings_page(
        request,
        FeedSettingsForm,
        template="projects/feed_settings.html",
        audit_action="feed_settings.update",
        saved_message=_("已保存；此后导入的打卡记录按新的间隔计算出勤天数。"),
        done_url="projects:feed-settings",
    )


class DepositSettingsForm(BootstrapMixin, ModelForm):
    class Meta:
        model = DepositSettings
        fields = [
            "base_rate",
            "multi_project_rate",
            "arrears_uplift",
            "listed_uplift",
            "topup_workdays",
        ]


@login_required
def deposit_settings(request: HttpRequest) -> HttpResponse:
    """工资保证金设置: the province's rates (人社部发〔2021〕65号 art. 13), within the national
    limits of arts. 11 and 12, and the top-up period; read by project staff, changed by the
    province's administrator. The project pages compute the required amount from it."""
    if not (request.user.can("view", LABEL) or request.user.can("change", DEPOSIT_SETTINGS)):
        raise PermissionDenied(_("您的角色不能执行此操作"))
    return province_settings_page(
        request,
        DepositSettingsForm,
        template="projects/deposit_settings.html",
        audit_action="deposit_settings.update",
        saved_message=_("已保存；项目的应存储工资保证金按新的比例计算。"),
        done_url="projects:deposit-settings",
    )


@login_required
def payroll_months(request: HttpRequest) -> HttpResponse:
    """按月工资发放: the project-months due (work done, due day past) of the viewer's projects,
    paid in full from the account by the end of the next month or not; the dispatch KPI
    按月足额发放率 links here (`payroll_months.apply`)."""
    _require(request)
    params = filter_params(request, payroll.FILTER_NAMES)
    base = payroll.visible(request.user).select_related("project", "project__region")
    error = ""
    try:
        qs = payroll.apply(base, params)
    except ValidationError as exc:
        error, qs = " ".join(exc.messages), base.none()
    pager = capped_page(request, qs.order_by("-due_on", "project_id"), params)
    return render(
        request,
        "projects/payroll_months.html",
        {
            "rows": pager.rows,
            "error": error,
            **pager.context(),
            "paid": params.get("paid", ""),
            "choices": list(payroll.PAID.items()),
            "kept": {k: v for k, v in params.items() if k != "paid"},
        },
    )
