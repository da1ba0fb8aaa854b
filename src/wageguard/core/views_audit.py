"""审计日志 browser for auditors: filters, keyset pages (no COUNT), before/after diff, and reads
of personal data told in words ("查看了 12 条线索的个人信息", with the filter)."""

from datetime import datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from .audit import READ_ACTIONS
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
    if data.get("reads"):
        # The (action, at) index serves an IN over the registered read actions.
        qs = qs.filter(action__in=READ_ACTIONS.names())
    agency = (data.get("agency") or "").strip()
    if agency.isdigit():
        qs = qs.filter(agency_id=int(agency))
    elif agency:
        qs = qs.filter(agency_name=agency)
    return qs


# Filter parameters in words; any other is shown by its name.
PARAM_LABELS = {
    "q": _l("关键词"),
    "state": _l("状态"),
    "status": _l("状态"),
    "sla": _l("期限"),
    "channel": _l("来源渠道"),
    "sector": _l("行业领域"),
    "region": _l("辖区"),
    "urgent": _l("紧急"),
    "reopened": _l("重新办理"),
    "assignee": _l("承办人"),
    "received_from": _l("接收日期自"),
    "received_to": _l("接收日期至"),
    "sort": _l("排序"),
    "page": _l("页码"),
    "limit": _l("每页条数"),
    "offset": _l("跳过条数"),
    "reveal": _l("显示完整信息"),
}


def _what(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def read_summary(event: AuditEvent) -> str:
    """A read of personal data in words ("查看了 12 条线索的个人信息（已遮蔽）"); "" for other
    events. Built from what `audit.record_read` stored, so events need no stored sentence."""
    after = event.after
    if event.action not in READ_ACTIONS or not isinstance(after, dict) or "read" not in after:
        return ""
    values = {"n": after.get("rows") or 0, "what": _what(after["read"])}
    mode, clear = after.get("mode"), after.get("clear")
    if mode == "reveal":
        text = _("显示了 %(n)d 条%(what)s的完整个人信息") % {
            **values,
            "n": len(after.get("clear_ids") or ()),
        }
    elif mode == "export":
        text = (
            _("导出了 %(n)d 条%(what)s，含完整个人信息")
            if clear
            else _("导出了 %(n)d 条%(what)s，个人信息已遮蔽")
        ) % values
    elif mode == "detail":
        text = (
            _("查看了%(what)s的完整个人信息") if clear else _("查看了%(what)s（个人信息已遮蔽）")
        ) % values
    else:
        text = (
            _("查看了 %(n)d 条%(what)s的个人信息")
            if clear
            else _("查看了 %(n)d 条%(what)s的个人信息（已遮蔽）")
        ) % values
    query = after.get("filter") or {}
    if mode in ("list", "reveal", "export"):
        terms = "；".join(f"{PARAM_LABELS.get(k, k)}={v}" for k, v in query.items())
        text += "；" + (_("筛选条件：%(terms)s") % {"terms": terms} if terms else _("无筛选条件"))
    return text


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
    for event in events:
        event.summary = read_summary(event)
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
            "summary": read_summary(event),
            "rows": diff_rows(event.before, event.after),
            "has_before": event.before is not None,
            "has_after": event.after is not None,
        },
    )
