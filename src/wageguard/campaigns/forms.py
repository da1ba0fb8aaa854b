"""Campaign forms (the campaign, its target and milestone rows) and the ledger's action forms;
every action form's field names are the service's keyword names (DESIGN "Actions")."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import BootstrapMixin
from wageguard.org.models import User

from .models import Campaign
from .rules import CampaignKind, Metric, Sector, Source
from .services import MAX_NOTE, REGISTERED_SOURCES, jurisdiction_regions, registrable_agencies


class CampaignForm(BootstrapMixin, Form):
    name = forms.CharField(label=_("行动名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=CampaignKind.choices)
    region = forms.ChoiceField(label=_("行政区划"))
    parent = forms.ModelChoiceField(
        label=_("上级专项行动"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=_("县级、市级自行开展的行动可归入省级行动"),
    )
    start_date = DateField(label=_("开始日期"), widget=DateInput, policy=dates.SCHEDULE)
    end_date = DateField(label=_("结束日期"), widget=DateInput, policy=dates.SCHEDULE)
    sectors = forms.MultipleChoiceField(
        label=_("重点行业"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示全部行业"),
    )
    description = forms.CharField(
        label=_("行动说明"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            (r.code, f"{r.code} {r.name}") for r in jurisdiction_regions(actor)
        ]
        self.fields["parent"].queryset = Campaign.objects.restrict(actor, "view").select_related(
            "region"
        )


class TargetForm(BootstrapMixin, Form):
    label = forms.CharField(label=_("目标"), max_length=200)
    metric = forms.ChoiceField(label=_("指标"), choices=Metric.choices)
    value = forms.DecimalField(label=_("目标值"), max_digits=12, decimal_places=2, min_value=0)
    due_date = DateField(label=_("完成时限"), widget=DateInput, policy=dates.SCHEDULE)


class MilestoneForm(BootstrapMixin, Form):
    label = forms.CharField(label=_("节点"), max_length=200)
    date = DateField(label=_("日期"), widget=DateInput, policy=dates.SCHEDULE)


TargetFormSet = forms.formset_factory(TargetForm, extra=3, max_num=20)
MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=4, max_num=20)


class NoteForm(BootstrapMixin, Form):
    note = forms.CharField(
        label=_("说明"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class RectifyForm(NoteForm):
    file = forms.FileField(
        label=_("整改佐证"),
        required=False,
        help_text=_("JPEG、PNG 图片或 PDF，不超过 10 MB；核验销号须有佐证材料"),
    )


class EvidenceForm(BootstrapMixin, Form):
    file = forms.FileField(label=_("照片或文件"), help_text=_("JPEG、PNG 图片或 PDF，不超过 10 MB"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class LedgerItemForm(BootstrapMixin, Form):
    """登记问题 (services.register_item): a problem from a supervision visit or the national
    platform, put on a bureau of the registrar's jurisdiction."""

    source = forms.ChoiceField(label=_("问题来源"))
    agency = forms.ModelChoiceField(label=_("责任机构"), queryset=None, empty_label=None)
    description = forms.CharField(
        label=_("问题描述"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 4})
    )
    project_code = forms.CharField(
        label=_("项目编码"),
        max_length=40,
        required=False,
        help_text=_("问题属于某个工程项目时填写"),
    )
    enterprise_name = forms.CharField(
        label=_("用人单位"),
        max_length=200,
        required=False,
        help_text=_("问题属于某个用人单位时填写"),
    )

    def __init__(self, *args, actor: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (s.value, s.label) for s in map(Source, REGISTERED_SOURCES)
        ]
        self.fields["agency"].queryset = registrable_agencies(actor)
