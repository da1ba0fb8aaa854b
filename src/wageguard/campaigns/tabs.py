"""The campaigns pages' tab bar (drawn by core's `{% tabs "campaigns" ... %}`)."""

from django.utils.translation import gettext_lazy as _

from wageguard.core.tabs import Tab, register

register(
    "campaigns",
    Tab("campaigns", _("专项行动"), "campaigns:list"),
    Tab("ledger", _("问题台账"), "campaigns:ledger"),
)

from .coordination import tabs as _coordination_tabs  # noqa: E402, F401  (its own bar)
