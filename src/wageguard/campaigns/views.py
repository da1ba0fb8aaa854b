"""Pages: campaigns (list, launch, detail with its ledger counts) and the problem ledger (list
with filters, Excel export, item page with the actions allowed now, evidence download)."""

from __future__ import annotations

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
from wageguard.core.forms import apply_errors
from wageguard.core.paging import capped_page, filter_params
from wageguard.org.models import Agency, AgencyKind

from . import export, metrics, rules, services
from .actions import ACTIONS, HISTORY_LABELS, available_actions
from .filters import LedgerFilterForm, filter_ledger, sla_dates
from .forms import CampaignForm, LedgerItemForm, MilestoneFormSet, TargetFormSet
from .models import Campaign, LedgerEvidence, LedgerItem
from .rules import LedgerState

PAGE_SIZE = 50
LEDGER = services.MODEL
CAMPAIGN = services.CAMPAIGN_MODEL
FILTERS = ("source", "state", "sla", "agency", "campaign", "region", "opened_from", "opened_to")


def _require(request: HttpRequest, action: str, label: str) -> None:
    if not request.user.can(action, label):
        raise PermissionDenied


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
    today = timezone.localdate()
    # Every kind of record counted in the campaign (one aggregate query per kind), and each
    # target measured from those counts.
    records = metrics.count_records(campaign, request.user, today)
    targets = metrics.progress(campaign, request.user, list(campaign.targets.all()), records, today)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "targets": targets,
            "records": records,
            "milestones": list(campaign.milestones.all()),
            "children": list(children),
            "counts": metrics.ledger_detail(records),
            "today": today,
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


# The list's order: open items first, the most urgent on top; then what waits for
# verification; then closed. Each segment is read through the (state, due_date, id) index.
STATE_ORDER = (LedgerState.OPEN, LedgerState.RECTIFIED, LedgerState.CLOSED)


def _fetch(qs, start: int, stop: int) -> list[LedgerItem]:
    """One page of the list in its order without sorting the whole ledger: each state's
    segment in index order, skipping the segments the page lies beyond (a capped count of a
    skipped segment says how far), then the page's rows with their bureau and campaign (a
    deferred join). At most seven queries whatever the page and the ledger's size."""
    ids: list[int] = []
    before = 0  # rows of the segments already passed
    for state in STATE_ORDER:
        want = stop - start - len(ids)
        if want <= 0:
            break
        segment = qs.filter(state=state).order_by("due_date", "pk")
        offset = max(0, start - before)
        got = list(segment.values_list("pk", flat=True)[offset : offset + want])
        ids += got
        if got:
            before += offset + len(got)
        elif offset:
            before += segment.order_by()[:offset].count()
    rows = LedgerItem.objects.filter(pk__in=ids).select_related("agency", "campaign")
    by_id = {item.pk: item for item in rows}
    return [by_id[i] for i in ids if i in by_id]


@login_required
def ledger_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view", LEDGER)
    today, soon = sla_dates()
    form = _filter_form(request)
    qs = _filtered(request, form, today, soon)
    params = filter_params(request, FILTERS)
    pager = capped_page(request, qs, params, fetch=_fetch, size=PAGE_SIZE)
    rows = [(item, _sla(item, today, soon)) for item in pager.rows]
    return render(
        request,
        "campaigns/ledger_list.html",
        {
            "form": form,
            "rows": rows,
            **pager.context(),
            "export_query": request.GET.urlencode(),
            "can_register": request.user.can("supervise", LEDGER),
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
def ledger_new(request: HttpRequest) -> HttpResponse:
    """登记问题: a supervision visit's or the national platform's problem put on a bureau."""
    _require(request, "supervise", LEDGER)
    form = LedgerItemForm(request.POST or None, actor=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.register_item(request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已登记问题"))
                return redirect("campaigns:ledger-item", pk=item.pk)
        status = 422
    return render(request, "campaigns/ledger_form.html", {"form": form}, status=status)


@login_required
def ledger_item(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view", LEDGER)
    item = _item(request, pk)
    forms = offered_forms(available_actions(item, request.user))
    return _item_page(request, item, forms)


@login_required
@require_POST
def ledger_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The one view for every action in the registry: the form on the item page posts here; a
    refusal re-renders the page with the error in place and the input kept."""
    _require(request, "view", LEDGER)
    item = _item(request, pk)
    return run_posted_action(
        request,
        item,
        ACTIONS.get(name),
        available_actions(item, request.user),
        page=lambda forms, open_action: _item_page(request, item, forms, open_action),
        done=reverse("campaigns:ledger-item", args=[item.pk]),
    )


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
