"""The channel-check pages' tab bar (drawn by core's `{% tabs "inspections" ... %}`)."""

from django.utils.translation import gettext_lazy as _

from wageguard.core.tabs import Tab, register

register(
    "inspections",
    Tab("overview", _("各单位情况"), "inspections:overview"),
    Tab("checks", _("暗访记录"), "inspections:check-list"),
    Tab("findings", _("问题台账"), "campaigns:ledger", when="findings"),
)
