"""The wage deposit finished (issue 11 item 2): the required rate and amount (人社部发〔2021〕65号
arts. 11, 12 under the province's rates, art. 13), required vs held on the project page (art. 15
for a guarantee), the ledger (drawdown from a case, top-up within the province's working days,
release after 30 days' notice, R65.22), the top-up warning and the settings page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests import factories
from wageguard.cases.models import CaseHistory, EnforcementCase
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import services
from wageguard.projects.deposits import ledger as deposit_ledger
from wageguard.projects.deposits import services as deposit_services
from wageguard.projects.deposits.rules import ContractorRecord, Rates, Record, required_deposit
from wageguard.projects.models import DepositMovement, DepositSettings, Project, WageDeposit
from wageguard.projects.views import DepositSettingsForm
from wageguard.projects.warnings import services as warnings

from .test_warnings import register

pytestmark = pytest.mark.django_db
D = dt.date
RATES = Rates(Decimal("1"), Decimal("0.5"), 50, 100)


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


def project_of(user, value="10000000", **over) -> Project:
    return register(user, contract_value=value, permit_on="2026-01-06", **over)


def lodge(project, user, amount="100000", form="cash", **over) -> WageDeposit:
    data = {"form": form, "amount": Decimal(amount), "lodged_on": D(2025, 9, 1), "bank": "成都银行"}
    if form == "guarantee":
        data["expires_on"] = D(2099, 1, 1)
    return services.record_deposit(project, user, **{**data, **over})


def deposit_status(project):
    return project.systems.get(system="deposit")


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "ok"),
    [("0.99", False), ("1", True), ("3", True), ("3.01", False)],
)
def test_the_base_rate_is_within_1_and_3_percent(base, ok):
    rates = Rates(Decimal(base), Decimal("0.5"), 50, 100)
    if ok:
        found = required_deposit(Decimal("1000000"), rates, on=D(2026, 3, 1))
        assert found.rate == Decimal(base) and found.reasons[0].article == "R65.11"
        assert found.amount == Decimal("1000000") * Decimal(base) / 100
    else:
        with pytest.raises(ValueError):
            required_deposit(Decimal("1000000"), rates, on=D(2026, 3, 1))


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("base_rate", "1", True),
        ("base_rate", "0.99", False),
        ("base_rate", "3", True),
        ("base_rate", "3.01", False),
        ("multi_project_rate", "0.5", True),
        ("multi_project_rate", "0.49", False),
        ("arrears_uplift", "50", True),
        ("arrears_uplift", "49", False),
        ("listed_uplift", "100", True),
        ("listed_uplift", "99", False),
        ("topup_workdays", "10", True),
        ("topup_workdays", "0", False),
    ],
)
def test_the_settings_form_keeps_the_national_limits(field, value, ok):
    data = {
        "base_rate": "2",
        "multi_project_rate": "1",
        "arrears_uplift": "50",
        "listed_uplift": "100",
        "topup_workdays": "10",
        field: value,
    }
    form = DepositSettingsForm(data, instance=DepositSettings.for_province())
    assert form.is_valid() is ok, form.errors
    if not ok:
        assert field in form.errors


def test_the_multi_project_rate_applies_only_with_other_projects_and_never_below_half():
    alone = required_deposit(Decimal("2000000"), RATES, on=D(2026, 3, 1))
    several = required_deposit(Decimal("2000000"), RATES, on=D(2026, 3, 1), other_active_projects=2)
    assert alone.rate == Decimal("1.00") and several.rate == Decimal("0.50")
    assert several.amount == Decimal("10000.00")
    with pytest.raises(ValueError):
        required_deposit(
            Decimal("1"), Rates(Decimal("1"), Decimal("0.4"), 50, 100), on=D(2026, 3, 1)
        )


def test_arrears_within_two_years_raise_the_rate_by_the_uplift_at_the_boundary():
    on = D(2026, 3, 1)
    at = ContractorRecord(1, Record.ARREARS, D(2024, 3, 1), "武人社案〔2024〕1号")
    before = ContractorRecord(1, Record.ARREARS, D(2024, 2, 29), "武人社案〔2024〕0号")
    raised = required_deposit(Decimal("10000000"), RATES, records=[at], on=on)
    assert raised.rate == Decimal("1.50") and raised.amount == Decimal("150000.00")
    uplift = raised.reasons[-1]
    assert uplift.article == "R65.12" and "武人社案〔2024〕1号" in uplift.text
    kept = required_deposit(Decimal("10000000"), RATES, records=[before], on=on)
    assert kept.rate == Decimal("1.00")


def test_a_listing_doubles_the_rate_and_is_not_added_to_the_arrears_uplift():
    records = [
        ContractorRecord(1, Record.ARREARS, D(2025, 6, 1), "案"),
        ContractorRecord(1, Record.LISTED, D(2025, 8, 1), "单位"),
    ]
    found = required_deposit(Decimal("1000000"), RATES, records=records, on=D(2026, 3, 1))
    assert found.rate == Decimal("2.00")
    higher = Rates(Decimal("3"), Decimal("0.5"), 60, 150)
    assert required_deposit(
        Decimal("1000000"), higher, records=records, on=D(2026, 3, 1)
    ).rate == Decimal("7.50")


def test_a_small_contract_with_no_arrears_the_year_before_may_be_exempted():
    on = D(2026, 3, 1)
    small = required_deposit(Decimal("2999999.99"), RATES, on=on, contract_signed_on=on)
    assert small.exemptable and small.reasons[-1].article == "R65.11"
    assert not required_deposit(Decimal("3000000"), RATES, on=on).exemptable
    late = ContractorRecord(1, Record.ARREARS, D(2025, 6, 1))
    assert not required_deposit(
        Decimal("100000"), RATES, records=[late], on=on, contract_signed_on=on
    ).exemptable


# --- required vs held -------------------------------------------------------------------------


def test_the_page_shows_required_against_held_and_a_short_cash_deposit_is_partial(
    client, inspector
):
    row = DepositSettings.objects.get(pk=DepositSettings.for_province().pk)
    row.base_rate = Decimal("2")
    row.save()  # clears the per-process memo
    project = project_of(inspector)
    lodge(project, inspector, "100000")
    status = deposit_status(project)
    assert status.status == "partial" and status.article == "R65.11"
    assert "200,000.00" in status.reason
    client.force_login(inspector)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'data-testid="deposit-required"' in page and "200,000.00" in page
    assert 'data-testid="deposit-ledger"' in page


def test_a_guarantee_below_the_required_amount_is_partial_under_article_15(inspector):
    project = project_of(inspector)  # 1% of 10,000,000 = 100,000
    lodge(project, inspector, "99999.99", form="guarantee")
    status = deposit_status(project)
    assert status.status == "partial" and status.article == "R65.15"
    lodge(project, inspector, "100000", form="guarantee")
    assert deposit_status(project).status == "in_place"


def test_a_closed_case_with_arrears_against_the_contractor_raises_what_is_required(inspector):
    project = project_of(inspector)
    case = factories.case(inspector)
    EnforcementCase.objects.filter(pk=case.pk).update(
        employer=project.general_contractor, state="closed", closed_on=D(2025, 12, 1)
    )
    required = deposit_ledger.required_for([project])[project.pk]
    assert required.rate == Decimal("1.50") and required.amount == Decimal("150000.00")
    assert case.number in required.reasons[-1].text
    lodge(project, inspector, "100000")
    assert deposit_status(project).status == "partial"


def test_a_current_credit_listing_doubles_what_is_required(inspector, make_user):
    project = project_of(inspector)
    case = factories.case(inspector)
    EnforcementCase.objects.filter(pk=case.pk).update(employer=project.general_contractor)
    case.refresh_from_db()
    factories.credit_listing(case, inspector, enterprise=project.general_contractor)
    assert deposit_ledger.required_for([project])[project.pk].rate == Decimal("2.00")


# --- the ledger -------------------------------------------------------------------------------


def test_a_drawdown_over_the_balance_is_refused_naming_the_amount(inspector):
    project = project_of(inspector)
    deposit = lodge(project, inspector, "100000")
    with pytest.raises(ValidationError) as refused:
        deposit_services.draw_down(
            project, inspector, amount=Decimal("100000.01"), on=D(2026, 3, 2), notice_number="1"
        )
    assert "amount" in refused.value.message_dict
    assert not DepositMovement.objects.filter(kind="drawn").exists()
    deposit_services.draw_down(
        project, inspector, amount=Decimal("100000"), on=D(2026, 3, 2), notice_number="1"
    )
    assert deposit_ledger.balance_of(deposit) == 0


def test_the_top_up_is_due_in_working_days_over_the_national_day_holiday(inspector):
    project = project_of(inspector)
    deposit = lodge(project, inspector, "100000")
    deposit_services.draw_down(
        project, inspector, amount=Decimal("30000"), on=D(2025, 9, 30), notice_number="保支1号"
    )
    deposit.refresh_from_db()
    # 2025-10-01..08 are holidays, 10-11 (a Saturday) a make-up working day: 10 working days
    # after 09-30 end on 10-21, not on 10-14 as ten weekdays would.
    assert deposit.topup_due_on == D(2025, 10, 21)
    assert project.history.filter(action="deposit_drawn").exists()


def _drawn(project, user):
    """Drawn today: the scan after the drawdown (today) finds nothing due yet."""
    on = timezone.localdate()
    lodge(project, user, "100000")
    deposit_services.draw_down(
        project, user, amount=Decimal("30000"), on=on, notice_number="保支1号"
    )
    return deposit_ledger.current_deposit(project)


def test_the_topup_warning_fires_the_day_after_the_due_date_and_not_on_it(inspector):
    project = project_of(inspector)
    deposit = _drawn(project, inspector)
    due = deposit.topup_due_on
    warnings.scan(Project.objects.filter(pk=project.pk), due)
    assert not project.warnings.filter(rule="deposit_topup_overdue").exists()
    warnings.scan(Project.objects.filter(pk=project.pk), due + dt.timedelta(days=1))
    warning = project.warnings.get(rule="deposit_topup_overdue")
    assert warning.article == "" and warning.level == "orange"
    # The system itself: what is left after the province's period is below what is required.
    found = services.assess(project, due + dt.timedelta(days=1))
    deposit_row = next(a for a in found if a.system == "deposit")
    assert deposit_row.status == "partial" and "补足" in deposit_row.reason
    within = next(a for a in services.assess(project, due) if a.system == "deposit")
    assert within.status == "in_place"


def test_a_full_top_up_through_the_project_action_ends_what_is_owed(client, inspector):
    project = project_of(inspector)
    deposit = _drawn(project, inspector)
    client.force_login(inspector)
    url = reverse("projects:act", args=[project.pk, "deposit_topup"])
    today = timezone.localdate().isoformat()
    over = client.post(url, {"deposit_topup-amount": "30000.01", "deposit_topup-on": today})
    assert over.status_code == 422
    done = client.post(url, {"deposit_topup-amount": "30000", "deposit_topup-on": today})
    assert done.status_code == 302
    deposit.refresh_from_db()
    assert deposit.topup_due_on is None and deposit_ledger.balance_of(deposit) == 100000
    later = timezone.localdate() + dt.timedelta(days=60)
    warnings.scan(Project.objects.filter(pk=project.pk), later)
    assert not project.warnings.filter(rule="deposit_topup_overdue").exists()
    assert AuditEvent.objects.filter(action="project.deposit_topup").exists()


def test_release_needs_completion_and_30_days_of_notice(inspector):
    project = project_of(inspector)
    deposit = lodge(project, inspector, "100000")
    with pytest.raises(ValidationError) as early:
        deposit_services.release(
            project, inspector, notice_started_on=D(2026, 1, 1), on=D(2026, 2, 1)
        )
    assert "notice_started_on" in early.value.message_dict
    Project.objects.filter(pk=project.pk).update(state="completed", completed_on=D(2025, 12, 1))
    with pytest.raises(ValidationError) as short:
        deposit_services.release(
            project, inspector, notice_started_on=D(2026, 1, 1), on=D(2026, 1, 30)
        )
    assert "on" in short.value.message_dict
    deposit_services.release(project, inspector, notice_started_on=D(2026, 1, 1), on=D(2026, 1, 31))
    deposit.refresh_from_db()
    assert deposit.released_on == D(2026, 1, 31) and deposit_ledger.balance_of(deposit) == 0


# --- from a case, end to end ------------------------------------------------------------------


def test_a_case_pays_from_its_projects_deposit_through_the_action_endpoint(client, inspector):
    project = project_of(inspector)
    deposit = lodge(project, inspector, "100000")
    case = factories.case(inspector)
    EnforcementCase.objects.filter(pk=case.pk).update(project=project)
    client.force_login(inspector)
    url = f"/api/v1/cases/{case.pk}/deposit-drawdown"
    body = {"amount": "100000.01", "paid_on": case.filed_on.isoformat(), "notice_number": "1号"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["field"] == "amount"
    body["amount"] = "25000.00"
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["project_id"] == project.pk and answer["topup_due_on"]
    movement = DepositMovement.objects.get(kind="drawn")
    assert movement.case_id_ref == case.pk and movement.case_number == case.number
    assert deposit_ledger.balance_of(deposit) == Decimal("75000")
    assert CaseHistory.objects.filter(case=case, action="deposit_drawdown").exists()
    assert project.history.filter(action="deposit_drawn").exists()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "从工资保证金支付" in page


def test_the_case_action_is_not_offered_without_a_deposit_balance(inspector):
    from wageguard.cases.services.deposit import offered

    project = project_of(inspector)
    case = factories.case(inspector)
    EnforcementCase.objects.filter(pk=case.pk).update(project=project)
    case.refresh_from_db()
    assert not offered(case)
    lodge(project, inspector, "1000")
    assert offered(case)


# --- the settings page ------------------------------------------------------------------------


def test_staff_read_the_settings_and_only_the_province_administrator_saves(client, make_user):
    inspector = make_user("wh", Role.INSPECTOR, "510107")
    admin = make_user("prov-admin", Role.ADMIN, "510000")
    url = reverse("projects:deposit-settings")
    client.force_login(inspector)
    assert client.get(url).status_code == 200
    assert client.post(url, {"base_rate": "2"}).status_code == 403
    client.force_login(admin)
    data = {
        "base_rate": "2",
        "multi_project_rate": "1",
        "arrears_uplift": "60",
        "listed_uplift": "100",
        "topup_workdays": "10",
    }
    assert client.post(url, {**data, "base_rate": "3.5"}).status_code == 200
    assert DepositSettings.for_province().base_rate == Decimal("1")
    assert client.post(url, data).status_code == 302
    assert DepositSettings.for_province().base_rate == Decimal("2")
    assert AuditEvent.objects.filter(action="deposit_settings.update").exists()
