"""Case API: the criminal-threshold rule, case list and detail, jurisdiction and 422s."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from wageguard.cases import documents
from wageguard.cases.models import CriminalThresholdSetting, Decision, EnforcementCase
from wageguard.org.rules import Role

from .conftest import direct_case, serve

pytestmark = pytest.mark.django_db

RULE = "/api/v1/rules/criminal-threshold"


def _post(client, body):
    return client.post(RULE, body, content_type="application/json")


def test_threshold_rule_sichuan_unset(client, inspector):
    client.force_login(inspector)
    body = {
        "province": "51",
        "workers": [{"amount": 12000, "months_unpaid": 4}],
        "ordered_and_unpaid": True,
    }
    response = _post(client, body)
    assert response.status_code == 200
    data = response.json()
    assert data["answer"] == "depends_on_provincial_figure"
    assert data["province_figures_set"] is False
    assert any("四川省尚未设定数额标准" in r for r in data["reasons"])
    assert any("12,000.00 元，4 个月" in r for r in data["reasons"])
    body["workers"] = [{"amount": 20000, "months_unpaid": 3}]
    assert _post(client, body).json()["answer"] == "meets"
    assert _post(client, body).json()["conduct_established"] is True
    # Unknown conduct leaves the amount answer (depends_* is only about the figure) and says so.
    body["ordered_and_unpaid"] = None
    data = _post(client, body).json()
    assert data["answer"] == "not_yet" and data["conduct_established"] is None
    assert data["amount_answer"] == "meets"
    assert any("移送公安机关前须具备" in r for r in data["reasons"])
    body["ordered_and_unpaid"] = False
    data = _post(client, body).json()
    assert data["answer"] == "does_not_meet" and data["conduct_established"] is False


def test_threshold_rule_with_province_figures(client, make_user):
    client.force_login(make_user("liaison", Role.LIAISON, "510107", kind="housing"))
    row = CriminalThresholdSetting.for_province("41")
    row.individual_amount, row.cumulative_amount = Decimal(8000), Decimal(40000)
    row.save()
    body = {
        "province": "41",
        "workers": [{"amount": 4000, "months_unpaid": 1}] * 10,
        "ordered_and_unpaid": True,
    }
    data = _post(client, body).json()
    assert data["answer"] == "meets" and data["province_figures_set"] is True
    assert any("河南省数额标准" in r for r in data["reasons"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"province": "99", "workers": []}, "province"),
        ({"province": "5", "workers": []}, "province"),
        ({"province": "51", "workers": [{"amount": -1, "months_unpaid": 3}]}, "amount"),
        ({"province": "51", "workers": [{"amount": 1, "months_unpaid": -1}]}, "months_unpaid"),
        ({"province": "51"}, "workers"),
    ],
)
def test_threshold_rule_422_names_the_field(client, inspector, body, field):
    client.force_login(inspector)
    response = _post(client, body)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_threshold_rule_needs_login(client):
    assert _post(client, {"province": "51", "workers": []}).status_code == 401


def _case(user, **over):
    """The directly filed case, its order to pay served and lapsed unpaid (the conduct the
    criminal threshold needs, SPC2013 art. 4)."""
    case = direct_case(user, **over)
    today = timezone.localdate()
    EnforcementCase.objects.filter(pk=case.pk).update(filed_on=today - dt.timedelta(days=40))
    order = Decision.objects.create(
        case=case,
        kind="order",
        state="not_complied",
        issued_on=today - dt.timedelta(days=20),
        deadline=today - dt.timedelta(days=5),
        article="x",
    )
    order.document = documents.issue(case, "order", user, extra={"issued_on": order.issued_on})
    order.save(update_fields=["document"])
    serve(order, user)
    case.refresh_from_db()
    return case


def test_case_list_and_detail(client, inspector):
    case = _case(inspector)
    client.force_login(inspector)
    page = client.get("/api/v1/cases").json()
    assert page["count"] == 1
    item = page["items"][0]
    assert item["number"] == case.number and item["sla"] == "on_time"
    assert item["amount_owed"] == "25000.00" and item["workers"] == 1
    detail = client.get(f"/api/v1/cases/{case.pk}").json()
    assert detail["threshold"]["answer"] == "meets"
    assert detail["threshold"]["conduct_established"] is True
    assert any("王五" in r for r in detail["threshold"]["reasons"])
    assert detail["due_date"] == case.due_date.isoformat()
    assert detail["worker_lines"][0]["id_number"] == "11010519491231002X"
    assert client.get("/api/v1/cases?state=closed").json()["count"] == 0


def test_auditor_sees_masked_workers(client, inspector, make_user):
    case = _case(inspector)
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    detail = client.get(f"/api/v1/cases/{case.pk}").json()
    assert "王五" not in str(detail)
    assert "11010519491231002X" not in str(detail)


def test_other_county_gets_404_the_province_sees_it(client, inspector, make_user):
    case = _case(inspector)
    client.force_login(make_user("jj", Role.SUPERVISOR, "510104"))
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert client.get("/api/v1/cases").json()["count"] == 0
    client.force_login(make_user("prov", Role.TASKFORCE, "510000"))
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200


def test_converted_clue_case_names_the_clue(client, verifying_clue, inspector):
    from wageguard.clues.services import transition

    transition(verifying_clue, "convert_to_case", inspector)
    client.force_login(inspector)
    item = client.get("/api/v1/cases").json()["items"][0]
    assert item["clue"] == verifying_clue.tracking_code
    assert item["source"] == "clue" and item["workers"] == 2


def test_case_list_takes_the_pages_filters(client, inspector, make_user):
    """The list API filters through cases.filters like the page: state, deadline status,
    division, text and sort; a bad value is a 422 naming its parameter."""
    first = _case(inspector)
    second = _case(inspector, employer_name="成都鑫达建筑工程有限公司")
    client.force_login(make_user("city-sup", Role.SUPERVISOR, "510100"))

    def numbers(query: str) -> list[str]:
        response = client.get(f"/api/v1/cases?{query}")
        assert response.status_code == 200, response.json()
        return [item["number"] for item in response.json()["items"]]

    assert numbers("") == [second.number, first.number]  # newest filed first
    assert numbers("sort=filed") == [first.number, second.number]
    assert numbers("q=鑫达") == [second.number]
    assert numbers("state=open") == [second.number, first.number]
    assert numbers("state=closed") == []
    assert numbers("sla=overdue") == []
    assert set(numbers("sla=on_time")) == {first.number, second.number}
    assert set(numbers("region=510107")) == {first.number, second.number}
    assert numbers("region=510104") == []
    for query, field in (("state=done", "state"), ("sla=late", "sla"), ("region=x1", "region")):
        response = client.get(f"/api/v1/cases?{query}")
        assert response.status_code == 422 and response.json()["field"] == field
