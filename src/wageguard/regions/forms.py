"""The address-routing test form on the region browser."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import Form


class RouteForm(Form):
    address = forms.CharField(
        label=_("地址"),
        max_length=500,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "placeholder": _("例如：四川省成都市武侯区人民南路四段1号"),
            }
        ),
    )
    province = forms.RegexField(
        label=_("优先省份代码"),
        regex=r"^\d{2}$",
        required=False,
        max_length=2,
        help_text=_("两位数字，只在同名区县间取舍时参考；留空为本系统所在省份。"),
        error_messages={"invalid": _("请输入两位数字的省级代码，例如 51。")},
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
