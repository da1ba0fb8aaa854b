"""Staff forms: the building blocks of the workflow actions' forms (declared in `actions`), the
proposal, the watch list, the list filters and the province's settings."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form, ModelForm
from wageguard.org.forms import BootstrapMixin

from .filters import STATUSES
from .models import CreditSettings
from .rules import State


def _text(label, rows: int = 2, max_length: int = 5000, required=None) -> forms.CharField:
    """`required`: the message when it is missing; None when it may be left out."""
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        error_messages={"required": required} if required else {},
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _date(label) -> DateField:
    return DateField(label=label, required=False, widget=DateInput, policy=dates.PAST)


class ActionForm(BootstrapMixin, Form):
    """The fields of one credit-list action; subclasses are made by `credit.actions.declare`."""

    action: str = ""
    label = ""
    help = ""

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, messages)


def note() -> forms.CharField:
    return _text(_("说明"), max_length=2000)


def text(label, *, rows: int = 2, max_length: int = 5000, required=None) -> forms.CharField:
    return _text(label, rows=rows, max_length=max_length, required=required)


def date(label, *, named) -> DateField:
    """A date that defaults to today when left out; `named` is the date's name in the message."""
    field = _date(label)
    field.error_messages["invalid"] = format_lazy(_("{name}应为日期（如 2026-09-30）"), name=named)
    return field


def flag(label) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


def choice(label, choices, *, required=None) -> forms.ChoiceField:
    """A choice among `choices`; `required`: the message when it is missing, None when it may
    be left out (an empty first option)."""
    field = forms.ChoiceField(
        label=label,
        required=required is not None,
        choices=choices if required is not None else [("", "—"), *choices],
    )
    if required:
        field.error_messages["required"] = required
    return field


def line(label, *, max_length: int = 200, required=None) -> forms.CharField:
    """One line of text (a body's name, a document number)."""
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        error_messages={"required": required} if required else {},
    )


class ProposeForm(BootstrapMixin, Form):
    facts = forms.CharField(
        label=_("失信行为事实（将向社会公开，不得含劳动者姓名、身份证号码、手机号码）"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = _text(_("说明"), max_length=2000)


class WatchForm(BootstrapMixin, Form):
    reason = _text(_("列入关注的理由（未达到关注标准时必填）"), max_length=2000)


class FilterForm(BootstrapMixin, Form):
    q = forms.CharField(
        label=_("单位名称、信用代码或案件编号"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("单位名称、信用代码或案件编号")}),
    )
    status = forms.ChoiceField(
        label=_("名单状态"), required=False, choices=[("", _("全部名单状态")), *STATUSES.items()]
    )
    state = forms.ChoiceField(
        label=_("办理状态"), required=False, choices=[("", _("全部办理状态")), *State.choices]
    )


class CreditSettingsForm(BootstrapMixin, ModelForm):
    """The watch-list criteria only: the list's time limits are fixed by Order 45 (arts. 6, 8,
    14) and shown on the page, never set."""

    class Meta:
        model = CreditSettings
        fields = [
            "watch_min_amount",
            "watch_min_workers",
            "watch_repeat_cases",
            "watch_repeat_months",
        ]

    def clean_watch_repeat_months(self) -> int:
        value = self.cleaned_data["watch_repeat_months"]
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("统计期间应在 1 至 60 个月之间"))
        return value
