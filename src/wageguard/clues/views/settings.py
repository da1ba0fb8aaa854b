"""The province's clue limits and urgency rules, visible to all staff and changed by the
province's administrator (DOMAIN: configurable rules are shown in the UI, never hidden in code)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from wageguard.org.settings_page import province_settings_page

from ..forms.settings import ClueSettingsForm


@login_required
def clue_settings(request: HttpRequest) -> HttpResponse:
    return province_settings_page(
        request,
        ClueSettingsForm,
        template="clues/settings.html",
        audit_action="clue_settings.update",
        saved_message=_("已保存；新的时限从此后开始的办理阶段起适用。"),
        done_url="clue-settings",
    )
