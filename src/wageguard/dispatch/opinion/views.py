"""Pages: the list with filters, the entry form and the item with its allowed actions. Every
read goes through `OpinionItem.objects.restrict(user, ...)`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core.action_views import offered_forms, run_posted_action
from wageguard.core.forms import apply_errors

from . import services
from .actions import ACTIONS, HISTORY_LABELS, available_actions
from .forms import FilterForm, OpinionForm
from .models import OpinionItem
from .services import MODEL, OpinionData


def _require(request: HttpRequest, action: str) -> None:
    if not request.user.can(action, MODEL):
        raise PermissionDenied


@login_required
def opinion_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view")
    form = FilterForm(request.GET or None)
    qs = OpinionItem.objects.restrict(request.user, "view").select_related("region")
    if form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            qs = qs.filter(state=data["state"])
        if data["risk"]:
            qs = qs.filter(risk=data["risk"])
        if data["overdue"]:
            qs = qs.overdue()
        if data["region"]:
            qs = qs.in_region(data["region"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "dispatch/opinion/list.html",
        {
            "form": form,
            "page": page,
            "rows": [(item, item.current_due(), item.is_overdue(now)) for item in page],
            "can_add": request.user.can("add", MODEL),
        },
    )


@login_required
def opinion_new(request: HttpRequest) -> HttpResponse:
    _require(request, "add")
    form = OpinionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.create(
                request.user,
                OpinionData(
                    source=data["source"],
                    source_url=data["source_url"],
                    title=data["title"],
                    summary=data["summary"],
                    seen_at=data["seen_at"],
                    risk=data["risk"],
                    region=data["region"],
                    address=data["address"],
                    workers=data["workers"],
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("舆情已登记"))
            return redirect("dispatch:opinion-item", item.pk)
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "dispatch/opinion/new.html", {"form": form}, status=status)


def _item(request: HttpRequest, pk: int) -> OpinionItem:
    return get_object_or_404(
        OpinionItem.objects.restrict(request.user, "view").select_related(
            "region", "agency", "clue", "case", "created_by"
        ),
        pk=pk,
    )


def _page(request: HttpRequest, item: OpinionItem, forms, open_action: str = "") -> HttpResponse:
    return render(
        request,
        "dispatch/opinion/item.html",
        {
            "item": item,
            "due": item.current_due(),
            "overdue": item.is_overdue(),
            "actions": forms,
            "open_action": open_action,
            "history": [
                (row, HISTORY_LABELS.get(row.action, row.action))
                for row in item.history.order_by("-at", "-pk")[:50]
            ],
        },
    )


@login_required
def opinion_item(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view")
    item = _item(request, pk)
    return _page(request, item, offered_forms(available_actions(item, request.user)))


@login_required
@require_POST
def opinion_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The one view for every action; a refusal re-renders the page with the error in place."""
    _require(request, "view")
    item = _item(request, pk)
    return run_posted_action(
        request,
        item,
        ACTIONS.get(name),
        available_actions(item, request.user),
        page=lambda forms, open_action: _page(request, item, forms, open_action),
        done=reverse("dispatch:opinion-item", args=[item.pk]),
    )
