"""The page form of the clue workflow actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.org.forms import BootstrapMixin
from wageguard.org.models import Agency, AgencyKind, User

from ..models import Clue
from ..rules import (
    Action,
    ReferralTarget,
    RejectReason,
    Resolution,
)
from .inbox import ASSIGNABLE_ROLES


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
