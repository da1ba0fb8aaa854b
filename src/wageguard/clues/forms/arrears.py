"""A worker line of arrears and the amount recovered for it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import BootstrapMixin

from ..rules import (
    RecoveryMethod,
)


class ArrearsLineForm(BootstrapMixin, Form):
    worker_name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    amount_owed = forms.DecimalField(
        label=_("欠薪金额（元）"), max_digits=14, decimal_places=2, min_value=0
    )


class RecoveryForm(BootstrapMixin, Form):
    amount_recovered = forms.DecimalField(
        label=_("已追回金额（元）"), max_digits=14, decimal_places=2, min_value=0
    )
    recovered_on = DateField(label=_("追回日期"), widget=DateInput, policy=dates.PAST)
    method = forms.ChoiceField(label=_("追回方式"), choices=RecoveryMethod.choices)
