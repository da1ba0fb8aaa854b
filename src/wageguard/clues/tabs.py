"""The clue pages' tab bar (drawn by core's `{% tabs "clues" ... %}`)."""

from django.utils.translation import gettext_lazy as _

from wageguard.core.tabs import Tab, register

register(
    "clues",
    Tab("inbox", _("线索台账"), "clues:inbox"),
    Tab("overview", _("督办总览"), "clues:overview"),
    Tab("supervisions", _("督办台账"), "clues:supervisions"),
)
