"""Listed supervision (挂牌督办): listing a clue, reviewing a report, and the register's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import OWN_LEVEL_LABEL, BootstrapMixin, region_choices
from wageguard.regions.models import Region

from ..rules import ListedReview, ListedState, Sla


class ListForm(BootstrapMixin, Form):
    note = forms.CharField(label=_("挂牌督办要求"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = DateField(
        label=_("报告期限"),
        required=False,
        widget=DateInput,
        policy=dates.PLANNED,
        help_text=_("不填则按省定挂牌督办时限（工作日）计算"),
    )


class ReviewForm(BootstrapMixin, Form):
    decision = forms.ChoiceField(label=_("审核结论"), choices=ListedReview.choices)
    note = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_date = DateField(
        label=_("重新报告期限"), required=False, widget=DateInput, policy=dates.PLANNED
    )


class RegisterFilterForm(BootstrapMixin, Form):
    """Renders the register's filters; the filtering itself is `clues.register.apply`."""

    state = forms.ChoiceField(
        label=_("督办状态"),
        required=False,
        choices=[("", _("督办中（待报告和待销号）")), *ListedState.choices, ("all", _("全部"))],
    )
    level = forms.ChoiceField(
        label=_("挂牌层级"),
        required=False,
        choices=[("", _("全部层级")), ("city", _("市级挂牌")), ("province", _("省级挂牌"))],
    )
    sla = forms.ChoiceField(
        label=_("时限"), required=False, choices=[("", _("全部时限")), *Sla.choices]
    )
    region = forms.ChoiceField(label=_("辖区"), required=False)
    own_level = forms.BooleanField(label=OWN_LEVEL_LABEL, required=False)
    q = forms.CharField(label=_("搜索"), required=False)

    def __init__(self, *args, regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(self, regions, _("全部辖区"))
        self.fields["q"].widget.attrs["placeholder"] = _("查询码或用人单位")
