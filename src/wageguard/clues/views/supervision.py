"""Listed supervision (挂牌督办): the register (督办台账), and from the detail page listing a clue
(a prefecture or the province, with its own deadline), the handling bureau's report-back and the
listing level's review (销号 or 退回). The rules live in `services.listed`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core.deadlines import Clock
from wageguard.core.paging import capped_page, filter_params, query_string
from wageguard.core.text import clean_text
from wageguard.org.forms import subordinate_regions
from wageguard.regions.models import Level

from .. import filters, register
from ..forms.supervision import ListForm, RegisterFilterForm, ReviewForm
from ..models import Clue, Supervision
from ..rules import ListedState
from ..services import listed
from .access import require

REGISTER_FILTERS = ("state", "level", "sla", "overdue", "region", "own_level", "q")


def _errors(exc: Exception) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


def context(user, clue: Clue) -> dict:
    """What the detail page offers: listing (an upper level without an open listing of its own),
    report-back (the handling bureau) and review (the level that listed)."""
    rows = list(clue.supervisions.filter(kind=Supervision.Kind.LISTED).select_related("by_agency"))
    upper = (
        user.agency_id is not None
        and user.agency.region.level != Level.COUNTY
        and user.can("supervise", "clues.clue")
    )
    mine = [s for s in rows if s.closed_at is None and user.agency_id == s.by_agency_id]
    own_level_open = upper and any(
        s.closed_at is None and s.level == user.agency.region.level for s in rows
    )
    pending = []
    if user.can("change", "clues.clue"):
        pending = [s for s in rows if s.listed_state == ListedState.LISTED]
    return {
        "can_list": upper and not own_level_open,
        "list_form": ListForm(auto_id="list-%s") if upper and not own_level_open else None,
        "pending_listed": pending,
        "review_listed": [s for s in mine if s.listed_state == ListedState.REPORTED],
        "review_form": ReviewForm(prefix="review"),
        "open_listed": [s for s in rows if s.closed_at is None],
    }


@login_required
def register_page(request: HttpRequest) -> HttpResponse:
    """督办台账: listed items on clues in the viewer's jurisdiction, nearest deadline first."""
    require(request, "view")
    user = request.user
    clock = Clock.now(filters.STAGE)
    params = filter_params(request, REGISTER_FILTERS)
    error = ""
    try:
        qs = register.apply(register.scoped(user), params, clock)
    except ValidationError as exc:
        error = _errors(exc)
        qs = register.scoped(user).none()
    pager = capped_page(request, qs, params, fetch=register.page)
    return render(
        request,
        "clues/supervisions.html",
        {
            "form": RegisterFilterForm(request.GET or None, regions=subordinate_regions(user)),
            "rows": [(s, register.sla_of(s, clock)) for s in pager.rows],
            "error": error,
            **pager.context(),
            "query": query_string(params),
            "today": clock.today,
        },
    )


@login_required
@require_POST
def list_clue(request: HttpRequest, pk: int) -> HttpResponse:
    clue = get_object_or_404(Clue.objects.restrict(request.user, "supervise"), pk=pk)
    form = ListForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("clues:detail", pk=pk)
    try:
        row = listed.list_for_supervision(
            clue, request.user, form.cleaned_data["note"], form.cleaned_data["due_date"]
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("已挂牌督办，期限 %(due)s") % {"due": row.due_date})
    return redirect("clues:detail", pk=pk)


@login_required
@require_POST
def report(request: HttpRequest, pk: int, supervision_id: int) -> HttpResponse:
    clue = get_object_or_404(Clue.objects.restrict(request.user, "change"), pk=pk)
    row = get_object_or_404(clue.supervisions, pk=supervision_id, kind=Supervision.Kind.LISTED)
    try:
        listed.report_back(
            row, request.user, clean_text(request.POST.get("report", ""), multiline=True)
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("已报告督办办理情况"))
    return redirect("clues:detail", pk=pk)


@login_required
@require_POST
def review(request: HttpRequest, pk: int, supervision_id: int) -> HttpResponse:
    """销号 or 退回 by the level that listed the item."""
    clue = get_object_or_404(Clue.objects.restrict(request.user, "supervise"), pk=pk)
    row = get_object_or_404(clue.supervisions, pk=supervision_id, kind=Supervision.Kind.LISTED)
    form = ReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("clues:detail", pk=pk)
    data = form.cleaned_data
    try:
        listed.review(row, request.user, data["decision"], data["note"], data["due_date"])
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, _errors(exc))
    else:
        done = _("已销号") if data["decision"] == "close" else _("已退回重报")
        messages.success(request, done)
    return redirect("clues:detail", pk=pk)
