"""A worker line of arrears and the amount recovered for it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import DateInput
from wageguard.org.forms import BootstrapMixin

from ..rules import (
    RecoveryMethod,
)


class ArrearsLineForm(BootstrapMixin, forms.Form):
    worker_name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    amount_owed = forms.DecimalField(
        label=_("欠薪金额（元）"), max_digits=14, decimal_places=2, min_value=0
    )


class RecoveryForm(BootstrapMixin, forms.Form):
    amount_recovered = forms.DecimalField(
        label=_("已追回金额（元）"), max_digits=14, decimal_places=2, min_value=0
    )
    recovered_on = forms.DateField(label=_("追回日期"), widget=DateInput)
    method = forms.ChoiceField(label=_("追回方式"), choices=RecoveryMethod.choices)
