"""Forms of the typical-case pages; the services check everything again (the personal-data
check included) and name the field in their refusals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form, ModelForm

from .models import TypicalCase

_TEXT = {"class": "form-control form-control-sm"}
_HELP = _("将向社会公开：不得包含劳动者等个人姓名、身份证号码、手机号码、银行卡号")


class TypicalForm(ModelForm):
    class Meta:
        model = TypicalCase
        fields = TypicalCase.EDITABLE_FIELDS
        widgets = {
            "title": forms.TextInput(attrs=_TEXT),
            "summary": forms.Textarea(attrs={**_TEXT, "rows": 6}),
            "lessons": forms.Textarea(attrs={**_TEXT, "rows": 4}),
        }
        help_texts = {"summary": _HELP}


class NewTypicalForm(TypicalForm):
    """A new typical case: the source case (a decided case of the user's bureau) and its text."""

    case = forms.TypedChoiceField(
        label=_("来源案件"),
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, cases: list = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [
            (c.pk, f"{c.number} {c.employer_name}（{c.get_state_display()}）") for c in cases
        ]
        self.order_fields(["case", *TypicalCase.EDITABLE_FIELDS])


class TransitionForm(Form):
    note = forms.CharField(
        label=_("撤回理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )
    published_on = DateField(
        label=_("发布日期"),
        required=False,
        policy=dates.PAST,
        widget=DateInput(attrs=_TEXT),
    )
