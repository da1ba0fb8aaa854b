"""The item form, the list filters and one small form per action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateTimeField, DateTimeInput, Form
from wageguard.regions.models import Level, Region

from .rules import OpinionRisk, OpinionState, Source

HTTP_URL = URLValidator(
    schemes=["http", "https"], message=_("请填写以 http:// 或 https:// 开头的链接")
)


# A bound the database column holds on every backend; no item concerns more people.
MAX_WORKERS = 100_000


def _counties(user: Any):
    qs = Region.objects.filter(level=Level.COUNTY).order_by("code")
    ids = user.jurisdiction_region_ids()
    return qs if ids is None else qs.filter(code__in=ids)


class OpinionForm(Form):
    source = forms.ChoiceField(label=_("来源渠道"), choices=Source.choices)
    source_url = forms.CharField(label=_("原文链接"), max_length=500, validators=[HTTP_URL])
    title = forms.CharField(label=_("标题"), max_length=200)
    summary = forms.CharField(label=_("内容摘要"), widget=forms.Textarea(attrs={"rows": 3}))
    seen_at = DateTimeField(
        label=_("发现时间"),
        widget=DateTimeInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        policy=dates.PAST,
    )
    region = forms.ModelChoiceField(
        label=_("所在区县"), queryset=Region.objects.none(), required=False
    )
    address = forms.CharField(
        label=_("涉及地点"),
        max_length=200,
        required=False,
        help_text=_("未选区县时按地址自动分派，与线索相同"),
    )
    workers = forms.IntegerField(
        label=_("涉及人数"), min_value=1, max_value=MAX_WORKERS, required=False
    )
    risk = forms.ChoiceField(
        label=_("风险等级"),
        choices=OpinionRisk.choices,
        help_text=_("含“跳楼”“聚集”等风险词的，按线索紧急规则自动定为极端事件风险并立即上报"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _counties(user)


class FilterForm(Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *OpinionState.choices], required=False
    )
    risk = forms.ChoiceField(
        label=_("风险等级"), choices=[("", _("全部")), *OpinionRisk.choices], required=False
    )
    overdue = forms.BooleanField(label=_("仅看超时"), required=False)
    region = forms.CharField(label=_("区划代码"), max_length=12, required=False)


class NoteForm(Form):
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RespondForm(Form):
    create_clue = forms.BooleanField(label=_("据此登记新线索"), required=False)
    employer_name = forms.CharField(label=_("被反映单位名称"), max_length=200, required=False)
    clue_code = forms.CharField(label=_("或：已有线索查询码"), max_length=12, required=False)
    case_number = forms.CharField(label=_("已有案件编号"), max_length=40, required=False)
    note = forms.CharField(
        label=_("处置情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PublishForm(Form):
    response_text = forms.CharField(
        label=_("发布的回应"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    response_url = forms.CharField(
        label=_("发布链接"), max_length=500, required=False, validators=[HTTP_URL]
    )


class RiskForm(Form):
    risk = forms.ChoiceField(label=_("调整为"), choices=OpinionRisk.choices)
    note = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
