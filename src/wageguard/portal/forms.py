"""Forms of the public pages. They only shape the input for a phone and collect every error at
once; the rules themselves stay in `clues.validation.clean_intake` (the same for every channel) and
in `parties.rules`, whose validators the field checks below call so messages are identical."""

import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wageguard.clues.models import ClueSettings
from wageguard.clues.rules import Sector
from wageguard.clues.services import attachments
from wageguard.clues.validation import IntakeData, clean_intake
from wageguard.core.forms import Form
from wageguard.parties.rules import validate_credit_code, validate_id_number, validate_mobile


def _required(label) -> dict:
    return {"required": format_lazy(_("请填写{}"), label)}


def _text(label, max_length: int, required: bool = True, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            **_required(label),
            "max_length": format_lazy(_("{}不能超过 {} 个字"), label, max_length),
        },
        widget=forms.TextInput(attrs={"class": "form-control", **attrs}),
    )


class MarksErrors:
    """Adds Bootstrap's `is-invalid` to each field with an error, so the red border sits on it."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                attrs = self.fields[name].widget.attrs  # type: ignore[attr-defined]
                attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by content."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"class": "form-control", "accept": "image/jpeg,image/png,application/pdf"}
            ),
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [f for f in (single(item, initial) for item in items if item) if f]


class ReportForm(MarksErrors, Form):
    """反映欠薪: what a worker fills in on a phone; field names are those of the public API."""

    reporter_name = _text(_("姓名"), 50, autocomplete="name")
    id_number = _text(_("身份证号码"), 30, autocomplete="off", maxlength="18")
    phone = _text(_("手机号码"), 20, inputmode="tel", autocomplete="tel")
    sector = forms.ChoiceField(
        label=_("行业领域"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择行业领域"), "invalid_choice": _("请选择行业领域")},
    )
    employer_name = _text(_("用人单位名称"), 200)
    employer_credit_code = _text(_("统一社会信用代码（可不填）"), 30, required=False)
    project_name = _text(_("项目名称（可不填）"), 200, required=False)
    work_address = _text(_("工作地点"), 300)
    period_start = _text(_("欠薪起始月份"), 10, required=False, type="month", placeholder="2026-05")
    period_end = _text(_("欠薪截止月份"), 10, required=False, type="month", placeholder="2026-08")
    amount_owed = _text(_("欠薪金额（元）"), 20, required=False, inputmode="decimal")
    workers_owed = _text(_("涉及人数"), 6, required=False, inputmode="numeric")
    description = forms.CharField(
        label=_("情况描述"),
        max_length=5000,
        error_messages={
            **_required(_("情况描述")),
            "max_length": _("情况描述不能超过 5000 个字"),
        },
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )
    attachments = MultipleFileField(label=_("附件（照片或 PDF，可不传）"))
    disclose_identity = forms.BooleanField(label=_("允许向用人单位披露我的身份"), required=False)
    # One random value per blank form: a second tap on a weak signal is recognised, not re-stored.
    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("nonce", secrets.token_urlsafe(16))
        # Whether the ID number is asked of the public is the province's choice (clue settings).
        self.fields["id_number"].required = ClueSettings.for_province().public_id_required
        self.intake_data: IntakeData | None = None

    @staticmethod
    def _check(validator, value: str) -> str:
        try:
            return validator(value) if value else value
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_id_number(self) -> str:
        return self._check(validate_id_number, self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        return self._check(validate_mobile, self.cleaned_data["phone"])

    def clean_employer_credit_code(self) -> str:
        return self._check(validate_credit_code, self.cleaned_data["employer_credit_code"])

    def clean_attachments(self) -> list[UploadedFile]:
        files = self.cleaned_data.get("attachments") or []
        try:
            attachments.validate_all(files)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["attachments"]) from None
        return files

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data  # clean_intake names one field at a time; show the form's own first
        raw = {k: v for k, v in data.items() if k not in {"attachments", "nonce"}}
        try:
            self.intake_data = clean_intake(
                raw, public=True, id_required=self.fields["id_number"].required
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return data
