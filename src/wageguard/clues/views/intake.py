"""Staff entry of clues from the other channels: a 12333 call, a window visit, a letter, a
public-opinion item, an inspection or undercover finding, a national-platform item typed in.

The form only collects text; `validation.clean_intake` and `services.intake` decide, exactly as for
the API, so the page names the same field with the same message. The original receipt time is kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms.intake import StaffIntakeForm
from ..validation import clean_intake


@login_required
def new_clue(request: HttpRequest) -> HttpResponse:
    if not request.user.can("add", "clues.clue"):
        raise PermissionDenied
    form = StaffIntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.intake(
                clean_intake(data, public=False),
                channel=data["channel"],
                actor=request.user,
                received_at=data.get("received_at"),
                external_id=data.get("external_id") or None,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            clue = result.clue
            if result.created:
                messages.success(
                    request,
                    _("已登记线索 %(code)s，分派至 %(agency)s")
                    % {"code": clue.tracking_code, "agency": clue.agency.name},
                )
                if result.secret:
                    messages.info(
                        request,
                        _("请告知反映人：查询码 %(code)s，查询密码 %(secret)s")
                        % {"code": clue.tracking_code, "secret": result.secret},
                    )
            else:
                messages.warning(
                    request, _("该外部编号的线索已登记：%(code)s") % {"code": clue.tracking_code}
                )
            if request.user.in_jurisdiction(clue.region_id):
                return redirect("clues:detail", pk=clue.pk)
            return redirect("clues:new")
    return render(request, "clues/new.html", {"form": form})
