"""The publication pages' tab bar (drawn by core's `{% tabs "publication" ... %}`)."""

from django.utils.translation import gettext_lazy as _

from wageguard.core.tabs import Tab, register

register(
    "publication",
    Tab("batches", _("公布批次"), "publication:batches"),
    Tab("queue", _("待公布案件"), "publication:queue"),
    Tab("typical", _("典型案例"), "publication:typical-list"),
    Tab("publicity", _("宣传台账"), "publication:publicity-log"),
    Tab("settings", _("办理参数"), "publication:settings"),
    Tab("public", _("公开页面"), "publications:list", external=True),
)
