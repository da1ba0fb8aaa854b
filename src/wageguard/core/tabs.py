"""The tab bars of the apps' pages, declared once per app and drawn by `{% tabs %}`.

An app declares its bar in its own `tabs.py` (found at start-up like Django's admin modules),
so a page names only the bar and its active tab, and no app keeps a copy of the markup.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from .registry import Registry


@dataclass(frozen=True)
class Tab:
    """One tab: `key` is what a page names as active; `external` opens in a new window (the
    public pages); `when` names a flag the page passes (`{% tabs "x" "y" flag=... %}`) without
    which the tab is hidden; a page that passes nothing shows it."""

    key: str
    label: str | Promise
    url_name: str
    external: bool = False
    when: str | None = None


TAB_BARS: Registry[tuple[Tab, ...]] = Registry("tab bars")


def register(bar: str, *tabs: Tab) -> None:
    TAB_BARS.register(bar, tuple(tabs))


def discover() -> None:
    """Import every installed app's `tabs` module; called once from CoreConfig.ready()."""
    autodiscover_modules("tabs")
