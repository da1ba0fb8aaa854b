"""The ledger's one filter, serving the page, the API list and the Excel export alike."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.deadlines import soon_limit
from wageguard.core.forms import DateField, Form
from wageguard.org.forms import BootstrapMixin
from wageguard.regions.models import Region

from . import rules
from .models import Campaign
from .rules import LedgerState, Sla, Source
from .services import ledger_in_campaign, scope_codes


class LedgerFilterForm(BootstrapMixin, Form):
    source = forms.ChoiceField(
        label=_("来源"), required=False, choices=[("", _("全部来源")), *Source.choices]
    )
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *LedgerState.choices]
    )
    sla = forms.ChoiceField(
        label=_("时限"),
        required=False,
        choices=[("", _("全部时限")), *((s.value, s.label) for s in rules.OPEN_SLAS)],
    )
    agency = forms.IntegerField(label=_("责任机构"), required=False, widget=forms.Select)
    campaign = forms.IntegerField(label=_("专项行动"), required=False, widget=forms.Select)
    region = forms.CharField(label=_("行政区划"), required=False, max_length=6, widget=forms.Select)
    # The day opened (建账日期), both ends included: the dispatch KPI 问题台账销号 links with it.
    opened_from = DateField(label=_("建账日期起"), required=False, policy=dates.SEARCH)
    opened_to = DateField(label=_("建账日期止"), required=False, policy=dates.SEARCH)

    def __init__(self, *args, agencies=None, campaigns=None, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].widget.choices = [("", _("全部机构"))] + [
            (a.pk, a.name) for a in agencies or []
        ]
        self.fields["campaign"].widget.choices = [("", _("全部行动"))] + [
            (c.pk, c.name) for c in campaigns or []
        ]
        self.fields["region"].widget.choices = [("", _("全部地区"))] + [
            (r.code, r.name) for r in regions or []
        ]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def sla_dates(today: date | None = None) -> tuple[date, date]:
    """(today, the last day that still counts as "due soon"), in local time."""
    today = today or timezone.localdate()
    return today, soon_limit(today, rules.DUE_SOON_WORKDAYS)


def filter_ledger(
    qs: QuerySet, data: dict, today: date, soon: date, *, campaigns: QuerySet | None = None
) -> QuerySet:
    """Each key is optional. `campaign` keeps the items in the campaign's period and scope
    (looked up among `campaigns`, the ones the viewer may see); `opened_from`/`opened_to` (dates)
    the local days opened; `region` a division and every one below it."""
    if data.get("source"):
        qs = qs.filter(source=data["source"])
    if data.get("state"):
        qs = qs.filter(state=data["state"])
    if data.get("agency"):
        qs = qs.filter(agency_id=data["agency"])
    if data.get("campaign"):
        pool = campaigns if campaigns is not None else Campaign.objects.all()
        campaign = pool.select_related("region").filter(pk=data["campaign"]).first()
        qs = ledger_in_campaign(qs, campaign) if campaign is not None else qs.none()
    if data.get("opened_from"):
        qs = qs.filter(opened_at__gte=_local_midnight(data["opened_from"]))
    if data.get("opened_to"):
        qs = qs.filter(opened_at__lt=_local_midnight(data["opened_to"] + timedelta(days=1)))
    if data.get("region"):
        region = Region.objects.filter(code=data["region"]).first()
        qs = qs.filter(region_id__in=scope_codes(region)) if region is not None else qs.none()
    sla = data.get("sla")
    if sla == Sla.OVERDUE:
        qs = qs.filter(state=LedgerState.OPEN, due_date__lt=today)
    elif sla == Sla.DUE_SOON:
        qs = qs.filter(state=LedgerState.OPEN, due_date__gte=today, due_date__lte=soon)
    elif sla == Sla.ON_TIME:
        qs = qs.filter(state=LedgerState.OPEN, due_date__gt=soon)
    return qs
