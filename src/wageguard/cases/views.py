"""Staff pages for cases: the jurisdiction's list, filing a case, and the case page that carries
a case from filing to closing (its forms post to `views_act`).

Every read goes through `EnforcementCase.objects.restrict` (another jurisdiction's case is a 404,
never a 403 that would confirm it exists); every change goes through the services; reading a
case's personal data is audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.core.deadlines import Clock
from wageguard.core.paging import capped_page, filter_params, query_string
from wageguard.inspections.models import Finding
from wageguard.org.rules import sees_personal_data

from . import filters, services
from .forms import CaseFilterForm, NewCaseForm, filing_regions, list_regions
from .models import EnforcementCase, Evidence
from .views_page import render_detail

FILTER_NAMES = ("state", "sla", "region", "q", "sort")
MODEL = "cases.enforcementcase"


def require(request: HttpRequest, action: str) -> None:
    if not request.user.can(action, MODEL):
        raise PermissionDenied


def get_case(request: HttpRequest, pk: int) -> EnforcementCase:
    """The case if the viewer's jurisdiction holds it, else 404."""
    require(request, "view")
    return get_object_or_404(
        EnforcementCase.objects.restrict(request.user, "view").select_related(
            "region", "agency", "clue"
        ),
        pk=pk,
    )


def list_params(request: HttpRequest) -> dict[str, str]:
    """The list's filters from the query string: the page and its Excel export read the same."""
    return filter_params(request, FILTER_NAMES)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """案件台账: the jurisdiction's cases, nearest deadline first."""
    require(request, "view")
    user = request.user
    clock = Clock.now(filters.STAGE)
    params = list_params(request)
    listing = EnforcementCase.objects.restrict(user, "view")
    error = ""
    try:
        qs = filters.apply(listing, params, clock)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        qs = listing.none()
    pager = capped_page(request, qs, params, fetch=filters.page)
    sort = params.get("sort", "due")
    return render(
        request,
        "cases/list.html",
        {
            "form": CaseFilterForm(request.GET or None, regions=list_regions(user)),
            "rows": [(c, clock.of(c)) for c in pager.rows],
            "error": error,
            **pager.context(),
            "sort": sort,
            "sort_links": {
                key: query_string(params, sort=("-" + key if sort == key else key))
                for key in ("due", "filed")
            },
            "can_file": user.can("file", MODEL),
        },
    )


def _finding(request: HttpRequest) -> Finding | None:
    """An inspection finding the case is filed from (?finding=<id>), within the jurisdiction."""
    value = request.GET.get("finding") or request.POST.get("finding") or ""
    if not value.isdigit():
        return None
    return Finding.objects.restrict(request.user, "view").filter(pk=int(value)).first()


@login_required
def new_case(request: HttpRequest) -> HttpResponse:
    """立案 directly, from an inspection finding or another source; clues convert on their page."""
    require(request, "file")
    user = request.user
    regions = filing_regions(user)
    finding = _finding(request)
    if request.method == "POST":
        form = NewCaseForm(request.POST, regions=regions)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("finding", None)
            if finding is not None:
                data["note"] = _("来自检查发现：%(d)s") % {"d": finding.description[:200]}
            try:
                case = services.file_case(user, **data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("已立案：%(n)s") % {"n": case.number})
                return redirect("cases:detail", pk=case.pk)
        status = 400
    else:
        initial = {"source": "inspection"}
        if finding is not None:
            initial.update(region=finding.region_id, facts=finding.description, finding=finding.pk)
        form = NewCaseForm(initial=initial, regions=regions)
        status = 200
    return render(request, "cases/new.html", {"form": form, "finding": finding}, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page; reading it shows workers' data, so it is audited like the API."""
    case = get_case(request, pk)
    audit.record("case.view", obj=case, actor=request.user)
    return render_detail(request, case)


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    """Streams an evidence file to staff who may see the case and have need to know (it may be
    a photo of an ID card or a payslip); never by a public URL."""
    case = get_case(request, pk)
    if not sees_personal_data(request.user):
        raise PermissionDenied(_("证据附件可能含有身份证件等个人信息，仅限承办人员查看"))
    item = get_object_or_404(Evidence.objects.filter(case=case).exclude(file=""), pk=evidence_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record("case.evidence", obj=case, actor=request.user, after={"evidence": item.pk})
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.original_name or item.file.name.rsplit("/", 1)[-1],
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
