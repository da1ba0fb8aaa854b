"""The coordination pages' tab bar (drawn by core's `{% tabs "coordination" ... %}`); the
leading group's tab only for those who may read it (`group` flag)."""

from django.utils.translation import gettext_lazy as _

from wageguard.core.tabs import Tab, register

register(
    "coordination",
    Tab("assignments", _("交办事项"), "campaigns:assignments"),
    Tab("group", _("领导小组"), "campaigns:group", when="group"),
    Tab("settings", _("交办参数"), "campaigns:assignment-settings"),
)
