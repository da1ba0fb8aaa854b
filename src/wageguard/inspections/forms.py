"""Record-a-check form; its choices narrowed to the jurisdiction."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateTimeField, DateTimeInput, ModelForm
from wageguard.org.forms import BootstrapMixin
from wageguard.org.models import User

from . import rules
from .models import ChannelCheck
from .services import checkable_agencies

_YES_NO = [("", "—"), ("1", _("是")), ("0", _("否"))]


def _yes_no(value):
    return {"1": True, "0": False}.get(value)


class CheckForm(BootstrapMixin, ModelForm):
    answered = forms.TypedChoiceField(
        label=_("是否接通/有人受理"), choices=_YES_NO[1:], coerce=_yes_no, required=True
    )
    handled_correctly = forms.TypedChoiceField(
        label=_("是否处理正确"),
        choices=_YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=False,
        help_text=_("接通后是否按规定受理、登记、答复；未接通时留空"),
    )
    performed_at = DateTimeField(
        label=_("检查时间"),
        widget=DateTimeInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        policy=dates.PAST,
    )

    class Meta:
        model = ChannelCheck
        fields = [
            "agency",
            "kind",
            "channel",
            "performed_at",
            "contact",
            "answered",
            "handled_correctly",
            "response_seconds",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = checkable_agencies(actor)
        self.fields["agency"].label_from_instance = lambda a: f"{a.region_id} {a.name}"
        self.fields["contact"].help_text = _(
            "电话测试填拨打的号码；暗访填窗口地址；网络测试填网址或邮箱"
        )
        if not self.is_bound:
            self.initial.setdefault(
                "performed_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean(self):
        data = super().clean()
        kind, channel = data.get("kind"), data.get("channel")
        if kind and channel and channel not in rules.ALLOWED_CHANNELS[kind]:
            self.add_error("channel", _("该检查方式不适用于所选渠道"))
        return data

    def _post_clean(self):
        # The service validates and saves; the model's derived fields are not the form's job.
        pass
