"""One POST route for every action of `cases.actions`: /cases/<pk>/act/<name>/[<row>/].

The view finds the case within the viewer's jurisdiction (404 elsewhere, and for a row of
another case), types the input with the action's form, and hands it to the action's service; it
never writes state itself. A refused input comes back next to the field the service named.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit

from ..actions import ACTIONS, CaseAction, may
from ..models import EnforcementCase
from .common import get_case
from .detail import render_detail


@login_required
@require_POST
def act(request: HttpRequest, pk: int, what: str, item: int | None = None) -> HttpResponse:
    """Types the input, calls the owning service, and returns to the section it came from."""
    case = get_case(request, pk)
    if what not in ACTIONS:
        raise Http404
    action = ACTIONS.get(what)
    if (action.row is not None) != (item is not None):
        raise Http404
    if not may(request.user, action):
        raise PermissionDenied(_("您的角色不能执行此操作"))
    row = get_object_or_404(action.row.objects.filter(case=case), pk=item) if item else None
    form = action.build_form(case, request.POST, request.FILES, row=row)
    if form.is_valid():
        try:
            action.run(row if row is not None else case, request.user, form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            if "action" in errors:
                # The case moved on (a colleague acted first): no field to show it on.
                messages.error(request, " ".join(errors["action"]))
                return _back(case, action)
            form.add_service_errors({k or "__all__": v for k, v in errors.items()})
        else:
            messages.success(request, _("已%(label)s") % {"label": action.button})
            return _back(case, action)
    # The refused form comes back on the whole case page, personal data included.
    audit.record("case.view", obj=case, actor=request.user)
    return render_detail(request, case, bound=form, bound_row=item, status=400)


def _back(case: EnforcementCase, action: CaseAction) -> HttpResponse:
    response = redirect("cases:detail", pk=case.pk)
    response["Location"] += f"#{action.section}"
    return response
