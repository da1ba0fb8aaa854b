"""线索台账: the inbox with its filters, bulk assignment and the Excel ledger of the same filter.

The inbox shows reporters' names and mobiles masked to everyone; a role with need to know reveals
one row at a time ("显示"), and every response is one audit event naming the rows it showed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import xlsx
from wageguard.core.deadlines import Clock
from wageguard.core.paging import capped_page, filter_params, query_string
from wageguard.org.forms import subordinate_regions
from wageguard.org.rules import sees_personal_data

from .. import filters, register
from ..forms.inbox import BulkAssignForm, InboxFilterForm, assignable_users
from ..models import Clue
from ..reports import export
from ..services import saved_filters
from ..services.assignment import bulk_assign
from .access import MASKED, audit_read, listing, require, require_reveal

FILTER_NAMES = (
    "state",
    "sla",
    "channel",
    "sector",
    "region",
    "own_level",
    "urgent",
    "reopened",
    "listed",
    "assignee",
    "received_from",
    "received_to",
    "due_from",
    "due_to",
    "outcome",
    "q",
    "sort",
)


def _params(request: HttpRequest) -> dict[str, str]:
    """The filters asked for; with none at all (the inbox opened from the menu), the handler's
    own work (`filters.INBOX_DEFAULTS`). Any filter in the address, even empty, turns them off."""
    if not request.GET:
        return dict(filters.INBOX_DEFAULTS)
    return filter_params(request, FILTER_NAMES)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """线索台账: the handler's worklist; default sort is by deadline, nearest first."""
    require(request, "view")
    return _inbox(request)


def _inbox(
    request: HttpRequest,
    revealed: Clue | None = None,
    save_error: str = "",
    save_name: str = "",
) -> HttpResponse:
    """The page, its rows masked but `revealed`'s (when it is on the page); audited once.
    `save_error`/`save_name`: a refused "save this filter", shown in its form with the name."""
    user = request.user
    clock = Clock.now(filters.STAGE)
    params = _params(request)
    error = ""
    try:
        qs = filters.apply(listing(request), params, clock, user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        qs = listing(request).none()
    pager = capped_page(request, qs, params, fetch=filters.page)
    name, _id, phone = MASKED
    ids = [c.pk for c in pager.rows]
    listed = register.levels_by_clue(ids)
    for clue in pager.rows:
        clue.listed_levels = listed.get(clue.pk, [])
    clear_ids = [revealed.pk] if revealed is not None and revealed.pk in ids else []
    if revealed is not None:
        audit_read(request, "clue.reveal", "reveal", ids, clear_ids, params, obj=revealed)
    elif ids:
        audit_read(request, "clue.list", "list", ids, query=params)
    assignees = list(assignable_users(user))
    sort = params.get("sort", "due")
    return render(
        request,
        "clues/inbox.html",
        {
            "form": InboxFilterForm(
                request.GET or params, regions=subordinate_regions(user), assignees=assignees
            ),
            "defaults": not request.GET,
            "rows": [
                (c, clock.of(c), c.reporter_name, c.phone, True)
                if c.pk in clear_ids
                else (c, clock.of(c), name(c.reporter_name), phone(c.phone), False)
                for c in pager.rows
            ],
            "can_reveal": sees_personal_data(user),
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
            "saved_filters": saved_filters.of_user(user),
            # The filter to save: explicit even when empty ("state=" shows all, not defaults).
            "save_query": query_string(params) or ALL_CLUES,
            "save_error": save_error,
            "save_name": save_name,
        },
        status=400 if save_error else 200,
    )


# An empty filter in the address: every clue, not the inbox's defaults (see `_params`).
ALL_CLUES = "state="


@login_required
@require_POST
def save_filter(request: HttpRequest) -> HttpResponse:
    """Saves the inbox's current filter under a name; a refusal comes back in its form."""
    require(request, "view")
    asked = QueryDict(request.POST.get("query", ""))
    params = {k: asked[k] for k in FILTER_NAMES if asked.get(k)}
    query = query_string(params) or ALL_CLUES
    name = request.POST.get("name", "")
    try:
        saved = saved_filters.save(request.user, name=name, query=query)
    except ValidationError as exc:
        request.GET = QueryDict(query)
        return _inbox(request, save_error=" ".join(exc.messages), save_name=name)
    messages.success(request, _("已保存筛选“%(name)s”") % {"name": saved.name})
    return redirect(reverse("clues:inbox") + "?" + query)


@login_required
@require_POST
def delete_filter(request: HttpRequest, pk: int) -> HttpResponse:
    """Deletes one of the user's own saved filters (another user's is not found: nothing)."""
    require(request, "view")
    saved_filters.remove(request.user, pk)
    messages.success(request, _("已删除保存的筛选"))
    return redirect("clues:inbox")


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """显示: one row's reporter name and mobile in clear, for a role with need to know; audited.

    htmx swaps the cell in place; without JavaScript the button submits the page's form here and
    the inbox comes back (its filters in the query string) with that row shown in clear.
    """
    require(request, "view")
    clue = get_object_or_404(listing(request), pk=pk)
    require_reveal(request.user)
    if request.htmx:
        audit_read(request, "clue.reveal", "reveal", [clue.pk], [clue.pk], _params(request), clue)
        return render(
            request,
            "clues/_reporter.html",
            {"clue": clue, "reporter": clue.reporter_name, "phone": clue.phone, "clear": True},
        )
    return _inbox(request, revealed=clue)


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
        qs = filters.apply(Clue.objects.restrict(request.user, "view"), params, clock, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("clues:inbox")
    out, count = export.build(qs, request.user, clock)
    audit_read(
        request,
        "export.xlsx",
        "export",
        None,
        query=params,
        rows=count,
        clear=sees_personal_data(request.user),
    )
    return xlsx.download(out, "线索台账")
