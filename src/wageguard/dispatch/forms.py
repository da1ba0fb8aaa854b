"""The KPI page's question: a division of the viewer's jurisdiction, a period, a campaign."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import BootstrapMixin
from wageguard.regions.models import Level, Region

from . import scope as scopes


def jurisdiction_regions(user: Any) -> list[Region]:
    """The viewer's division and every one below it, in code order (a province: 205)."""
    home = scopes.home_region(user)
    if home is None:
        return []
    if home.level == Level.PROVINCE:
        qs = Region.objects.filter(province_code=home.province_code)
    elif home.level == Level.CITY:
        qs = Region.objects.filter(Q(code=home.code) | Q(parent_id=home.code))
    else:
        qs = Region.objects.filter(code=home.code)
    return list(qs.order_by("code"))


class KpiForm(BootstrapMixin, Form):
    region = forms.ChoiceField(label=_("行政区划"), required=False)
    start = DateField(label=_("期间起"), required=False, widget=DateInput, policy=dates.SEARCH)
    end = DateField(label=_("期间止"), required=False, widget=DateInput, policy=dates.SEARCH)
    campaign = forms.ChoiceField(label=_("专项行动"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indent = {Level.PROVINCE: "", Level.CITY: "　", Level.COUNTY: "　　"}
        self.fields["region"].choices = [
            (r.code, indent.get(r.level, "") + r.name) for r in jurisdiction_regions(user)
        ]
        self.fields["campaign"].choices = [
            ("", _("不按专项行动")),
            *(
                (str(c.pk), f"{c.name}（{c.start_date:%Y-%m-%d}—{c.end_date:%Y-%m-%d}）")
                for c in scopes.campaigns_for(user).order_by("-start_date", "pk")
            ),
        ]
