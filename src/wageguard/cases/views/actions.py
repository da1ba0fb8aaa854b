"""One POST route for everything recorded on a case: /cases/<pk>/act/<what>/[<item>/].

The view finds the case within the viewer's jurisdiction (404 elsewhere), types the input with
the page's own form, and hands it to the service that owns the change; it never writes state
itself. A refused input comes back on the case page next to the field the service named.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from wageguard.core import audit

from .. import services
from ..models import EnforcementCase
from ..rules import Action, DecisionKind
from ..services import investigation as investigate
from ..services import measures, transfer
from .common import get_case
from .detail import ITEMS, MODEL, VERBS, build_form, render_detail

# what -> (the service function, the page section to return to, what was done)
SERVICES: dict[str, tuple[Callable, str, Any]] = {
    "assign": (investigate.assign_inspectors, "investigation", _l("指定承办监察员")),
    "interview": (investigate.record_interview, "investigation", _l("记录询问笔录")),
    "evidence": (investigate.add_evidence, "investigation", _l("登记证据")),
    "ledger": (investigate.record_ledger_check, "investigation", _l("记录台账检查")),
    "statement": (investigate.record_statement, "investigation", _l("记录陈述申辩")),
    "worker": (investigate.add_worker, "workers", _l("添加欠薪劳动者")),
    "recovery": (investigate.record_recovery, "workers", _l("登记追回")),
    "party": (investigate.add_party, "parties", _l("添加当事单位")),
    "person": (investigate.add_person, "parties", _l("添加当事人员")),
    "incident": (investigate.record_incident, "incident", _l("记录群体性事件、极端事件")),
    "withdraw_incident": (investigate.withdraw_incident, "incident", _l("撤销事件记录")),
    "outcome": (measures.record_outcome, "measures", _l("记录履行情况")),
    "transfer": (transfer.transfer_to_police, "transfer", _l("移送公安机关")),
    "police_response": (transfer.record_police_response, "transfer", _l("记录公安机关回复")),
    "follow_up": (transfer.add_follow_up, "transfer", _l("记录跟踪情况")),
    **{
        f"issue_{kind}": (measures.issue_measure, "measures", DecisionKind(kind).label)
        for kind in DecisionKind.values
    },
    **{action: (services.transition, "workflow", Action(action).label) for action in Action.values},
}


def _call(what: str, case: EnforcementCase, user, row, data: dict) -> Any:
    """Calls the service with the arguments its signature asks for."""
    fn = SERVICES[what][0]
    if what in Action.values:
        return fn(case, what, user, **data)
    if what.startswith("issue_"):
        return fn(case, user, what.removeprefix("issue_"), **data)
    if what == "assign":
        return fn(case, user, data["inspector_ids"], lead_id=data.get("lead_id"))
    if what == "recovery":
        return fn(case, user, row.pk, **data)
    return fn(row if row is not None else case, user, **data)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, what: str, item: int | None = None) -> HttpResponse:
    """Types the input, calls the owning service, and returns to the section it came from."""
    case = get_case(request, pk)
    if what not in SERVICES or (what in ITEMS) != (item is not None):
        raise Http404
    if not request.user.can(VERBS[what], MODEL):
        raise PermissionDenied
    row = get_object_or_404(ITEMS[what].objects.filter(case=case), pk=item) if item else None
    form = build_form(what, case, request.POST, request.FILES, item=item)
    _fn, anchor, label = SERVICES[what]
    if form.is_valid():
        try:
            _call(what, case, request.user, row, form.service_data())
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            if "action" in errors:
                # The case moved on (a colleague acted first): no field to show it on.
                messages.error(request, " ".join(errors["action"]))
                return _back(case, anchor)
            form.add_service_errors({k or "__all__": v for k, v in errors.items()})
        else:
            messages.success(request, _("已%(label)s") % {"label": label})
            return _back(case, anchor)
    # The refused form comes back on the whole case page, personal data included.
    audit.record("case.view", obj=case, actor=request.user)
    return render_detail(request, case, bound=form, bound_item=item, status=400)


def _back(case: EnforcementCase, anchor: str) -> HttpResponse:
    response = redirect("cases:detail", pk=case.pk)
    response["Location"] += f"#{anchor}"
    return response
