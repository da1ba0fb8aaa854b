"""Staff forms for clues: the inbox filter, one form per workflow action, arrears and recovery.

The forms only type the input; the rules (which reason is required, who may be assignee) live in
`services`, whose ValidationError names the field, so the page shows the same message as the API.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import DateInput
from wageguard.org.forms import BootstrapMixin
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.org.rules import Role
from wageguard.regions.models import Level, Region

from .models import Clue
from .rules import (
    Action,
    Channel,
    RecoveryMethod,
    ReferralTarget,
    RejectReason,
    Resolution,
    Sector,
    Sla,
    State,
)

ASSIGNABLE_ROLES = (Role.INSPECTOR, Role.SUPERVISOR)


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


def subordinate_regions(user: User) -> list[Region]:
    """The divisions one level below the viewer: a city's counties, the province's cities.

    A county sees only itself, so it gets no region select at all.
    """
    region = user.agency.region if user.agency_id else None
    if region is None:
        return list(Region.objects.filter(level=Level.CITY).order_by("code"))
    if region.level == Level.COUNTY:
        return []
    return list(Region.objects.filter(parent=region).order_by("code"))


def assignable_users(user: User):
    """Active inspectors and supervisors of the HRSS bureaus in the viewer's jurisdiction."""
    qs = User.objects.filter(
        is_active=True, role__in=ASSIGNABLE_ROLES, agency__kind=AgencyKind.HRSS
    ).select_related("agency")
    codes = user.jurisdiction_region_ids()
    if codes is not None:
        qs = qs.filter(agency__region_id__in=codes)
    return qs.order_by("agency__region_id", "full_name", "username")


class InboxFilterForm(BootstrapMixin, forms.Form):
    """Renders the inbox filters; the filtering itself is `filters.apply`, shared with the API."""

    q = forms.CharField(label=_("搜索"), required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), ("open", _("办理中（全部）")), *State.choices],
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
    urgent = forms.ChoiceField(
        label=_("紧急"),
        required=False,
        choices=[("", _("紧急与否")), ("1", _("仅紧急")), ("0", _("非紧急"))],
    )
    reopened = forms.BooleanField(label=_("仅重新办理"), required=False)
    assignee = forms.ChoiceField(label=_("承办人"), required=False)
    received_from = forms.DateField(label=_("接收日期自"), required=False, widget=DateInput)
    received_to = forms.DateField(label=_("至"), required=False, widget=DateInput)

    def __init__(self, *args, regions: list[Region], assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", _("全部辖区")),
            *[(r.code, r.name) for r in regions],
        ]
        self.fields["assignee"].choices = [
            ("", _("全部承办人")),
            ("none", _("未分配")),
            *[(str(u.pk), u.display_name) for u in assignees],
        ]
        self.fields["q"].widget.attrs["placeholder"] = _("查询码、单位、项目或信用代码")


class BulkAssignForm(forms.Form):
    clues = forms.ModelMultipleChoiceField(queryset=Clue.objects.none())
    assignee = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clues"].queryset = Clue.objects.restrict(user, "view")
        self.fields["assignee"].queryset = assignable_users(user)


def _note(required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=_("说明"),
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _choice(label, choices) -> forms.ChoiceField:
    # Not required here: the service says which is missing, in the words the API uses too.
    return forms.ChoiceField(label=label, required=False, choices=[("", "—"), *choices])


class TransitionForm(BootstrapMixin, forms.Form):
    """The fields of one workflow action; `services.transition` decides what is required."""

    FIELDS = {
        Action.ACCEPT: ["note"],
        Action.REJECT: ["reason_choice", "reply_text", "note"],
        Action.START_VERIFICATION: ["assignee", "note"],
        Action.RESOLVE: ["resolution", "note"],
        Action.MARK_UNSUBSTANTIATED: ["note"],
        Action.REFER: ["target", "note"],
        Action.CONVERT_TO_CASE: ["note"],
        Action.REPLY: ["reply_text", "note"],
        Action.CLOSE: ["note"],
        Action.REOPEN: ["reason", "note"],
        Action.TRANSFER: ["region", "reason", "note"],
        Action.MERGE: ["into", "note"],
        Action.UNMERGE: ["note"],
    }

    reason_choice = _choice(_("不予受理理由"), RejectReason.choices)
    reason = forms.CharField(label=_("理由"), required=False, max_length=200)
    resolution = _choice(_("化解方式"), Resolution.choices)
    target = _choice(_("转办去向"), ReferralTarget.choices)
    reply_text = forms.CharField(
        label=_("答复内容"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    region = forms.ChoiceField(label=_("移交到"), required=False)
    into = forms.CharField(label=_("合并到（查询码）"), required=False, max_length=20)
    assignee = forms.ChoiceField(label=_("承办人"), required=False)
    note = _note()

    def __init__(self, *args, action: str, clue: Clue, user: User, **kwargs):
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        self.action = action
        self.label = Action(action).label
        keep = set(self.FIELDS.get(action, ["note"]))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "note" in self.fields and action in {Action.MARK_UNSUBSTANTIATED, Action.REFER}:
            self.fields["note"].label = _("核查情况 / 转办说明")
        if "region" in self.fields:
            self.fields["region"].choices = [("", "—"), *_transfer_choices(clue)]
        if "assignee" in self.fields:
            people = User.objects.filter(
                agency_id=clue.agency_id, is_active=True, role__in=ASSIGNABLE_ROLES
            ).order_by("full_name", "username")
            self.fields["assignee"].choices = [
                ("", _("（默认本人）")),
                *[(str(u.pk), u.display_name) for u in people],
            ]

    def service_data(self) -> dict:
        """The keyword arguments of `services.transition`, with the reject reason renamed."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
        if "reason_choice" in data:
            data["reason"] = data.pop("reason_choice")
        return data

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            field = "reason_choice" if name == "reason" and "reason_choice" in self.fields else name
            self.add_error(field if field in self.fields else None, messages)


def _transfer_choices(clue: Clue) -> list[tuple[str, str]]:
    """Divisions with an HRSS bureau in the system: the province, its cities and counties."""
    agencies = (
        Agency.objects.filter(kind=AgencyKind.HRSS, region__province_code=clue.region.province_code)
        .exclude(region_id=clue.region_id)
        .select_related("region")
        .order_by("region_id")
    )
    return [(a.region_id, f"{a.region_id} {a.region.name}") for a in agencies]


class ArrearsLineForm(BootstrapMixin, forms.Form):
    worker_name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    amount_owed = forms.DecimalField(
        label=_("欠薪金额（元）"), max_digits=14, decimal_places=2, min_value=0
    )


class RecoveryForm(BootstrapMixin, forms.Form):
    amount_recovered = forms.DecimalField(
        label=_("已追回金额（元）"), max_digits=14, decimal_places=2, min_value=0
    )
    recovered_on = forms.DateField(label=_("追回日期"), widget=DateInput)
    method = forms.ChoiceField(label=_("追回方式"), choices=RecoveryMethod.choices)
