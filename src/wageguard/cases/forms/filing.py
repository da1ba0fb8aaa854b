"""Filing a case directly (立案), with worker lines pasted from a spreadsheet."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import Form
from wageguard.org.forms import BootstrapMixin
from wageguard.regions.models import Region

from ..extensions import FILING_SOURCES
from ..services import clean_worker
from .fields import text_field

WORKER_FIELDS = ("worker_name", "id_number", "amount_owed", "months_unpaid")
WORKER_LABELS = {
    "worker_name": _("姓名"),
    "id_number": _("身份证号"),
    "amount_owed": _("金额"),
    "amount_recovered": _("已追回金额"),
    "months_unpaid": _("月数"),
    "method": _("追回方式"),
}
_SPLIT = re.compile(r"[,，\t;；]")


def _typed(cells: dict[str, str]) -> dict:
    """A pasted line's cells typed as the service takes them (amount `Decimal`, months `int`);
    the service then checks the values."""
    typed: dict = dict(cells)
    amount = cells.get("amount_owed", "")
    try:
        typed["amount_owed"] = Decimal(amount) if amount else None
    except InvalidOperation:
        message = _("%(label)s应为金额") % {"label": _("欠薪金额")}
        raise ValidationError({"amount_owed": message}) from None
    months = cells.get("months_unpaid", "")
    try:
        typed["months_unpaid"] = int(months) if months else None
    except ValueError:
        raise ValidationError({"months_unpaid": _("欠薪月数应为整数")}) from None
    return typed


def parse_workers(text: str) -> list[dict]:
    """Worker lines typed or pasted from a spreadsheet as "姓名,身份证号,金额,月数", one per line
    (commas, Chinese commas or tabs). Each line is checked by the service's own rule, and an
    error names the line and the column, so a 40-line paste is fixed where it is wrong."""
    workers, errors = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in _SPLIT.split(line)]
        while cells and not cells[-1]:
            cells.pop()  # a spreadsheet's trailing empty cells
        if len(cells) > len(WORKER_FIELDS):
            errors.append(_("第 %(n)d 行：多于 4 栏（姓名,身份证号,金额,月数）") % {"n": number})
            continue
        raw = dict(zip(WORKER_FIELDS, cells, strict=False))
        try:
            workers.append(clean_worker(_typed(raw)))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                label = WORKER_LABELS.get(field, field)
                errors += [f"第 {number} 行 · {label}：{m}" for m in messages]
    if errors:
        raise ValidationError(errors)
    return workers


class NewCaseForm(BootstrapMixin, Form):
    """立案 directly (an inspection finding or another source); `services.file_case` checks."""

    region = forms.ChoiceField(label=_("辖区"))
    source = forms.ChoiceField(
        label=_("案件来源"),
        choices=[("inspection", _("检查发现")), ("other", _("其他来源"))],
    )
    employer_name = forms.CharField(label=_("用人单位"), max_length=200, required=False)
    employer_credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, required=False
    )
    project_name = forms.CharField(label=_("项目名称"), max_length=200, required=False)
    project_code = forms.CharField(
        label=_("项目编码"),
        max_length=40,
        required=False,
        help_text=_("本辖区登记的工程项目的编码；填写后案件关联该项目"),
    )
    work_address = forms.CharField(label=_("工作地址"), max_length=300, required=False)
    facts = text_field(_("案情摘要"), rows=4)
    workers = forms.CharField(
        label=_("欠薪劳动者"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "张三,510107199001011234,12000,4"}),
        help_text=_(
            "每行一人：姓名,身份证号,欠薪金额,欠薪月数（身份证号和月数可空）；"
            "可直接从表格复制粘贴。"
        ),
    )

    def __init__(self, *args, regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        for source in FILING_SOURCES.names():
            # What the case is filed from (e.g. ?ledger_item=<id>), carried through the POST.
            self.fields[source] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["region"].choices = [(r.code, f"{r.code} {r.name}") for r in regions]

    def clean_workers(self) -> list[dict]:
        return parse_workers(self.cleaned_data.get("workers") or "")
