"""Staff forms: one per workflow action (the service decides what is required), the proposal,
the watch list, the list filters and the province's settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import DateInput
from wageguard.org.forms import BootstrapMixin

from .filters import STATUSES
from .models import CreditSettings
from .rules import Action, State


def _text(label, rows: int = 2, max_length: int = 5000) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput)


class TransitionForm(BootstrapMixin, forms.Form):
    FIELDS = {
        Action.NOTIFY: ["notified_on", "note"],
        Action.RECORD_DEFENCE: ["defence_on", "defence_text", "note"],
        Action.DECIDE: ["note"],
        Action.DROP: ["reason", "note"],
        Action.APPLY_REMOVAL: [
            "removal_applied_on",
            "commitment",
            "commitment_text",
            "note",
        ],
        Action.APPROVE_REMOVAL: ["note"],
        Action.REFUSE_REMOVAL: ["reason", "note"],
    }
    HELP = {
        Action.NOTIFY: _(
            "生成并送达《列入失信联合惩戒名单告知书》；陈述申辩期限自送达次日起按工作日计算。"
        ),
        Action.RECORD_DEFENCE: _("内容留空表示当事人明确放弃陈述申辩。"),
        Action.DECIDE: _("生成《列入失信联合惩戒名单决定书》，列入期限三年。"),
        Action.APPLY_REMOVAL: _(
            "是否已足额支付、改正（清偿）日期以案件登记的追回情况为准：请先在案件中登记每名"
            "劳动者的追回金额和日期。"
        ),
        Action.APPROVE_REMOVAL: _(
            "按案件当前的追回情况再次核对后，生成《移出失信联合惩戒名单决定书》。"
        ),
    }

    notified_on = _date(_("告知书送达日期（默认今天）"))
    defence_on = _date(_("陈述申辩日期（默认今天）"))
    defence_text = _text(_("陈述申辩内容"), rows=3, max_length=20000)
    reason = _text(_("理由"))
    removal_applied_on = _date(_("申请日期（默认今天）"))
    commitment = forms.BooleanField(label=_("已作出信用承诺"), required=False)
    commitment_text = _text(_("信用承诺内容"))
    note = _text(_("说明"), max_length=2000)

    def __init__(self, *args, action: str, **kwargs):
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        self.action = action
        self.label = Action(action).label
        self.help = self.HELP.get(action, "")
        keep = set(self.FIELDS[action])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None, False)}

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, messages)


class ProposeForm(BootstrapMixin, forms.Form):
    facts = forms.CharField(
        label=_("失信行为事实（将向社会公开，不得含劳动者姓名、身份证号码、手机号码）"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = _text(_("说明"), max_length=2000)


class WatchForm(BootstrapMixin, forms.Form):
    reason = _text(_("列入关注的理由（未达到关注标准时必填）"), max_length=2000)


class FilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("单位名称、信用代码或案件编号"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("单位名称、信用代码或案件编号")}),
    )
    status = forms.ChoiceField(
        label=_("名单状态"), required=False, choices=[("", _("全部名单状态")), *STATUSES.items()]
    )
    state = forms.ChoiceField(
        label=_("办理状态"), required=False, choices=[("", _("全部办理状态")), *State.choices]
    )


class CreditSettingsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CreditSettings
        fields = [
            "defence_days",
            "decision_days",
            "removal_review_days",
            "watch_min_amount",
            "watch_min_workers",
            "watch_repeat_cases",
            "watch_repeat_months",
        ]

    def _days(self, name: str, low: int, high: int) -> int:
        value = self.cleaned_data[name]
        if not low <= value <= high:
            raise forms.ValidationError(
                _("应在 %(low)d 至 %(high)d 个工作日之间") % {"low": low, "high": high}
            )
        return value

    def clean_defence_days(self) -> int:
        return self._days("defence_days", 1, 30)

    def clean_decision_days(self) -> int:
        return self._days("decision_days", 1, 60)

    def clean_removal_review_days(self) -> int:
        return self._days("removal_review_days", 1, 60)

    def clean_watch_repeat_months(self) -> int:
        value = self.cleaned_data["watch_repeat_months"]
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("统计期间应在 1 至 60 个月之间"))
        return value
