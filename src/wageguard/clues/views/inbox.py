"""线索台账: the inbox with its filters, bulk assignment and the Excel ledger of the same filter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit, xlsx
from wageguard.core.deadlines import Clock
from wageguard.core.paging import capped_page, filter_params, query_string
from wageguard.org.forms import subordinate_regions

from .. import filters
from ..forms.inbox import BulkAssignForm, InboxFilterForm, assignable_users
from ..models import Clue
from ..reports import export
from ..services.assignment import bulk_assign
from .access import listing, masker, require

FILTER_NAMES = (
    "state",
    "sla",
    "channel",
    "sector",
    "region",
    "urgent",
    "reopened",
    "assignee",
    "received_from",
    "received_to",
    "q",
    "sort",
)


def _params(request: HttpRequest) -> dict[str, str]:
    return filter_params(request, FILTER_NAMES)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """线索台账: the handler's worklist; default sort is by deadline, nearest first."""
    require(request, "view")
    user = request.user
    clock = Clock.now(filters.STAGE)
    params = _params(request)
    error = ""
    try:
        qs = filters.apply(listing(request), params, clock)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        qs = listing(request).none()
    pager = capped_page(request, qs, params, fetch=filters.page)
    name, _id, phone = masker(user)
    assignees = list(assignable_users(user))
    sort = params.get("sort", "due")
    return render(
        request,
        "clues/inbox.html",
        {
            "form": InboxFilterForm(
                request.GET or None, regions=subordinate_regions(user), assignees=assignees
            ),
            "rows": [(c, clock.of(c), name(c.reporter_name), phone(c.phone)) for c in pager.rows],
            "error": error,
            **pager.context(),
            "query": query_string(params),
            "sort": sort,
            "sort_links": {
                key: query_string(params, sort=("-" + key if sort == key else key))
                for key in ("due", "received", "amount")
            },
            "can_assign": user.can("assign", "clues.clue"),
            "can_export": user.can("export", "clues.clue"),
            "perms_add": user.can("add", "clues.clue"),
            "assignees": assignees,
            "today": clock.today,
        },
    )


@login_required
@require_POST
def assign(request: HttpRequest) -> HttpResponse:
    """Bulk assignment from the inbox checkboxes; each clue is re-checked by `bulk_assign`."""
    require(request, "assign")
    form = BulkAssignForm(request.POST, user=request.user)
    back = request.POST.get("next") or ""
    target = "/clues/" + (back if back.startswith("?") else "")
    if not form.is_valid():
        messages.error(request, _("请勾选线索并选择承办人"))
        return redirect(target)
    result = bulk_assign(request.user, form.cleaned_data["clues"], form.cleaned_data["assignee"])
    if result.assigned:
        messages.success(
            request,
            _("已交办 %(n)d 条线索给 %(who)s")
            % {"n": len(result.assigned), "who": form.cleaned_data["assignee"].display_name},
        )
    for clue, reason in result.skipped:
        messages.warning(request, f"{clue.tracking_code}：{reason}")
    return redirect(target)


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered ledger as .xlsx, built from the same filter as the inbox; audited."""
    require(request, "export")
    clock = Clock.now(filters.STAGE)
    params = _params(request)
    try:
        qs = filters.apply(Clue.objects.restrict(request.user, "view"), params, clock)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("clues:inbox")
    out, count = export.build(qs, request.user, clock)
    audit.record(
        "export.xlsx",
        actor=request.user,
        after={"ledger": "clues", "filter": params, "rows": count},
    )
    return xlsx.download(out, "线索台账")
