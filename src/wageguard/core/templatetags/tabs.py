"""`{% tabs "bar" "active" %}`: an app's tab bar, as its `tabs.py` declares it (core.tabs)."""

from django import template

from wageguard.core.tabs import TAB_BARS

register = template.Library()


@register.inclusion_tag("core/tabs.html")
def tabs(bar: str, active: str, **flags: object) -> dict:
    shown = [t for t in TAB_BARS.get(bar) if t.when is None or flags.get(t.when, True)]
    return {"tabs": shown, "active": active}
