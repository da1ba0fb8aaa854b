"""The province's clue limits and urgency rules."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core import legal
from wageguard.core.forms import Form, ModelForm
from wageguard.org.forms import BootstrapMixin

from ..models import ClueSettings

FIELDS = [
    "accept_days",
    "reply_days",
    "supervision_days",
    "reopen_days",
    "due_soon_days",
    "duplicate_window_days",
    "urgent_workers",
    "urgent_amount",
    "urgent_keywords",
    "festival_window_days",
    "public_id_required",
]


class ClueSettingsForm(BootstrapMixin, ModelForm):
    class Meta:
        model = ClueSettings
        fields = FIELDS
        widgets = {"urgent_keywords": forms.Textarea(attrs={"rows": 2})}

    def clean_accept_days(self) -> int:
        value = self.cleaned_data["accept_days"]
        if not 1 <= value <= 5:
            # Order 25 art. 18: decided within 5 working days; a province may be faster.
            raise forms.ValidationError(
                _("受理时限须在 1 至 5 个工作日之间（法定上限 5 个工作日，%(basis)s）")
                % {"basis": legal.cite("O25.18")}
            )
        return value

    def clean_reply_days(self) -> int:
        value = self.cleaned_data["reply_days"]
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("核查答复时限须在 1 至 60 个工作日之间"))
        return value


class ReplyTemplateForm(BootstrapMixin, Form):
    """A new 答复常用语: its name (what the reply form lists) and its text."""

    title = forms.CharField(label=_l("名称"), max_length=40)
    text = forms.CharField(
        label=_l("内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
