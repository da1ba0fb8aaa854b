"""Forms of the tracking pages. Everything is posted, so no code, secret or number lands in a URL
or an access log."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wageguard.clues.services.rating import SATISFACTION
from wageguard.core.forms import Form
from wageguard.parties.rules import validate_credit_code, validate_mobile

from ..forms import MarksErrors, _required, _text


class TrackForm(MarksErrors, Form):
    """查询: tracking code and secret, always posted so neither lands in a URL or a log."""

    tracking_code = _text(_("查询码"), 20, autocomplete="off", autocapitalize="characters")
    secret = forms.CharField(
        label=_("查询密码"),
        max_length=20,
        error_messages=_required(_("查询密码")),
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )


class PhoneForm(MarksErrors, Form):
    """手机号查询, step 1: the number the clue was reported with."""

    phone = _text(_("手机号码"), 20, inputmode="tel", autocomplete="tel")

    def clean_phone(self) -> str:
        try:
            return validate_mobile(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None


class CodeForm(MarksErrors, Form):
    """手机号查询, step 2: the 6-digit code texted to that number."""

    code = _text(
        _("短信验证码"),
        10,
        inputmode="numeric",
        autocomplete="one-time-code",
        maxlength="6",
    )


class RatingForm(MarksErrors, Form):
    """评价: the worker's judgement of the reply in words; "not resolved" asks the bureau to act
    again."""

    score = forms.TypedChoiceField(
        label=_("您对本次办理是否满意"),
        coerce=int,
        choices=list(SATISFACTION.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意程度"), "invalid_choice": _("请选择满意程度")},
    )
    resolved = forms.TypedChoiceField(
        label=_("问题是否已解决"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("已解决")), ("no", _("未解决"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择问题是否已解决"), "invalid_choice": _("请选择")},
    )
    comment = forms.CharField(
        label=_("意见（可不填）"),
        max_length=500,
        required=False,
        error_messages={"max_length": _("意见不能超过 500 个字")},
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class SupplementForm(MarksErrors, Form):
    """补正: what the bureau asked the complainant to supply (Order 25 art. 18)."""

    detail = forms.CharField(
        label=_("补正内容"),
        max_length=2000,
        error_messages={
            **_required(_("补正内容")),
            "max_length": _("补正内容不能超过 2000 个字"),
        },
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )
    employer_name = _text(_("用人单位名称（可不填）"), 200, required=False)
    employer_credit_code = _text(_("统一社会信用代码（可不填）"), 30, required=False)

    def clean_employer_credit_code(self) -> str:
        value = self.cleaned_data["employer_credit_code"]
        try:
            return validate_credit_code(value) if value else value
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
