"""The credit list pages' tab bar (drawn by core's `{% tabs "credit" ... %}`)."""

from django.utils.translation import gettext_lazy as _

from wageguard.core.tabs import Tab, register

register(
    "credit",
    Tab("list", _("失信联合惩戒名单"), "credit:list"),
    Tab("watch", _("重点关注名单"), "credit:watch"),
    Tab("settings", _("办理参数"), "credit:settings"),
    Tab("public", _("公示页面"), "public-credit-list", external=True),
)
