"""Listed supervision (挂牌督办) from the detail page: a prefecture or the province lists a clue
with its own deadline; the handling bureau reports back. The rules live in `supervision`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core.text import clean_text
from wageguard.regions.models import Level

from ..models import Clue, Supervision
from ..services import supervision


def context(user, clue: Clue) -> dict:
    """What the detail page offers: listing (upper levels) and report-back (the handling bureau)."""
    upper = (
        user.agency_id is not None
        and user.agency.region.level != Level.COUNTY
        and user.can("supervise", "clues.clue")
    )
    pending = []
    if user.can("change", "clues.clue"):
        pending = [
            s
            for s in clue.supervisions.all()
            if s.kind == Supervision.Kind.LISTED and s.reported_at is None
        ]
    return {"can_list": upper, "pending_listed": pending}


@login_required
@require_POST
def list_clue(request: HttpRequest, pk: int) -> HttpResponse:
    clue = get_object_or_404(Clue.objects.restrict(request.user, "supervise"), pk=pk)
    try:
        row = supervision.list_for_supervision(
            clue, request.user, clean_text(request.POST.get("note", ""), multiline=True)
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("已挂牌督办，期限 %(due)s") % {"due": row.due_date})
    return redirect("clues:detail", pk=pk)


@login_required
@require_POST
def report(request: HttpRequest, pk: int, supervision_id: int) -> HttpResponse:
    clue = get_object_or_404(Clue.objects.restrict(request.user, "change"), pk=pk)
    row = get_object_or_404(clue.supervisions, pk=supervision_id, kind=Supervision.Kind.LISTED)
    try:
        supervision.report_back(
            row, request.user, clean_text(request.POST.get("report", ""), multiline=True)
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("已报告督办办理情况"))
    return redirect("clues:detail", pk=pk)
