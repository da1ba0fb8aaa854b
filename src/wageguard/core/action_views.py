"""The page side of an action registry (DESIGN: one declaration feeds the form, the endpoint and
the history label): every object page with folded action forms posts them to one view per app,
and that view is this function.

A registry action has `name`, `label`, `form(data=None, files=None, prefix=...)` and
`run(obj, user, cleaned_data)`; the app passes the actions offered now (who may do what, in which
state) and how to draw its page. A refusal raised by the service comes back on the same page,
under the field it names, with the fold of that action open and the input kept (status 422).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .forms import apply_errors

ActionForms = list[tuple[Any, Any]]


def offered_forms(offered: Iterable[Any]) -> ActionForms:
    """The folded forms of the actions offered now, each with its own prefix."""
    return [(a, a.form(prefix=a.name)) for a in offered]


def run_posted_action(
    request: HttpRequest,
    obj: Any,
    action: Any | None,
    offered: Iterable[Any],
    *,
    page: Callable[[ActionForms, str], HttpResponse],
    done: str,
    after: Callable[[Any], None] | None = None,
) -> HttpResponse:
    """Runs `action` (None: no such name, 404) on `obj` if it is among `offered` (else 403).

    `page(forms, open_action)` draws the object's page again after a refusal; `done` is where a
    success redirects; `after(result)` may add a message about what the action produced (a case
    number, a clue's code)."""
    if action is None:
        raise Http404
    offered = list(offered)
    if action.name not in {a.name for a in offered}:
        raise PermissionDenied
    form = action.form(request.POST, request.FILES, prefix=action.name)
    if form.is_valid():
        try:
            result = action.run(obj, request.user, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已完成：%(action)s") % {"action": action.label})
            if after is not None:
                after(result)
            return redirect(done)
    forms = [(a, form if a.name == action.name else a.form(prefix=a.name)) for a in offered]
    response = page(forms, action.name)
    response.status_code = 422
    return response
