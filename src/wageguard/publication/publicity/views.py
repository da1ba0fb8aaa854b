"""The publicity log page (宣传台账): counts by channel per division one level below the viewed
one and by month, the entries behind them, and the form to log one. Reads go through
`restrict`; a division outside the viewer's jurisdiction is refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core.paging import pager_prefix

from ..typical.models import TypicalCase
from . import services
from .forms import EntryForm, FilterForm
from .models import PublicityEntry
from .rules import BASIS, Channel
from .services import MODEL

PAGE_SIZE = 30
# Typical cases offered to link an entry to: the viewer's most recent.
TYPICAL_CHOICES = 100


def _require(request: HttpRequest, action: str) -> None:
    if not request.user.can(action, MODEL):
        raise PermissionDenied


def _typical_choices(user) -> list[TypicalCase]:
    return list(
        TypicalCase.objects.restrict(user, "view").order_by("-created_at", "-id")[:TYPICAL_CHOICES]
    )


@login_required
def publicity_log(request: HttpRequest) -> HttpResponse:
    """宣传台账: filters (division, period), counts and the entries of the period."""
    _require(request, "view")
    user = request.user
    filters = FilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    try:
        region = services.viewed_region(user, data.get("region"))
        start, end = services.period(data.get("start"), data.get("end"))
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            messages.error(request, " ".join(errors))
        region = services.viewed_region(user, None)
        start, end = services.period(None, None)
    counts = services.counts(user, region, start, end)
    page = Paginator(
        services.entries(user, region, start, end).order_by("-held_on", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    can_add = user.can("add", MODEL) and user.agency_id is not None
    entry_form = EntryForm(typical_cases=_typical_choices(user)) if can_add else None
    params = {"region": region.code, "start": start.isoformat(), "end": end.isoformat()}
    return render(
        request,
        "publication/publicity/log.html",
        {
            "filters": filters,
            "region": region,
            "start": start,
            "end": end,
            "counts": counts,
            "channels": Channel.choices,
            "page_obj": page,
            "query_string": pager_prefix(params),
            "entry_form": entry_form,
            "basis": BASIS,
            "drill": region.level != "county",
            "start_iso": start.isoformat(),
            "end_iso": end.isoformat(),
        },
    )


@login_required
@require_POST
def publicity_add(request: HttpRequest) -> HttpResponse:
    _require(request, "add")
    user = request.user
    form = EntryForm(request.POST, typical_cases=_typical_choices(user))
    if form.is_valid():
        data = form.cleaned_data
        typical = None
        if data.get("typical_case"):
            typical = get_object_or_404(
                TypicalCase.objects.restrict(user, "view"), pk=data["typical_case"]
            )
        try:
            services.record(
                user,
                channel=data["channel"],
                held_on=data["held_on"],
                title=data["title"],
                url=data.get("url") or "",
                typical_case=typical,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已登记宣传活动"))
            return redirect("publication:publicity-log")
    # As a refused batch is (publication.views.batch_create): each error, with its field's
    # label, as a message on the log page.
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{' '.join(errors)}" if label else " ".join(errors))
    return redirect("publication:publicity-log")


@login_required
@require_POST
def publicity_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "add")
    entry = get_object_or_404(PublicityEntry.objects.restrict(request.user, "view"), pk=pk)
    try:
        services.remove(request.user, entry)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已删除宣传活动"))
    return redirect("publication:publicity-log")
