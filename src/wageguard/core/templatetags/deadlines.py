"""The deadline badge and the due date, one way on every page (DESIGN: Deadlines).

`{% sla_badge state %}` draws a stage's clock state as computed by `core.deadlines` (and the
rectification states of channel-check findings); `{% due_date date provisional %}` the stored
due date with the "provisional" mark of a year whose holidays are not yet published.
"""

import datetime as dt

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# state -> (Bootstrap badge classes, label). Orange for "due soon" comes from app.css.
SLA_BADGES = {
    "overdue": ("text-bg-danger", _("已超期")),
    "due_soon": ("wg-badge-due-soon", _("即将到期")),
    "on_time": ("text-bg-light border", _("正常")),
    "done_late": ("text-bg-secondary", _("逾期整改")),
    "done_on_time": ("text-bg-success", _("按期整改")),
}


@register.inclusion_tag("core/sla_badge.html")
def sla_badge(state: str | None) -> dict:
    """Nothing for no state (a stage without a clock); an unknown state is a programming error."""
    if not state:
        return {"state": ""}
    css, label = SLA_BADGES[str(state)]
    return {"state": str(state), "css": css, "label": label}


@register.inclusion_tag("core/due_date.html")
def due_date(date: dt.date | None, provisional: bool = False, extended: bool = False) -> dict:
    return {"date": date, "provisional": provisional, "extended": extended}
