"""Forms of the publicity log: an entry, and the filters of the page (region, period)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form

from .rules import TITLE_LIMIT, Channel

_TEXT = {"class": "form-control form-control-sm"}


class EntryForm(Form):
    channel = forms.ChoiceField(
        label=_("宣传渠道"),
        choices=Channel.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    held_on = DateField(label=_("日期"), policy=dates.PAST, widget=DateInput(attrs=_TEXT))
    title = forms.CharField(
        label=_("标题"), max_length=TITLE_LIMIT, widget=forms.TextInput(attrs=_TEXT)
    )
    url = forms.URLField(
        label=_("链接"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs=_TEXT),
    )
    typical_case = forms.TypedChoiceField(
        label=_("典型案例"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, typical_cases: list = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["typical_case"].choices = [("", "—")] + [(t.pk, t.title) for t in typical_cases]


class FilterForm(Form):
    region = forms.RegexField(
        label=_("行政区划代码"),
        regex=r"^\d{6}$",
        required=False,
        widget=forms.TextInput(attrs={**_TEXT, "placeholder": "510100"}),
    )
    start = DateField(
        label=_("开始日期"), required=False, policy=dates.SEARCH, widget=DateInput(attrs=_TEXT)
    )
    end = DateField(
        label=_("结束日期"), required=False, policy=dates.SEARCH, widget=DateInput(attrs=_TEXT)
    )
