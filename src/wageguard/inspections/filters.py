"""One filter per list, serving both the pages and the API (DESIGN: NetBox's filtersets)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.deadlines import soon_limit
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import BootstrapMixin

from . import rules
from .rules import Channel, CheckKind, CheckResult, FindingState, Sla


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


class FindingFilterForm(BootstrapMixin, Form):
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *FindingState.choices]
    )
    sla = forms.ChoiceField(
        label=_("时限"),
        required=False,
        choices=[
            ("", _("全部时限")),
            (Sla.OVERDUE, Sla.OVERDUE.label),
            (Sla.DUE_SOON, Sla.DUE_SOON.label),
            (Sla.ON_TIME, Sla.ON_TIME.label),
        ],
    )
    agency = forms.IntegerField(label=_("责任机构"), required=False, widget=forms.Select)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("全部机构"))]
        if agencies is not None:
            choices += [(a.pk, a.name) for a in agencies]
        self.fields["agency"].widget.choices = choices


def sla_dates(today: date | None = None) -> tuple[date, date]:
    """(today, the last day that still counts as "due soon"), in local time."""
    today = today or timezone.localdate()
    return today, soon_limit(today, rules.DUE_SOON_WORKDAYS)


def filter_findings(qs: QuerySet, data: dict, today: date, soon_limit: date) -> QuerySet:
    if data.get("state"):
        qs = qs.filter(state=data["state"])
    if data.get("agency"):
        qs = qs.filter(agency_id=data["agency"])
    sla = data.get("sla")
    if sla == Sla.OVERDUE:
        qs = qs.filter(state=FindingState.OPEN, due_date__lt=today)
    elif sla == Sla.DUE_SOON:
        qs = qs.filter(state=FindingState.OPEN, due_date__gte=today, due_date__lte=soon_limit)
    elif sla == Sla.ON_TIME:
        qs = qs.filter(state=FindingState.OPEN, due_date__gt=soon_limit)
    return qs
