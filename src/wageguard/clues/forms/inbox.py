"""The inbox filter and bulk assignment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import OWN_LEVEL_LABEL, BootstrapMixin, region_choices
from wageguard.org.models import AgencyKind, User
from wageguard.org.rules import Role
from wageguard.regions.models import Region

from ..models import Clue
from ..rules import (
    Channel,
    Sector,
    Sla,
    State,
)

ASSIGNABLE_ROLES = (Role.INSPECTOR, Role.SUPERVISOR)


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


def assignable_users(user: User):
    """Active inspectors and supervisors of the HRSS bureaus in the viewer's jurisdiction."""
    qs = User.objects.filter(
        is_active=True, role__in=ASSIGNABLE_ROLES, agency__kind=AgencyKind.HRSS
    ).select_related("agency")
    codes = user.jurisdiction_region_ids()
    if codes is not None:
        qs = qs.filter(agency__region_id__in=codes)
    return qs.order_by("agency__region_id", "full_name", "username")


class InboxFilterForm(BootstrapMixin, Form):
    """Renders the inbox filters; the filtering itself is `filters.apply`, shared with the API."""

    q = forms.CharField(label=_("搜索"), required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[
            ("", _("全部状态")),
            ("open", _("办理中（全部）")),
            ("answered", _("已答复（全部）")),
            *State.choices,
        ],
    )
    sla = forms.ChoiceField(
        label=_("时限"), required=False, choices=[*_blank(_("全部时限")), *Sla.choices]
    )
    channel = forms.ChoiceField(
        label=_("渠道"), required=False, choices=[*_blank(_("全部渠道")), *Channel.choices]
    )
    sector = forms.ChoiceField(
        label=_("行业"), required=False, choices=[*_blank(_("全部行业")), *Sector.choices]
    )
    region = forms.ChoiceField(label=_("辖区"), required=False)
    own_level = forms.BooleanField(label=OWN_LEVEL_LABEL, required=False)
    urgent = forms.ChoiceField(
        label=_("紧急"),
        required=False,
        choices=[("", _("紧急与否")), ("1", _("仅紧急")), ("0", _("非紧急"))],
    )
    reopened = forms.BooleanField(label=_("仅重新办理"), required=False)
    listed = forms.ChoiceField(
        label=_("挂牌督办"),
        required=False,
        choices=[
            ("", _("挂牌与否")),
            ("1", _("挂牌督办中")),
            ("city", _("市级挂牌")),
            ("province", _("省级挂牌")),
        ],
    )
    assignee = forms.ChoiceField(label=_("承办人"), required=False)
    received_from = DateField(
        label=_("接收日期自"), required=False, widget=DateInput, policy=dates.SEARCH
    )
    received_to = DateField(label=_("至"), required=False, widget=DateInput, policy=dates.SEARCH)
    outcome = forms.ChoiceField(
        label=_("办理结果"),
        required=False,
        choices=[("", _("全部结果")), ("verified", _("已核查")), ("resolved", _("已化解"))],
    )

    def __init__(self, *args, regions: list[Region], assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(self, regions, _("全部辖区"))
        self.fields["assignee"].choices = [
            ("", _("全部承办人")),
            ("mine", _("我的和未分配")),
            ("none", _("未分配")),
            *[(str(u.pk), u.display_name) for u in assignees],
        ]
        self.fields["q"].widget.attrs["placeholder"] = _(
            "查询码、单位、项目、信用代码或完整的手机号、身份证号"
        )


class BulkAssignForm(Form):
    clues = forms.ModelMultipleChoiceField(queryset=Clue.objects.none())
    assignee = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clues"].queryset = Clue.objects.restrict(user, "view")
        self.fields["assignee"].queryset = assignable_users(user)
