"""Staff entry of a clue from the other channels: the form only collects text; `clean_intake`
and `services.intake` decide, exactly as for the API."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _l

from wageguard.core import dates
from wageguard.core.forms import DateTimeField, DateTimeInput, Form
from wageguard.org.forms import BootstrapMixin

from ..rules import Channel, Sector
from ..validation import clean_received_at


class StaffIntakeForm(BootstrapMixin, Form):
    channel = forms.ChoiceField(
        label=_l("来源渠道"), choices=Channel.choices, initial=Channel.HOTLINE_12333
    )
    received_at = DateTimeField(
        label=_l("首次接收时间"),
        required=False,
        widget=DateTimeInput,
        help_text=_l("他处先接收的线索填写原始接收时间，受理期限从该时间起算；留空为现在。"),
        policy=dates.PAST,
    )
    external_id = forms.CharField(label=_l("外部编号"), required=False, max_length=64)
    reporter_name = forms.CharField(label=_l("反映人姓名"), required=False, max_length=50)
    id_number = forms.CharField(label=_l("身份证号码"), required=False, max_length=30)
    phone = forms.CharField(label=_l("手机号码"), required=False, max_length=20)
    disclose_identity = forms.BooleanField(label=_l("反映人同意向用人单位披露身份"), required=False)
    sector = forms.ChoiceField(label=_l("行业领域"), choices=Sector.choices)
    employer_name = forms.CharField(label=_l("用人单位"), max_length=200)
    employer_credit_code = forms.CharField(
        label=_l("统一社会信用代码"), required=False, max_length=30
    )
    project_name = forms.CharField(label=_l("项目名称"), required=False, max_length=200)
    work_address = forms.CharField(label=_l("工作地址"), max_length=300)
    period_start = forms.CharField(label=_l("欠薪起始（YYYY-MM）"), required=False, max_length=10)
    period_end = forms.CharField(label=_l("欠薪截止（YYYY-MM）"), required=False, max_length=10)
    amount_owed = forms.CharField(label=_l("欠薪金额（元）"), required=False, max_length=20)
    workers_owed = forms.CharField(label=_l("涉及人数"), required=False, max_length=7)
    description = forms.CharField(
        label=_l("情况描述"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def clean_received_at(self) -> dt.datetime | None:
        try:
            return clean_received_at(self.cleaned_data.get("received_at"))
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["received_at"]) from None
