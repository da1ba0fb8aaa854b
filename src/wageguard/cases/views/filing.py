"""立案 directly, from an inspection finding or another source; clues convert on their page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wageguard.inspections.models import Finding

from .. import services
from ..forms.filing import NewCaseForm
from ..forms.lists import filing_regions
from .common import require


def _finding(request: HttpRequest) -> Finding | None:
    """An inspection finding the case is filed from (?finding=<id>), within the jurisdiction."""
    value = request.GET.get("finding") or request.POST.get("finding") or ""
    if not value.isdigit():
        return None
    return Finding.objects.restrict(request.user, "view").filter(pk=int(value)).first()


@login_required
def new_case(request: HttpRequest) -> HttpResponse:
    """立案 directly, from an inspection finding or another source; clues convert on their page."""
    require(request, "file")
    user = request.user
    regions = filing_regions(user)
    finding = _finding(request)
    if request.method == "POST":
        form = NewCaseForm(request.POST, regions=regions)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("finding", None)
            if finding is not None:
                data["note"] = _("来自检查发现：%(d)s") % {"d": finding.description[:200]}
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
        if finding is not None:
            initial.update(region=finding.region_id, facts=finding.description, finding=finding.pk)
        form = NewCaseForm(initial=initial, regions=regions)
        status = 200
    return render(request, "cases/new.html", {"form": form, "finding": finding}, status=status)
