"""One POST route for every action of `cases.actions`: /cases/<pk>/act/<name>/[<row>/].

The view finds the case within the viewer's jurisdiction (404 elsewhere, and for a row of
another case), types the input with the action's form, and hands it to the action's service; it
never writes state itself. A refused input comes back next to the field the service named.

Posted with htmx (the forms carry `hx-post`), the answer is the action's section alone: the
updated section on success, the bound form with its errors in place on refusal (status 200, as
htmx swaps only 2xx answers). A workflow step changes what the whole page offers, so its success
reloads the page. Without htmx the plain POST redirects back to the section, or shows the whole
page with the refused form (400).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from .. import services
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
    htmx = bool(getattr(request, "htmx", False))
    form = action.build_form(case, request.POST, request.FILES, row=row)
    if form.is_valid():
        try:
            action.run(row if row is not None else case, request.user, form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            if "action" in errors:
                # The case moved on (a colleague acted first): no field to show it on.
                text = " ".join(errors["action"])
                if htmx:
                    return _section(request, case, action, "danger", text)
                messages.error(request, text)
                return _back(case, action)
            form.add_service_errors({k or "__all__": v for k, v in errors.items()})
        else:
            done = _("已%(label)s") % {"label": action.button}
            if htmx and action.section != "workflow":
                return _section(request, case, action, "success", done)
            messages.success(request, done)
            if htmx:
                # A workflow step changes every section: reload the whole page. (A redirect to
                # "#workflow" would only scroll when the page is already at the case's URL.)
                return HttpResponseClientRefresh()
            return _back(case, action)
    # The refused form comes back with the case's personal data around it: audited.
    services.record_view(request.user, case)
    if htmx:
        return render_detail(request, case, bound=form, bound_row=item, partial=_partial(action))
    return render_detail(request, case, bound=form, bound_row=item, status=400)


def _partial(action: CaseAction) -> str:
    return f"cases/_{action.section}.html"


def _section(
    request: HttpRequest, case: EnforcementCase, action: CaseAction, level: str, text: str
) -> HttpResponse:
    """The action's section as it now stands, with what was done (or why not) on top."""
    services.record_view(request.user, case)
    notice = {"section": action.section, "level": level, "text": text}
    return render_detail(request, case, partial=_partial(action), notice=notice)


def _back(case: EnforcementCase, action: CaseAction) -> HttpResponse:
    response = redirect("cases:detail", pk=case.pk)
    response["Location"] += f"#{action.section}"
    return response
