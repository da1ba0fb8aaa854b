"""拒不支付劳动报酬罪数额标准: the province's figures, which its administrator sets within the
national ranges (法释〔2013〕3号 art. 3; Deliver 3 of issue 4). Until they are set, the case page
and the rule answer `depends_on_provincial_figure` between the national bounds; once set, every
case of the province is judged against them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from wageguard.core.forms import ModelForm
from wageguard.org.forms import BootstrapMixin
from wageguard.org.settings_page import province_settings_page

from ..models import CriminalThresholdSetting
from ..rules import CUMULATIVE_HIGH, CUMULATIVE_LOW, INDIVIDUAL_HIGH, INDIVIDUAL_LOW, yuan

MODEL = "cases.criminalthresholdsetting"


class ThresholdSettingForm(BootstrapMixin, ModelForm):
    """The figures are checked by the model (`rules.validate_figures`), each error on its field;
    an empty figure means "not set" and the national bounds decide."""

    class Meta:
        model = CriminalThresholdSetting
        fields = ["individual_amount", "cumulative_amount", "source"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bounds = _("全国幅度 %(low)s 至 %(high)s 元；留空表示本省尚未设定")
        self.fields["individual_amount"].help_text = bounds % {
            "low": yuan(INDIVIDUAL_LOW),
            "high": yuan(INDIVIDUAL_HIGH),
        }
        self.fields["cumulative_amount"].help_text = bounds % {
            "low": yuan(CUMULATIVE_LOW),
            "high": yuan(CUMULATIVE_HIGH),
        }
        self.fields["source"].help_text = _("本省公布数额标准的文件名称和文号")

    def clean(self) -> dict:
        data = super().clean()
        figures = data.get("individual_amount"), data.get("cumulative_amount")
        if any(f is not None for f in figures) and not (data.get("source") or "").strip():
            self.add_error("source", _("设定数额标准时请填写依据文件"))
        return data


@login_required
def threshold_settings(request: HttpRequest) -> HttpResponse:
    """Shown to case staff and administrators; changed by the province's administrator."""
    user = request.user
    if not (user.can("view", "cases.enforcementcase") or user.can("change", MODEL)):
        raise PermissionDenied(_("您的角色不能查看入罪数额标准"))
    return province_settings_page(
        request,
        ThresholdSettingForm,
        template="cases/threshold_settings.html",
        audit_action="criminal_threshold.update",
        saved_message=_("已保存；此后的入罪标准判断按本省数额标准作出，已移送的案件不受影响。"),
        done_url="cases:threshold-settings",
    )
