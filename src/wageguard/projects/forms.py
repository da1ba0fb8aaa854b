"""Project forms: registration (the same fields a list row or the API gives) and the actions."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, DateInput, Form
from wageguard.org.forms import BootstrapMixin

from .models import DEPARTMENTS
from .rules import AppropriationCycle, DepositForm, Funding, System


class ProjectForm(BootstrapMixin, Form):
    """Typed strings only: `services.clean` is the one validation, shared with imports and the
    API, so a page and a file row are refused for the same reasons in the same words."""

    name = forms.CharField(label=_("项目名称"), max_length=200)
    code = forms.CharField(label=_("项目编码"), max_length=40)
    site_address = forms.CharField(label=_("项目地址"), max_length=300)
    department = forms.ChoiceField(
        label=_("行业主管部门"), choices=[(k.value, k.label) for k in DEPARTMENTS]
    )
    developer_name = forms.CharField(label=_("建设单位"), max_length=200)
    developer_credit_code = forms.CharField(
        label=_("建设单位统一社会信用代码"), max_length=18, required=False
    )
    general_contractor_name = forms.CharField(label=_("施工总承包单位"), max_length=200)
    general_contractor_credit_code = forms.CharField(
        label=_("总包单位统一社会信用代码"), max_length=18, required=False
    )
    funding = forms.ChoiceField(label=_("投资类型"), choices=Funding.choices)
    contract_value = forms.CharField(label=_("合同金额（元）"), max_length=20, required=False)
    labour_cost_share = forms.CharField(label=_("人工费用比例（%）"), max_length=8, required=False)
    appropriation_cycle = forms.ChoiceField(
        label=_("人工费用拨付周期"),
        choices=[("", "—"), *AppropriationCycle.choices],
        required=False,
    )
    contract_signed_on = DateField(
        label=_("施工合同签订日期"), required=False, widget=DateInput, policy=dates.SCHEDULE
    )
    permit_on = DateField(
        label=_("施工许可日期"), required=False, widget=DateInput, policy=dates.SCHEDULE
    )
    started_on = DateField(
        label=_("开工日期"), required=False, widget=DateInput, policy=dates.SCHEDULE
    )
    planned_completion_on = DateField(
        label=_("计划竣工日期"), required=False, widget=DateInput, policy=dates.SCHEDULE
    )
    labour_officer = forms.CharField(label=_("劳资专管员"), max_length=50, required=False)


class TransitionForm(BootstrapMixin, Form):
    on = DateField(label=_("日期"), required=False, widget=DateInput, policy=dates.PAST)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class AccountForm(BootstrapMixin, Form):
    bank = forms.CharField(label=_("开户银行"), max_length=100)
    number = forms.CharField(label=_("账号"), max_length=40)
    opened_on = DateField(label=_("开户日期"), widget=DateInput, policy=dates.PAST)


class WageDepositForm(BootstrapMixin, Form):
    form = forms.ChoiceField(label=_("存储形式"), choices=DepositForm.choices)
    amount = forms.DecimalField(
        label=_("金额（元）"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    rate = forms.DecimalField(
        label=_("存储比例（%）"), max_digits=5, decimal_places=2, min_value=0, required=False
    )
    bank = forms.CharField(label=_("存储银行/出具保函银行"), max_length=100, required=False)
    lodged_on = DateField(label=_("存储日期"), required=False, widget=DateInput, policy=dates.PAST)
    expires_on = DateField(
        label=_("保函到期日"), required=False, widget=DateInput, policy=dates.SCHEDULE
    )
    exemption_reason = forms.CharField(
        label=_("减免理由"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("减免由经办人员依规决定并写明理由，系统不自动认定。"),
    )


class EvidenceForm(BootstrapMixin, Form):
    system = forms.ChoiceField(label=_("核心制度"), choices=System.choices)
    file = forms.FileField(label=_("照片或文件"), help_text=_("JPEG、PNG 图片或 PDF，不超过 10 MB"))
    dated = DateField(label=_("材料日期"), required=False, widget=DateInput, policy=dates.PAST)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class DepositTopUpForm(BootstrapMixin, Form):
    amount = forms.DecimalField(
        label=_("补足金额（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    on = DateField(label=_("补足日期"), widget=DateInput, policy=dates.PAST)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class DepositReleaseForm(BootstrapMixin, Form):
    notice_started_on = DateField(
        label=_("公示开始日期"),
        widget=DateInput,
        policy=dates.PAST,
        help_text=_("竣工后在告示牌和门户网站公示30日，期满后方可返还。"),
    )
    on = DateField(label=_("返还日期"), widget=DateInput, policy=dates.PAST)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
