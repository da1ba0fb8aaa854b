"""立案 directly, from an inspection finding or another source; clues convert on their page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..extensions import FILING_SOURCES, FiledFrom
from ..forms.filing import NewCaseForm
from ..forms.lists import filing_regions
from .common import require


def _origin(request: HttpRequest) -> tuple[str, FiledFrom] | None:
    """What the case is filed from (`?ledger_item=<id>`, registered by the app that owns it), found
    within the viewer's jurisdiction, or None."""
    for name, source in FILING_SOURCES.items():
        value = request.GET.get(name) or request.POST.get(name) or ""
        found = source.lookup(request.user, value) if value else None
        if found is not None:
            return name, found
    return None


@login_required
def new_case(request: HttpRequest) -> HttpResponse:
    """立案 directly, from an inspection finding or another source; clues convert on their page."""
    require(request, "file")
    user = request.user
    regions = filing_regions(user)
    origin = _origin(request)
    if request.method == "POST":
        form = NewCaseForm(request.POST, regions=regions)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in FILING_SOURCES}
            if origin is not None:
                data["note"] = origin[1].note
            try:
                case = services.file_case(user, **data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("已立案：%(n)s") % {"n": case.number})
                return redirect("cases:detail", pk=case.pk)
        status = 400
    else:
        initial = {"source": "inspection"}
        if origin is not None:
            initial.update(origin[1].initial, **{origin[0]: request.GET.get(origin[0])})
        form = NewCaseForm(initial=initial, regions=regions)
        status = 200
    context = {
        "form": form,
        "origin": origin[1] if origin else None,
        "origin_name": origin and origin[0],
    }
    return render(request, "cases/new.html", context, status=status)
