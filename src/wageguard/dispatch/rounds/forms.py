"""The province's round form, the prefecture's report form (narrative and one explanation per
KPI) and the province's return form. Field names are the services' keyword names, so a refusal
naming a field lands under it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import BootstrapMixin

from .. import scope as scopes
from ..kpis import KPIS
from . import rules


class RoundForm(BootstrapMixin, Form):
    title = forms.CharField(label=_("调度主题"), max_length=100)
    start = DateField(label=_("统计期间起"), widget=DateInput, policy=dates.SCHEDULE)
    end = DateField(label=_("统计期间止"), widget=DateInput, policy=dates.SCHEDULE)
    due_date = DateField(label=_("报送截止日期"), widget=DateInput, policy=dates.SCHEDULE)
    cadence = forms.ChoiceField(label=_("调度频次"), choices=rules.Cadence.choices)
    campaign = forms.ChoiceField(label=_("专项行动"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaigns = {str(c.pk): c for c in scopes.campaigns_for(user)}
        self.fields["campaign"].choices = [
            ("", _("不按专项行动")),
            *((pk, c.name) for pk, c in self.campaigns.items()),
        ]

    def clean_campaign(self) -> Any:
        value = self.cleaned_data.get("campaign")
        return self.campaigns.get(value) if value else None


class ReportForm(BootstrapMixin, Form):
    narrative = forms.CharField(
        label=_("工作进展"),
        max_length=rules.MAX_NARRATIVE,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kpi in KPIS:
            self.fields[f"explain_{kpi.key}"] = forms.CharField(
                label=kpi.label,
                max_length=rules.MAX_EXPLANATION,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def explanations(self) -> dict[str, str]:
        return {
            name.removeprefix("explain_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("explain_")
        }


class ReturnForm(BootstrapMixin, Form):
    note = forms.CharField(
        label=_("退回意见"), max_length=rules.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )
