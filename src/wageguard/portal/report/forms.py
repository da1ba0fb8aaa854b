"""The report in short steps: each step's form is `ReportForm` cut down to that step's fields, so
every field keeps the one form's checks and messages; the intake rules (`clues.validation`) run
on the step's values together with what the earlier steps saved, and only errors naming this
step's fields are shown here. The final submission validates the whole draft with `ReportForm`.

What a step adds is presentation: plain questions, a one-line reason for each field, and the
months owed typed as year and month in two small boxes instead of a month picker (which many
phones show as a calendar that is hard to use, and some not at all).
"""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wageguard.clues.rules import Sector
from wageguard.clues.services import attachments
from wageguard.clues.validation import clean_intake
from wageguard.core.forms import Form

from ..forms import ReportForm

# Stand-ins for another step's required text not typed yet, so the intake rules can run on one
# step's values (they stop at the first missing field). Never stored, never submitted.
_STAND_INS = {"employer_name": "-", "work_address": "-", "description": "-"}


@dataclass(frozen=True)
class Question:
    """What a field asks, in plain words, and in one line why it is asked."""

    label: str | Promise
    hint: str | Promise


QUESTIONS: dict[str, Question] = {
    "sector": Question(
        _("您在哪一类地方干活？"),
        _("工地上的欠薪有专门的处理办法，选对了能更快转到负责的部门。"),
    ),
    "amount_owed": Question(
        _("一共被拖欠多少钱（元）"),
        _("大概的数也可以。用于判断是否紧急，也是追讨的依据。不清楚可以不填。"),
    ),
    "period_start": Question(
        _("从哪个月开始被拖欠"),
        _("写年份和月份，例如 2026 年 5 月。用于核对欠薪时间。不记得可以不填。"),
    ),
    "period_end": Question(
        _("拖欠到哪个月"),
        _("还没发的最后一个月，例如 2026 年 8 月。不记得可以不填。"),
    ),
    "workers_owed": Question(
        _("一共有几个人被拖欠（包括您）"),
        _("人数多的会优先处理。只有您一个人就写 1，不清楚可以不填。"),
    ),
    "description": Question(
        _("请说一说具体情况"),
        _("写清楚什么时候开始干活、干了多久、谁拖欠、拖欠多少。办案人员据此核查。"),
    ),
    "attachments": Question(
        _("照片或文件（可不传）"),
        _(
            "工资条、欠条、考勤记录、合同或聊天记录的照片都能帮助核查。"
            "最多 5 个，每个不超过 10 MB，只给办案人员看，不会公开。"
        ),
    ),
    "work_address": Question(
        _("您在哪里干活"),
        _("写清楚区（县）、街道和门牌号或工地名称，用来确定由哪个人社局受理。"),
    ),
    "employer_name": Question(
        _("欠您工资的公司或老板"),
        _("写公司名称；不知道全称，可以写简称或老板的姓名。用于找到并通知对方。"),
    ),
    "project_name": Question(
        _("工地或项目的名字（可不填）"),
        _("例如“阳光花园二期”，工地门口的牌子上通常写着。用于找到具体是哪个工地。"),
    ),
    "employer_credit_code": Question(
        _("公司的营业执照编号（可不填）"),
        _("营业执照上 18 位的“统一社会信用代码”。用于准确认出是哪家公司，不知道就不填。"),
    ),
    "reporter_name": Question(_("您的姓名"), _("办案人员联系您、核对情况时使用。")),
    "phone": Question(
        _("您的手机号码"),
        _("查询码、查询密码和办理结果会用短信发到这个号码。"),
    ),
    "id_number": Question(
        _("您的身份证号码"),
        _("用于确认是您本人反映，追回的工资发给您本人。不会公开。"),
    ),
    "disclose_identity": Question(
        _("可以告诉用人单位是我反映的"),
        _("不勾选时，办理中不会向用人单位透露您的姓名。"),
    ),
}

SECTOR_CHOICES = [
    (Sector.CONSTRUCTION, _("工地（盖房、装修、修路、水电安装等）")),
    (Sector.OTHER, _("其他地方（工厂、饭店、商店、公司等）")),
]

_YEAR = re.compile(r"[0-9]{4}")
_MONTH = re.compile(r"[0-9]{1,2}")


def _number_box(label, max_length: int, size_class: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(
            attrs={
                "class": f"form-control {size_class}",
                "inputmode": "numeric",
                "maxlength": str(max_length),
                "autocomplete": "off",
            }
        ),
    )


class StepForm(ReportForm):
    """One step: `ReportForm` with only `fields_here`, checked against the saved draft."""

    fields_here: tuple[str, ...] = ()
    # The intake rules' field name -> the input of this step that shows its error.
    error_targets: dict[str, str] = {}

    def __init__(self, *args, saved: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.saved = saved or {}
        for name in list(self.fields):
            if name not in self.fields_here:
                del self.fields[name]
        for name, field in self.fields.items():
            question = QUESTIONS.get(name)
            if question is not None:
                field.question = question
            field.widget.attrs["aria-describedby"] = f"hint-{name}"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-describedby"] = f"hint-{name} error-{name}"
                attrs["aria-invalid"] = "true"

    def values(self) -> dict[str, str]:
        """What this step saves in the draft: the text as typed (cleaned), by field name."""
        values = {}
        for name in self.fields_here:
            value = self.cleaned_data.get(name)
            if isinstance(value, bool):
                values[name] = "on" if value else ""
            elif name != "attachments":
                values[name] = "" if value is None else str(value)
        return values

    def clean(self) -> dict:
        data = Form.clean(self)
        if self.errors:
            return data
        raw = dict(_STAND_INS)
        raw.update({k: v for k, v in self.saved.items() if v})
        raw.update(self.values())
        raw.pop("attachments", None)
        try:
            clean_intake(raw, public=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                target = self.error_targets.get(name, name)
                if target in self.fields:
                    self.add_error(target, messages)
        return data


class WhatForm(StepForm):
    """发生了什么: the kind of work, how much and since when, how many, the story, the photos."""

    fields_here = (
        "sector",
        "amount_owed",
        "period_start_year",
        "period_start_month",
        "period_end_year",
        "period_end_month",
        "workers_owed",
        "description",
        "attachments",
    )
    error_targets = {"period_start": "period_start_year", "period_end": "period_end_year"}

    period_start_year = _number_box(_("年"), 4, "wg-year")
    period_start_month = _number_box(_("月"), 2, "wg-month")
    period_end_year = _number_box(_("年"), 4, "wg-year")
    period_end_month = _number_box(_("月"), 2, "wg-month")

    def __init__(self, *args, kept: list | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kept = kept or []  # the photos added earlier, still held for this report
        self.fields["sector"].choices = SECTOR_CHOICES
        self.fields["amount_owed"].widget.attrs["class"] += " wg-amount"
        self.fields["workers_owed"].widget.attrs["class"] += " wg-count"
        self.fields["attachments"].widget.attrs["accept"] = "image/*,application/pdf"

    def clean_attachments(self) -> list[UploadedFile]:
        """The new files, checked together with those kept (the limit counts them all)."""
        new = self.cleaned_data.get("attachments") or []
        try:
            attachments.validate_all([*self.kept, *new])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["attachments"]) from None
        return new

    def _month(self, prefix: str) -> str:
        year = (self.cleaned_data.get(f"{prefix}_year") or "").strip()
        month = (self.cleaned_data.get(f"{prefix}_month") or "").strip()
        if not year and not month:
            return ""
        if not _YEAR.fullmatch(year):
            self.add_error(f"{prefix}_year", _("请填写 4 位数的年份，例如 2026"))
            return ""
        if not _MONTH.fullmatch(month) or not 1 <= int(month) <= 12:
            self.add_error(f"{prefix}_month", _("请填写 1 到 12 之间的月份，例如 5"))
            return ""
        return f"{year}-{int(month):02d}"

    def clean(self) -> dict:
        self.months = {name: self._month(name) for name in ("period_start", "period_end")}
        return super().clean()

    def values(self) -> dict[str, str]:
        values = super().values()
        values.update(getattr(self, "months", {}))
        return values


class WhereForm(StepForm):
    """在哪里: the place (which decides the bureau) and who owes the wages."""

    fields_here = ("work_address", "employer_name", "project_name", "employer_credit_code")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["work_address"].widget.attrs["placeholder"] = _(
            "例如：成都市武侯区人民南路四段 12 号工地"
        )
        self.fields["employer_credit_code"].widget.attrs.update(
            {"maxlength": "18", "autocapitalize": "characters", "autocomplete": "off"}
        )


class WhoForm(StepForm):
    """您是谁: how the bureau reaches the worker and knows it is them."""

    fields_here = ("reporter_name", "phone", "id_number", "disclose_identity")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disclose_identity"].widget.attrs["class"] = "form-check-input"
        if not self.fields["id_number"].required:
            self.fields["id_number"].question = Question(
                _("您的身份证号码（可不填）"),
                _("填写后能更快确认是您本人反映，追回的工资发给您本人。不会公开。"),
            )
