"""One POST route for every action of `cases.actions`: /cases/<pk>/act/<name>/[<row>/].

The view finds the case within the viewer's jurisdiction (404 elsewhere, and for a row of
another case), types the input with the action's form, and hands it to the action's service; it
never writes state itself. A refused input comes back next to the field the service named.

Posted with htmx (the forms carry `hx-post`), the answer is the action's section alone: the
updated section on success, the bound form with its errors in place on refusal (status 200, as
htmx swaps only 2xx answers). A workflow step changes what the whole page offers, so its success
reloads the page. Without htmx the plain POST redirects back to the section, or shows the whole
page with the refused form (400).

An action that issues a numbered document (`CaseAction.preview`) answers its first POST with a
preview: the same checks, the document rendered with （文号待编）, no number taken. Its
"确认编号并存档" posts the same input again with `_confirm` and only then is the number taken.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from .. import documents, services
from ..actions import ACTIONS, CaseAction, may
from ..models import EnforcementCase
from .common import get_case
from .detail import render_detail

# The preview's buttons (views.actions._preview): confirm and number, back to the form, download.
CONFIRM = "_confirm"
EDIT = "_edit"
DOWNLOAD = "_preview_docx"


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
    if form.is_valid() and request.POST.get(EDIT):
        # Back from the preview: the form again, open, with what was typed.
        form.reopen = True
        services.record_view(request.user, case)
        if htmx:
            return render_detail(
                request, case, bound=form, bound_row=item, partial=_partial(action)
            )
        return render_detail(request, case, bound=form, bound_row=item)
    previewing = action.preview is not None and not request.POST.get(CONFIRM)
    if form.is_valid():
        target = row if row is not None else case
        try:
            if previewing:
                shown = action.run_preview(target, request.user, form.cleaned_data)
            else:
                action.run(target, request.user, form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            # A refusal of the step itself ("action": the case moved on, the limit ran out)
            # goes above the form, the others under their fields: the form comes back where
            # it was filled in, with what was typed (issue 14), never a redirect that loses it.
            form.add_service_errors({k or "__all__": v for k, v in errors.items()})
        else:
            if previewing:
                return _preview(request, case, action, form, shown, htmx)
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


def _filled(form) -> list[tuple[str, str]]:
    """(label, value as typed or chosen) of each field the official filled in."""
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value is None or value == "" or value == [] or value is False:
            continue
        choices = {str(k): v for k, v in getattr(field, "choices", None) or []}
        if isinstance(value, list | tuple):
            text = "、".join(str(choices.get(str(v), v)) for v in value)
        elif isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = str(choices.get(str(value), value))
        rows.append((str(field.label), text))
    return rows


def _preview(
    request: HttpRequest,
    case: EnforcementCase,
    action: CaseAction,
    form,
    shown: documents.Preview,
    htmx: bool,
) -> HttpResponse:
    """The document as it would be issued, numbered （文号待编）, with what was filled in and the
    posted input carried in hidden fields: confirm (takes the number, archives), back to the
    form, or download the preview. It shows the workers' names the document lists: audited as
    a read of the case."""
    services.record_view(request.user, case)
    if request.POST.get(DOWNLOAD):
        response = HttpResponse(shown.data, content_type=documents.DOCX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, shown.download_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response
    skip = {"csrfmiddlewaretoken", CONFIRM, DOWNLOAD, EDIT}
    hidden = [(k, v) for k, values in request.POST.lists() if k not in skip for v in values]
    context = {
        "case": case,
        "action": action,
        "preview": shown,
        "fields": _filled(form),
        "hidden": hidden,
        "act_url": form.act_url,
        "section": action.section,
        "htmx": htmx,
    }
    return render(request, "cases/_preview.html" if htmx else "cases/preview.html", context)


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
