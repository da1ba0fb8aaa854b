"""The project pages' tab bar (drawn by core's `{% tabs "projects" ... %}`)."""

from django.utils.translation import gettext_lazy as _

from wageguard.core.tabs import Tab, register

register(
    "projects",
    Tab("list", _("项目台账"), "projects:list"),
    Tab("rates", _("制度落实率"), "projects:rates"),
    Tab("warnings", _("预警处置"), "projects:warnings"),
    Tab("precision", _("预警准确率"), "projects:warning-precision"),
    Tab("settings", _("预警规则"), "projects:warning-settings"),
)
