"""Sweep forms: launching a sweep, adding targets, forming a team, assigning, drawing at random,
and the phone's visit form (field names are the service's keyword names, the checklist one radio
group per core system)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import BootstrapMixin
from wageguard.org.models import User

from ..rules import Sector
from . import rules
from .models import SweepTeam
from .rules import Check


def _regions(regions) -> list[tuple[str, str]]:
    return [(r.code, f"{r.code} {r.name}") for r in regions]


class SweepForm(BootstrapMixin, Form):
    name = forms.CharField(label=_("排查名称"), max_length=200)
    region = forms.ChoiceField(label=_("排查范围"))
    start_date = DateField(label=_("开始日期"), widget=DateInput, policy=dates.SCHEDULE)
    end_date = DateField(label=_("结束日期"), widget=DateInput, policy=dates.SCHEDULE)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _regions(regions)


class ProjectTargetsForm(BootstrapMixin, Form):
    region = forms.ChoiceField(label=_("区域"), help_text=_("列入该区域全部在建工程项目"))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _regions(regions)


class EmployerTargetsForm(BootstrapMixin, Form):
    SOURCES = [("cases", _("本区域案件涉及的用人单位")), ("list", _("按名单填写"))]

    sector = forms.ChoiceField(label=_("行业"), choices=Sector.choices)
    region = forms.ChoiceField(label=_("区域"))
    source = forms.ChoiceField(label=_("来源"), choices=SOURCES, widget=forms.RadioSelect)
    names = forms.CharField(
        label=_("用人单位名单"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个：单位名称，可在逗号后附统一社会信用代码；按名单填写时区域须为县级"),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _regions(regions)

    def clean(self):
        data = super().clean()
        if data.get("source") == "list" and not (data.get("names") or "").strip():
            self.add_error("names", _("请至少填写一个用人单位"))
        return data

    def rows(self) -> list[tuple[str, str]]:
        out = []
        for line in (self.cleaned_data.get("names") or "").splitlines():
            name, _sep, code = line.replace("，", ",").partition(",")
            if name.strip():
                out.append((name.strip()[:200], code.strip()))
        return out


class TeamForm(BootstrapMixin, Form):
    name = forms.CharField(label=_("检查组名称"), max_length=100)
    region = forms.ChoiceField(label=_("负责区域"))
    members = forms.ModelMultipleChoiceField(
        label=_("组员"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("至少 2 名监察员"),
    )

    def __init__(self, *args, regions, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _regions(regions)
        self.fields["members"].queryset = inspectors
        self.fields["members"].label_from_instance = lambda u: (
            f"{u.display_name}（{u.agency.name if u.agency_id else ''}）"
        )


class AssignForm(BootstrapMixin, Form):
    team = forms.ModelChoiceField(label=_("检查组"), queryset=SweepTeam.objects.none())
    limit = forms.IntegerField(
        label=_("分配数量"),
        min_value=1,
        max_value=100000,
        help_text=_("按区域、名称顺序分配检查组负责区域内尚未分配的对象"),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class DrawForm(BootstrapMixin, Form):
    region = forms.ChoiceField(label=_("抽取区域"), help_text=_("从该区域人社部门监察人员中抽取"))
    n_targets = forms.IntegerField(label=_("抽取对象数"), min_value=1, max_value=rules.MAX_DRAW)
    n_inspectors = forms.IntegerField(
        label=_("抽取检查人员数"), min_value=rules.MIN_TEAM, max_value=rules.MAX_DRAW
    )
    seed = forms.IntegerField(
        label=_("随机种子"),
        required=False,
        min_value=0,
        max_value=2**62,
        help_text=_("留空由系统生成；记录在抽取日志中，可复核"),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _regions(regions)


YES_NO = [("yes", _("是")), ("no", _("否"))]


class VisitForm(Form):
    """The phone's form: one radio group per core system (its label from projects.rules.System),
    wages paid monthly, arrears found, photos and remarks. `client_key` is minted when the form
    is shown, so submitting it twice (a retry on a weak signal) records one visit."""

    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    wages_monthly = forms.ChoiceField(
        label=_("是否按月足额支付工资"), choices=YES_NO, widget=forms.RadioSelect
    )
    arrears_workers = forms.IntegerField(
        label=_("欠薪人数"),
        min_value=0,
        max_value=100000,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    arrears_amount = forms.DecimalField(
        label=_("欠薪金额（元）"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    remarks = forms.CharField(
        label=_("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, employer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for code in rules.SYSTEMS:
            self.fields[f"sys_{code}"] = forms.ChoiceField(
                label=rules.system_label(code),
                choices=Check.choices,
                widget=forms.RadioSelect,
                required=not employer,
                initial=Check.NA if employer else None,
            )
        if not self.is_bound:
            self.initial["client_key"] = uuid.uuid4().hex

    def system_fields(self):
        return [self[f"sys_{code}"] for code in rules.SYSTEMS]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "client_key": data["client_key"],
            "systems": {code: data.get(f"sys_{code}") or "" for code in rules.SYSTEMS},
            "wages_monthly": data["wages_monthly"] == "yes",
            "arrears_workers": data["arrears_workers"],
            "arrears_amount": data["arrears_amount"],
            "remarks": data.get("remarks") or "",
        }


class ArrearsForm(Form):
    outcome = forms.ChoiceField(
        choices=[("clue", _("转为线索")), ("case", _("立案"))], widget=forms.HiddenInput
    )
