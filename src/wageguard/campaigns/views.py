"""Pages: campaigns (list, launch, detail with its ledger counts) and the problem ledger (list
with filters, Excel export, item page with the actions allowed now, evidence download)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit, xlsx
from wageguard.core.files import served_name
from wageguard.core.forms import apply_errors
from wageguard.org.models import Agency, AgencyKind

from . import export, rules, services
from .actions import ACTIONS, HISTORY_LABELS, available_actions
from .filters import LedgerFilterForm, filter_ledger, sla_dates
from .forms import CampaignForm, MilestoneFormSet, TargetFormSet
from .models import Campaign, LedgerEvidence, LedgerItem
from .rules import LedgerState

PAGE_SIZE = 50
LEDGER = services.MODEL
CAMPAIGN = services.CAMPAIGN_MODEL
FILTERS = ("source", "state", "sla", "agency", "campaign", "region")


def _require(request: HttpRequest, action: str, label: str) -> None:
    if not request.user.can(action, label):
        raise PermissionDenied


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


def _sla(item: LedgerItem, today, soon) -> str:
    rectified_on = timezone.localdate(item.rectified_at) if item.rectified_at else None
    return rules.sla_status(item.state, item.due_date, today, soon, rectified_on)


# --- campaigns ---------------------------------------------------------------------------


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view", CAMPAIGN)
    today = timezone.localdate()
    campaigns = list(
        Campaign.objects.restrict(request.user, "view")
        .select_related("region", "parent")
        .order_by("-start_date", "pk")
    )
    return render(
        request,
        "campaigns/list.html",
        {
            "campaigns": campaigns,
            "today": today,
            "can_add": request.user.can("add", CAMPAIGN),
        },
    )


def _rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.has_changed() and f.cleaned_data]


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    _require(request, "add", CAMPAIGN)
    data = request.POST if request.method == "POST" else None
    form = CampaignForm(data, actor=request.user)
    targets = TargetFormSet(data, prefix="targets")
    milestones = MilestoneFormSet(data, prefix="milestones")
    status = 200
    if request.method == "POST":
        if form.is_valid() and targets.is_valid() and milestones.is_valid():
            try:
                campaign = services.create_campaign(
                    request.user,
                    targets=_rows(targets),
                    milestones=_rows(milestones),
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已发起专项行动"))
                return redirect("campaigns:detail", pk=campaign.pk)
        status = 422
    return render(
        request,
        "campaigns/form.html",
        {"form": form, "targets": targets, "milestones": milestones},
        status=status,
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view", CAMPAIGN)
    campaign = get_object_or_404(
        Campaign.objects.restrict(request.user, "view").select_related("region", "parent"),
        pk=pk,
    )
    children = (
        Campaign.objects.restrict(request.user, "view")
        .filter(parent=campaign)
        .select_related("region")
    )
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "targets": list(campaign.targets.all()),
            "milestones": list(campaign.milestones.all()),
            "children": list(children),
            "counts": services.counts_by_state(campaign, request.user)
            if request.user.can("view", LEDGER)
            else None,
            "today": timezone.localdate(),
        },
    )


# --- the ledger --------------------------------------------------------------------------


def _filter_form(request: HttpRequest) -> LedgerFilterForm:
    user = request.user
    return LedgerFilterForm(
        request.GET or None,
        agencies=Agency.objects.restrict(user, "view")
        .filter(kind=AgencyKind.HRSS, active=True)
        .order_by("region_id"),
        campaigns=Campaign.objects.restrict(user, "view").order_by("-start_date", "pk"),
        regions=services.jurisdiction_regions(user),
    )


def _filtered(request: HttpRequest, form: LedgerFilterForm, today, soon):
    user = request.user
    qs = LedgerItem.objects.restrict(user, "view")
    if form.is_valid():
        return filter_ledger(
            qs,
            form.cleaned_data,
            today,
            soon,
            campaigns=Campaign.objects.restrict(user, "view"),
        )
    return qs.none() if form.is_bound else qs


@login_required
def ledger_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view", LEDGER)
    today, soon = sla_dates()
    form = _filter_form(request)
    qs = _filtered(request, form, today, soon).select_related("agency", "campaign")
    # Open items first, the most urgent on top; then what waits for verification; then closed.
    qs = qs.annotate(
        state_rank=Case(
            When(state=LedgerState.OPEN, then=Value(0)),
            When(state=LedgerState.RECTIFIED, then=Value(1)),
            default=Value(2),
        )
    ).order_by("state_rank", "due_date", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(item, _sla(item, today, soon)) for item in page]
    return render(
        request,
        "campaigns/ledger_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "query_string": _query_string(request),
            "export_query": request.GET.urlencode(),
            "rectification_workdays": rules.RECTIFICATION_WORKDAYS,
            "due_soon_workdays": rules.DUE_SOON_WORKDAYS,
        },
    )


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    """问题台账 as .xlsx, one sheet per county, under the list's filters and the viewer's
    jurisdiction; a bad filter goes back to the list, which names it. Audited."""
    _require(request, "view", LEDGER)
    today, soon = sla_dates()
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("筛选条件有误，请修改后再导出"))
        return redirect(f"{reverse('campaigns:ledger')}?{request.GET.urlencode()}")
    out, count = export.build(_filtered(request, form, today, soon), today, soon)
    params = {k: request.GET[k] for k in FILTERS if k in request.GET}
    audit.record("ledger.export", actor=request.user, after={"filter": params, "rows": count})
    return xlsx.download(out, str(export.TITLE))


def _item(request: HttpRequest, pk: int) -> LedgerItem:
    return get_object_or_404(
        LedgerItem.objects.restrict(request.user, "view").select_related(
            "agency__region",
            "region",
            "campaign",
            "enterprise",
            "project",
            "warning",
            "opened_by",
            "rectified_by",
            "closed_by",
        ),
        pk=pk,
    )


def _item_page(
    request: HttpRequest, item: LedgerItem, forms, open_action: str = "", status: int = 200
) -> HttpResponse:
    today, soon = sla_dates()
    check = getattr(item, "channel_check", None)
    return render(
        request,
        "campaigns/ledger_item.html",
        {
            "item": item,
            "check_id": check.pk if check is not None else None,
            "sla": _sla(item, today, soon),
            "actions": forms,
            "open_action": open_action,
            "evidence": list(item.evidence.select_related("uploaded_by")),
            "supervisions": list(item.supervisions.select_related("by")),
            "history": [
                (row, HISTORY_LABELS.get(row.action, row.action))
                for row in item.history.order_by("-at", "-pk")[:50]
            ],
            "rectification_workdays": rules.RECTIFICATION_WORKDAYS,
            "can_file_case": request.user.can("file", "cases.enforcementcase"),
            # Assignments to other departments about this item (campaigns.coordination).
            "assignments": list(
                item.assignments.restrict(request.user, "view").select_related("agency")
            ),
            "can_assign": request.user.can("add", "campaigns.assignment"),
        },
        status=status,
    )


@login_required
def ledger_item(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view", LEDGER)
    item = _item(request, pk)
    forms = [(a, a.form(prefix=a.name)) for a in available_actions(item, request.user)]
    return _item_page(request, item, forms)


@login_required
@require_POST
def ledger_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The one view for every action in the registry: the form on the item page posts here; a
    refusal re-renders the page with the error in place and the input kept."""
    _require(request, "view", LEDGER)
    item = _item(request, pk)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404
    if action not in available_actions(item, request.user):
        raise PermissionDenied
    form = action.form(request.POST, request.FILES, prefix=action.name)
    if form.is_valid():
        try:
            action.run(item, request.user, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已完成：%(action)s") % {"action": action.label})
            return redirect("campaigns:ledger-item", pk=item.pk)
    forms = [
        (a, form if a.name == action.name else a.form(prefix=a.name))
        for a in available_actions(item, request.user)
    ]
    return _item_page(request, item, forms, open_action=action.name, status=422)


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    _require(request, "view", LEDGER)
    item = get_object_or_404(LedgerItem.objects.restrict(request.user, "view"), pk=pk)
    evidence = get_object_or_404(LedgerEvidence, pk=evidence_pk, item=item)
    audit.record("ledger.evidence_download", obj=item, after={"evidence": evidence.pk})
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(
        False, served_name(evidence.original_name, evidence.content_type)
    )
    return response
