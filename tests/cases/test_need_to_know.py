"""Need to know (DESIGN: Money and people): roles outside org.rules.SEES_PERSONAL_DATA read a
case without workers' names and ID numbers, in the API's transfers as everywhere else."""

import datetime as dt

import pytest
from django.utils import timezone

from wageguard.cases import measures, services, transfer
from wageguard.cases.investigate import assign_inspectors
from wageguard.org.rules import Role

from .conftest import backdate, direct_case

pytestmark = pytest.mark.django_db


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def transferred(inspector, colleague):
    """王五 owed ¥25,000 for 4 months, the order ignored, the case transferred to the police."""
    case = services.transition(direct_case(inspector), "start_investigation", inspector)
    assign_inspectors(case, inspector, [inspector.pk, colleague.pk])
    backdate(case, 40)
    order = measures.issue_measure(
        case, inspector, "order", issued_on=_days(-20), deadline=_days(-5)
    )
    measures.record_outcome(order, inspector, complied=False, on=_days(-4))
    row = transfer.transfer_to_police(
        case,
        inspector,
        police_agency="成都市公安局武侯区分局",
        conduct="order_ignored",
        checklist=[],
    )
    assert any("王五" in r for r in row.threshold_reasons)  # stored as the police got them
    return case


def test_transfer_reasons_are_masked_for_the_auditor(client, transferred, inspector, make_user):
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    detail = client.get(f"/api/v1/cases/{transferred.pk}").json()
    reasons = detail["transfers"][0]["threshold_reasons"]
    assert reasons and not any("王五" in r for r in reasons)
    assert any("王*（25,000.00 元" in r for r in reasons)
    assert "王五" not in str(detail)
    client.force_login(inspector)
    reasons = client.get(f"/api/v1/cases/{transferred.pk}").json()["transfers"][0]
    assert any("王五（25,000.00 元" in r for r in reasons["threshold_reasons"])


def test_case_page_shows_no_worker_name_to_the_auditor(client, transferred, make_user):
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    page = client.get(f"/cases/{transferred.pk}/")
    assert page.status_code == 200
    assert "王五" not in page.content.decode()
