"""The case list's filter form and the divisions it narrows by."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.deadlines import Sla
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import OWN_LEVEL_LABEL, BootstrapMixin, region_choices
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.regions.models import Level, Region

from ..rules import (
    State,
)


def filing_regions(user: User) -> list[Region]:
    """Counties of the user's jurisdiction that have an HRSS bureau to carry the case."""
    qs = Region.objects.filter(
        level=Level.COUNTY,
        code__in=Agency.objects.filter(kind=AgencyKind.HRSS).values("region_id"),
    )
    codes = user.jurisdiction_region_ids()
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return list(qs.order_by("code"))


def list_regions(user: User) -> list[Region]:
    """The divisions below the viewer to narrow the list by; a county has nothing to narrow."""
    region = user.agency.region if user.agency_id else None
    if region is not None and region.level == Level.COUNTY:
        return []
    if region is None:
        qs = Region.objects.filter(level=Level.CITY)
    else:
        qs = Region.objects.filter(parent=region)
    return list(qs.order_by("code"))


class CaseFilterForm(BootstrapMixin, Form):
    """Renders the list filters; filtering itself is `filters.apply`."""

    q = forms.CharField(label=_("搜索"), required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), ("open", _("办理中（全部）")), *State.choices],
    )
    sla = forms.ChoiceField(
        label=_("时限"), required=False, choices=[("", _("全部时限")), *Sla.choices]
    )
    region = forms.ChoiceField(label=_("辖区"), required=False)
    own_level = forms.BooleanField(label=OWN_LEVEL_LABEL, required=False)
    filed_from = DateField(
        label=_("立案日期自"), required=False, widget=DateInput, policy=dates.SEARCH
    )
    filed_to = DateField(
        label=_("立案日期至"), required=False, widget=DateInput, policy=dates.SEARCH
    )
    transferred = forms.BooleanField(label=_("仅已移送公安"), required=False)

    def __init__(self, *args, regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(self, regions, _("全部辖区"))
        self.fields["q"].widget.attrs["placeholder"] = _("编号或单位名称（从头输入）、信用代码")
