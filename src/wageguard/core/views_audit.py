"""审计日志 browser for auditors: filters, keyset pages (no COUNT), before/after diff."""

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .forms import AuditFilterForm
from .models import AuditEvent

PAGE_SIZE = 50


def _require_view(request: HttpRequest) -> None:
    if not request.user.can("view", "core.auditevent"):
        raise PermissionDenied


def _local_midnight(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_events(qs: QuerySet, data: dict) -> QuerySet:
    """Each filter has an index: (at), (action, at), (actor_id, at), (object_type, object_id)."""
    if data.get("date_from"):
        qs = qs.filter(at__gte=_local_midnight(data["date_from"]))
    if data.get("date_to"):
        qs = qs.filter(at__lt=_local_midnight(data["date_to"] + timedelta(days=1)))
    action = (data.get("action") or "").strip()
    if action.endswith((".", "*")):
        qs = qs.filter(action__startswith=action.rstrip("*"))
    elif action:
        qs = qs.filter(action=action)
    actor = (data.get("actor") or "").strip()
    if actor:
        ids = list(get_user_model().objects.filter(username=actor).values_list("pk", flat=True))
        # A deleted user is still found by the username frozen into their events.
        qs = (
            qs.filter(Q(actor_id__in=ids) | Q(actor_username=actor))
            if ids
            else qs.filter(actor_username=actor)
        )
    if data.get("object_type"):
        qs = qs.filter(object_type=data["object_type"].strip().lower())
    if data.get("object_id"):
        qs = qs.filter(object_id=data["object_id"].strip())
    agency = (data.get("agency") or "").strip()
    if agency.isdigit():
        qs = qs.filter(agency_id=int(agency))
    elif agency:
        qs = qs.filter(agency_name=agency)
    return qs


def _cursor(request: HttpRequest, name: str) -> AuditEvent | None:
    value = request.GET.get(name, "")
    if not value.isdigit():
        return None
    return AuditEvent.objects.filter(seq=int(value)).only("seq", "at").first()


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """Newest first; pages move by (at, seq) cursors, so page 10,000 costs what page 1 does."""
    _require_view(request)
    form = AuditFilterForm(request.GET or None)
    qs = AuditEvent.objects.restrict(request.user, "view")
    if form.is_valid():
        qs = filter_events(qs, form.cleaned_data)
    elif form.is_bound:
        qs = qs.none()
    before, after = _cursor(request, "before"), _cursor(request, "after")
    if after is not None:
        newer = qs.filter(Q(at__gt=after.at) | Q(at=after.at, seq__gt=after.seq))
        rows = list(newer.order_by("at", "seq")[: PAGE_SIZE + 1])
        has_newer = len(rows) > PAGE_SIZE
        events = list(reversed(rows[:PAGE_SIZE]))
        has_older = True
    else:
        if before is not None:
            qs = qs.filter(Q(at__lt=before.at) | Q(at=before.at, seq__lt=before.seq))
        rows = list(qs.order_by("-at", "-seq")[: PAGE_SIZE + 1])
        events = rows[:PAGE_SIZE]
        has_older = len(rows) > PAGE_SIZE
        has_newer = before is not None
    params = request.GET.copy()
    for key in ("before", "after"):
        params.pop(key, None)
    return render(
        request,
        "core/audit_list.html",
        {
            "form": form,
            "events": events,
            "older": events[-1].seq if events and has_older else None,
            "newer": events[0].seq if events and has_newer else None,
            "query_string": params.urlencode() + "&" if params else "",
        },
    )


def diff_rows(before: Any, after: Any) -> list[dict[str, Any]]:
    """One row per key of either side, marking what changed; non-dict values show as one row."""
    if not isinstance(before, dict | type(None)) or not isinstance(after, dict | type(None)):
        return [{"key": "", "before": before, "after": after, "changed": before != after}]
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [
        {
            "key": key,
            "before": before.get(key, ""),
            "after": after.get(key, ""),
            "changed": key not in before or key not in after or before[key] != after[key],
        }
        for key in keys
    ]


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    event = get_object_or_404(AuditEvent.objects.restrict(request.user, "view"), pk=pk)
    return render(
        request,
        "core/audit_detail.html",
        {
            "event": event,
            "rows": diff_rows(event.before, event.after),
            "has_before": event.before is not None,
            "has_after": event.after is not None,
        },
    )
