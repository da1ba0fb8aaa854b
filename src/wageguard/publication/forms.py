"""Forms of the staff pages; the services check everything again and redact on save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import Form, ModelForm
from wageguard.org.forms import BootstrapMixin

from .models import PublicationItem, PublicationSettings
from .rules import Kind, PeriodKind, allowed_period_kinds

_TEXT = {"class": "form-control form-control-sm"}


class BatchForm(Form):
    period_kind = forms.ChoiceField(label=_("公布周期"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    part = forms.TypedChoiceField(
        label=_("季度 / 半年"),
        coerce=int,
        required=False,
        choices=[
            ("", "—"),
            (1, _("第1季度 / 上半年")),
            (2, _("第2季度 / 下半年")),
            (3, _("第3季度")),
            (4, _("第4季度")),
        ],
    )

    def __init__(self, *args, level: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_kind"].choices = [
            (k, PeriodKind(k).label) for k in allowed_period_kinds(level)
        ]
        self.fields["year"].initial = timezone.localdate().year
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["year"].widget.attrs["class"] = "form-control form-control-sm"


class AddItemForm(Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("违法行为类别"),
        required=False,
        choices=[("", _("按规则认定")), *Kind.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class ItemForm(ModelForm):
    """The published text of one item (the fields Order 29 publishes)."""

    class Meta:
        model = PublicationItem
        fields = PublicationItem.EDITABLE_FIELDS
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "unit_name": forms.TextInput(attrs=_TEXT),
            "credit_code": forms.TextInput(attrs=_TEXT),
            "address": forms.TextInput(attrs=_TEXT),
            "legal_representative": forms.TextInput(attrs=_TEXT),
            "facts": forms.Textarea(attrs={**_TEXT, "rows": 4}),
            "handling": forms.Textarea(attrs={**_TEXT, "rows": 3}),
        }


class NoteForm(Form):
    note = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )


class PublicationSettingsForm(BootstrapMixin, ModelForm):
    class Meta:
        model = PublicationSettings
        fields = ["publish_within_workdays", "due_soon_workdays"]

    def clean_publish_within_workdays(self) -> int:
        value = self.cleaned_data["publish_within_workdays"]
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("应在 1 至 60 个工作日之间"))
        return value

    def clean_due_soon_workdays(self) -> int:
        value = self.cleaned_data["due_soon_workdays"]
        if not 0 <= value <= 30:
            raise forms.ValidationError(_("应在 0 至 30 个工作日之间"))
        return value
