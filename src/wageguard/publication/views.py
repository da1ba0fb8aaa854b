"""Staff pages for publication: the queue of cases to publish, the bureau's batches, and a
batch with its items, their text and the review buttons each role may press.

Reads go through `restrict` (another jurisdiction's batch is a 404), changes through
`services`, which check permission and jurisdiction again and redact every item on save.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wageguard.cases.models import EnforcementCase
from wageguard.core.deadlines import sla_state, soon_limit
from wageguard.core.paging import capped_page, filter_params, pager_prefix
from wageguard.org.settings_page import province_settings_page

from . import filters, services
from .forms import AddItemForm, BatchForm, ItemForm, NoteForm, PublicationSettingsForm
from .models import PublicationBatch, PublicationItem, PublicationSettings
from .queue import MODEL, entries_for, queue_cases
from .rules import EDITABLE_STATES, PERMISSION, Action, State, allowed_actions

PAGE_SIZE = 30
_HISTORY_LABELS = {
    "create": gettext_lazy("开设公布批次"),
    "add_item": gettext_lazy("列入公布事项"),
    "remove_item": gettext_lazy("移出公布事项"),
    "edit_item": gettext_lazy("修改公布内容"),
    **dict(Action.choices),
}


def _require(request: HttpRequest, action: str) -> None:
    if not request.user.can(action, MODEL):
        raise PermissionDenied


def _batch(request: HttpRequest, pk: int) -> PublicationBatch:
    return get_object_or_404(
        PublicationBatch.objects.restrict(request.user, "view").select_related(
            "agency", "region", "approved_by"
        ),
        pk=pk,
    )


def _messages_from(request: HttpRequest, exc: ValidationError) -> None:
    for errors in exc.message_dict.values():
        messages.error(request, " ".join(errors))


def _open_batches(user) -> list[PublicationBatch]:
    """The user's bureau's batches that still take items."""
    if user.agency_id is None:
        return []
    return list(
        PublicationBatch.objects.restrict(user, "add").filter(
            agency=user.agency_id, state__in=EDITABLE_STATES
        )
    )


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    """公布批次: every batch of the user's jurisdiction, latest period first."""
    _require(request, "view")
    user = request.user
    qs = PublicationBatch.objects.restrict(user, "view").select_related("agency", "region")
    # The dispatch KPI links here with region and days published (publication.filters).
    params = filter_params(request, filters.FILTER_NAMES)
    state = params.get("state", "")
    error = ""
    try:
        qs = filters.apply(qs, params)
    except ValidationError as exc:
        error, qs = " ".join(exc.messages), qs.none()
    # The items of the batches shown: the figure the KPI counts, asked only when it links here.
    narrowed = bool(set(params) - {"state"})
    items_total = qs.aggregate(n=Count("items"))["n"] if narrowed and not error else 0
    qs = qs.annotate(n_items=Count("items")).order_by("-period_end", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    province = user.agency.region.province_code if user.agency_id else None
    limit = soon_limit(today, PublicationSettings.for_province(province).due_soon_workdays)
    can_add = user.can("add", MODEL) and user.agency is not None and user.agency.is_hrss
    return render(
        request,
        "publication/batch_list.html",
        {
            "page_obj": page,
            "rows": [
                (
                    b,
                    sla_state(
                        b.due_date,
                        today,
                        limit,
                        timezone.localdate(b.published_at) if b.published_at else None,
                    ),
                )
                for b in page.object_list
            ],
            "states": State.choices,
            "state": state,
            "error": error,
            "items_total": items_total,
            "narrowed": narrowed,
            "query_string": pager_prefix(params),
            "form": BatchForm(level=user.agency.region.level) if can_add else None,
        },
    )


@login_required
@require_POST
def batch_create(request: HttpRequest) -> HttpResponse:
    _require(request, "add")
    user = request.user
    if user.agency is None:
        raise PermissionDenied
    form = BatchForm(request.POST, level=user.agency.region.level)
    if not form.is_valid():
        messages.error(request, _("请选择公布周期和期间"))
        return redirect("publication:batches")
    data = form.cleaned_data
    try:
        batch = services.create_batch(user, data["period_kind"], data["year"], data["part"])
    except ValidationError as exc:
        _messages_from(request, exc)
        return redirect("publication:batches")
    messages.success(request, _("已开设公布批次：%(label)s") % {"label": batch.period_label})
    return redirect("publication:detail", pk=batch.pk)


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    """待公布: the cases of the jurisdiction that must be published (rules.must_publish)."""
    _require(request, "view")
    user = request.user
    # Paged in the database; the rule runs on this page's rows only (a province holds 10^5+
    # cases). A candidate the rule does not require leaves its page one row shorter.
    page = capped_page(
        request,
        queue_cases(user),
        {},
        fetch=lambda qs, start, stop: entries_for(user, qs[start:stop]),
        size=PAGE_SIZE,
    )
    return render(
        request,
        "publication/queue.html",
        {
            **page.context(),
            "entries": [e for e in page.rows if e is not None],
            "open_batches": _open_batches(user) if user.can("add", MODEL) else [],
        },
    )


def _detail(request: HttpRequest, batch: PublicationBatch, bound: dict | None = None, status=200):
    user = request.user
    items = list(batch.items.select_related("case").order_by("id"))
    editable = batch.state in EDITABLE_STATES and user.can("add", MODEL)
    bound = bound or {}
    return render(
        request,
        "publication/batch_detail.html",
        {
            "batch": batch,
            "items": [
                (
                    item,
                    bound.get(item.pk)
                    or (ItemForm(instance=item, prefix=f"item{item.pk}") if editable else None),
                )
                for item in items
            ],
            "editable": editable,
            "actions": [
                (a, Action(a).label)
                for a in allowed_actions(batch.state)
                if not services.refusal(batch, a, user)
            ],
            "note_form": NoteForm(),
            "history": [(h, _HISTORY_LABELS.get(h.action, h.action)) for h in batch.history.all()],
            "state_label": State(batch.state).label,
        },
        status=status,
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view")
    return _detail(request, _batch(request, pk))


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "add")
    batch = _batch(request, pk)
    form = AddItemForm(request.POST)
    if not form.is_valid():
        raise Http404
    case = get_object_or_404(
        EnforcementCase.objects.restrict(request.user, "view"), pk=form.cleaned_data["case"]
    )
    try:
        services.add_item(request.user, batch, case, kind=form.cleaned_data["kind"])
    except ValidationError as exc:
        _messages_from(request, exc)
        return redirect(_back_to(request))
    messages.success(request, _("已将案件 %(number)s 列入公布批次") % {"number": case.number})
    return redirect("publication:detail", pk=batch.pk)


def _back_to(request: HttpRequest) -> str:
    """Where a refused addition returns: the posted `next` only when it is a path on this site
    (an absolute or scheme-relative URL elsewhere would make the form an open redirect), else
    the queue."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("publication:queue")


def _item(request: HttpRequest, batch: PublicationBatch, item_id: int) -> PublicationItem:
    return get_object_or_404(
        PublicationItem.objects.restrict(request.user, "view").select_related("case", "batch"),
        pk=item_id,
        batch=batch,
    )


@login_required
@require_POST
def item_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    _require(request, "add")
    batch = _batch(request, pk)
    item = _item(request, batch, item_id)
    form = ItemForm(request.POST, instance=item, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            services.edit_item(request.user, item, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已保存公布内容（个人信息已自动隐去）"))
            return redirect("publication:detail", pk=batch.pk)
    return _detail(request, _batch(request, pk), bound={item.pk: form}, status=400)


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    _require(request, "add")
    batch = _batch(request, pk)
    item = _item(request, batch, item_id)
    try:
        services.remove_item(request.user, item)
    except ValidationError as exc:
        _messages_from(request, exc)
    else:
        messages.success(request, _("已移出公布批次"))
    return redirect("publication:detail", pk=batch.pk)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    action = request.POST.get("action", "")
    if action not in Action.values:
        raise Http404
    _require(request, PERMISSION[action])
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.transition(batch, action, request.user, note=note)
    except ValidationError as exc:
        _messages_from(request, exc)
    else:
        messages.success(request, _("已%(action)s") % {"action": Action(action).label})
    return redirect("publication:detail", pk=batch.pk)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The province's publication margins (the deadline after a period, the due-soon warning):
    visible to staff, changed by the province's administrator (DOMAIN: configurable rules are
    shown in the UI)."""
    return province_settings_page(
        request,
        PublicationSettingsForm,
        template="publication/settings.html",
        audit_action="publication_settings.update",
        saved_message=_("已保存；新的公布期限适用于此后开设的公布批次。"),
        done_url="publication:settings",
    )
