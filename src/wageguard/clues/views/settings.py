"""The province's clue limits and urgency rules, visible to all staff and changed by the
province's administrator (DOMAIN: configurable rules are shown in the UI, never hidden in code),
and the province's reply templates (答复常用语), kept by the same administrator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core.forms import apply_errors
from wageguard.org.settings_page import province_settings_page

from ..forms.settings import ClueSettingsForm, ReplyTemplateForm
from ..services import phrases


@login_required
def clue_settings(
    request: HttpRequest, template_form: ReplyTemplateForm | None = None
) -> HttpResponse:
    manages = phrases.may_manage(request.user)
    return province_settings_page(
        request,
        ClueSettingsForm,
        template="clues/settings.html",
        audit_action="clue_settings.update",
        saved_message=_("已保存；新的时限从此后开始的办理阶段起适用。"),
        done_url="clue-settings",
        extra={
            "reply_templates": phrases.of_province(),
            "template_form": template_form
            or (ReplyTemplateForm(prefix="tpl") if manages else None),
            "manages_templates": manages,
        },
    )


@login_required
@require_POST
def reply_template_add(request: HttpRequest) -> HttpResponse:
    """Adds a template; a refused one comes back on the settings page with what was typed."""
    form = ReplyTemplateForm(request.POST, prefix="tpl")
    if form.is_valid():
        try:
            phrases.add(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已添加答复常用语"))
            return redirect(reverse("clue-settings") + "#reply-templates")
    request.method = "GET"  # the settings page shows, it does not save the province's row
    response = clue_settings(request, template_form=form)
    response.status_code = 400
    return response


@login_required
@require_POST
def reply_template_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        phrases.remove(request.user, pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已删除答复常用语"))
    return redirect(reverse("clue-settings") + "#reply-templates")
