"""The checks' one filter, serving both the page and the API (DESIGN: NetBox's filtersets)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import BootstrapMixin

from .rules import Channel, CheckKind, CheckResult


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class CheckFilterForm(BootstrapMixin, Form):
    result = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部结果")), *CheckResult.choices]
    )
    kind = forms.ChoiceField(
        label=_("检查方式"), required=False, choices=[("", _("全部方式")), *CheckKind.choices]
    )
    channel = forms.ChoiceField(
        label=_("渠道"), required=False, choices=[("", _("全部渠道")), *Channel.choices]
    )
    agency = forms.IntegerField(label=_("被检查机构"), required=False, widget=forms.Select)
    date_from = DateField(
        label=_("起始日期"), required=False, widget=DateInput, policy=dates.SEARCH
    )
    date_to = DateField(label=_("截止日期"), required=False, widget=DateInput, policy=dates.SEARCH)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("全部机构"))]
        if agencies is not None:
            choices += [(a.pk, a.name) for a in agencies]
        self.fields["agency"].widget.choices = choices


def filter_checks(qs: QuerySet, data: dict) -> QuerySet:
    """Each key is optional; dates are local calendar days, both ends included."""
    if data.get("result"):
        qs = qs.filter(result=data["result"])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("channel"):
        qs = qs.filter(channel=data["channel"])
    if data.get("agency"):
        qs = qs.filter(agency_id=data["agency"])
    if data.get("date_from"):
        qs = qs.filter(performed_at__gte=local_midnight(data["date_from"]))
    if data.get("date_to"):
        qs = qs.filter(performed_at__lt=local_midnight(data["date_to"] + timedelta(days=1)))
    return qs
