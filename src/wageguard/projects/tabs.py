"""The project pages' tab bar (drawn by core's `{% tabs "projects" ... %}`)."""

from django.utils.translation import gettext_lazy as _

from wageguard.core.tabs import Tab, register

register(
    "projects",
    Tab("list", _("项目台账"), "projects:list"),
    Tab("rates", _("制度落实率"), "projects:rates"),
)
