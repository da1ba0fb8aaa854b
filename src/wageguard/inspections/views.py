"""Pages: channel checks (list, record, detail) and the per-agency overview. The problem ledger
moved to campaigns (`/campaigns/ledger/`); its old addresses answer 301 to the new ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.campaigns.models import LedgerItem
from wageguard.core.forms import apply_errors
from wageguard.regions.models import Level

from . import overview, rules, services
from .filters import CheckFilterForm, filter_checks
from .forms import CheckForm
from .models import ChannelCheck

PAGE_SIZE = 50


def _require(request: HttpRequest, action: str, label: str) -> None:
    if not request.user.can(action, label):
        raise PermissionDenied


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


@login_required
def check_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view", "inspections.channelcheck")
    user = request.user
    agencies = list(services.checkable_agencies(user))
    form = CheckFilterForm(request.GET or None, agencies=agencies)
    qs = ChannelCheck.objects.restrict(user, "view").select_related(
        "agency", "performed_by", "ledger_item"
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
            apply_errors(form, exc)
        else:
            if check.passed:
                messages.success(request, _("已登记：检查合格"))
            else:
                item = check.ledger_item
                messages.warning(
                    request,
                    _("已登记：检查不合格，已列入问题台账，整改期限 %(due)s")
                    % {"due": item.due_date.isoformat()},
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
    item = (
        LedgerItem.objects.restrict(request.user, "view").filter(pk=check.ledger_item_id).first()
        if check.ledger_item_id
        else None
    )
    return render(request, "inspections/check_detail.html", {"check": check, "finding": item})


def finding_list(request: HttpRequest) -> HttpResponse:
    """The old ledger address: the one problem ledger lives in campaigns now (301, filters kept)."""
    query = request.GET.urlencode()
    target = reverse("campaigns:ledger") + (f"?{query}" if query else "")
    return HttpResponsePermanentRedirect(target)


def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The old item address: a finding kept its number when it moved into the ledger."""
    return HttpResponsePermanentRedirect(reverse("campaigns:ledger-item", args=[pk]))


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
            "can_view_findings": request.user.can("view", "campaigns.ledgeritem"),
        },
    )
