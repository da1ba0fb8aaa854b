"""The rounds API (/api/v1/dispatch-rounds): the province starts a round with the page's form and
service, a prefecture submits its own report with the figures frozen, the province returns it;
each refusal answers 403 (role, not the province or not the prefecture), 404 (a report not seen
or not of that round) or 422 naming the field, in Chinese."""

import datetime as dt

import pytest
from django.utils import timezone

from wageguard.campaigns import services as campaign_services
from wageguard.core.models import AuditEvent
from wageguard.dispatch.rounds import services
from wageguard.dispatch.rounds.models import DispatchRound, ProgressReport
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CHENGDU, ZIGONG, WUHOU = "510100", "510300", "510107"
URL = "/api/v1/dispatch-rounds"


@pytest.fixture
def province(make_user):
    return make_user("api-rounds-province", Role.TASKFORCE, "510000")


@pytest.fixture
def chengdu(make_user):
    return make_user("api-rounds-chengdu", Role.SUPERVISOR, CHENGDU)


def _body(**over):
    return {
        "title": "冬季专项行动调度",
        "start": (TODAY - dt.timedelta(days=6)).isoformat(),
        "end": TODAY.isoformat(),
        "due_date": (TODAY + dt.timedelta(days=2)).isoformat(),
        "cadence": "weekly",
        **over,
    }


def _post(client, user, url, body):
    client.force_login(user)
    return client.post(url, body, content_type="application/json")


def _round(province, **over):
    data = {
        "title": "冬季专项行动调度",
        "start": TODAY - dt.timedelta(days=6),
        "end": TODAY,
        "due_date": TODAY + dt.timedelta(days=2),
        "cadence": "weekly",
        **over,
    }
    return services.create_round(province, **data)


def _report(r, code=CHENGDU):
    return ProgressReport.objects.get(round=r, region_id=code)


def _act(client, user, report, body):
    url = f"{URL}/{report.round_id}/reports/{report.pk}/transitions"
    return _post(client, user, url, body)


def _chinese(answer) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in answer.json()["message"])


def test_the_province_starts_a_round(client, province):
    answer = _post(client, province, URL, _body())
    assert answer.status_code == 201, answer.content
    body = answer.json()
    r = DispatchRound.objects.get()
    assert body["id"] == r.pk and body["number"] == 1 and body["cadence"] == "weekly"
    assert body["report_count"] == 21 and body["submitted_count"] == 0
    assert {row["state"] for row in body["reports"]} == {"requested"}
    assert all(row["actions"] == [] for row in body["reports"])  # the province writes none
    assert AuditEvent.objects.filter(action="dispatch.round_create").count() == 1


def test_a_round_for_a_campaign_the_caller_sees(client, province):
    campaign = campaign_services.create_campaign(
        province,
        name="冬季专项行动",
        kind="winter",
        region="510000",
        start_date=TODAY,
        end_date=TODAY,
        targets=[],
        milestones=[],
    )
    answer = _post(client, province, URL, _body(campaign=campaign.pk))
    assert answer.status_code == 201 and answer.json()["campaign"] == campaign.pk
    refused = _post(client, province, URL, _body(campaign=campaign.pk + 100))
    assert refused.status_code == 422 and refused.json()["field"] == "campaign"


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "调" * 101}, "title"),
        ({"cadence": "daily"}, "cadence"),
        ({"due_date": (TODAY - dt.timedelta(days=1)).isoformat()}, "due_date"),
        ({"start": (TODAY + dt.timedelta(days=1)).isoformat()}, "end"),
        ({"start": "2026-02-30"}, "start"),
        ({"due_date": "9999-01-01"}, "due_date"),
    ],
)
def test_starting_a_round_refuses_naming_the_field(client, province, over, field):
    answer = _post(client, province, URL, _body(**over))
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field and _chinese(answer)
    assert not DispatchRound.objects.exists()


@pytest.mark.parametrize(
    ("role", "region"),
    [
        (Role.SUPERVISOR, CHENGDU),  # a prefecture: may view, not start
        (Role.SUPERVISOR, WUHOU),  # a county
        (Role.INSPECTOR, "510000"),  # the province, without the role
        (Role.AUDITOR, "510000"),
    ],
)
def test_only_the_provinces_leaders_start_a_round(client, make_user, role, region):
    answer = _post(client, make_user(f"api-start-{role}-{region}", role, region), URL, _body())
    assert answer.status_code == 403 and _chinese(answer)
    assert not DispatchRound.objects.exists()


def test_list_and_detail_follow_the_pages_scoping(client, province, chengdu, make_user):
    r = _round(province)
    client.force_login(province)
    listed = client.get(URL).json()
    assert listed["count"] == 1 and listed["items"][0]["report_count"] == 21
    client.force_login(chengdu)
    own = client.get(URL).json()["items"][0]
    assert own["report_count"] == 1
    detail = client.get(f"{URL}/{r.pk}").json()
    assert [row["region"] for row in detail["reports"]] == [CHENGDU]
    assert detail["reports"][0]["actions"] == ["submit"]
    county = make_user("api-rounds-wuhou", Role.SUPERVISOR, WUHOU)
    client.force_login(county)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}/{r.pk}").status_code == 404
    client.force_login(make_user("api-rounds-inspector", Role.INSPECTOR, CHENGDU))
    assert client.get(URL).status_code == 403
    client.force_login(province)
    assert client.get(f"{URL}/{r.pk + 1}").status_code == 404


def test_list_filters(client, province, chengdu):
    first = _round(province, start=TODAY - dt.timedelta(days=20), end=TODAY - dt.timedelta(days=14))
    second = _round(province, cadence="every3")
    services.submit(chengdu, _report(first), "已化解")
    client.force_login(chengdu)

    def ids(**query):
        answer = client.get(URL, query)
        assert answer.status_code == 200, answer.content
        return [row["id"] for row in answer.json()["items"]]

    assert ids() == [second.pk, first.pk]
    assert ids(pending="true") == [second.pk]
    assert ids(pending="false") == [first.pk]
    assert ids(cadence="every3") == [second.pk]
    assert ids(start_from=(TODAY - dt.timedelta(days=10)).isoformat()) == [second.pk]
    assert ids(start_to=(TODAY - dt.timedelta(days=10)).isoformat()) == [first.pk]
    assert client.get(URL, {"cadence": "daily"}).status_code == 422


def test_a_prefecture_submits_and_the_province_returns(client, province, chengdu):
    r = _round(province)
    report = _report(r)
    answer = _act(
        client,
        chengdu,
        report,
        {
            "action": "submit",
            "narrative": "本周新增线索均已核查",
            "explanations": {"clues_received": "含集中接访登记的线索"},
        },
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["state"] == "submitted" and body["late"] is False
    assert body["computed_at"] and body["submitted_at"] and body["submitted_by"]
    assert body["explanations"] == {"clues_received": "含集中接访登记的线索"}
    report.refresh_from_db()
    assert [f["key"] for f in body["figures"]] == [f["key"] for f in report.figures]
    assert body["figures"] and body["actions"] == []
    # The province reads what was frozen, and may return it.
    client.force_login(province)
    (row,) = [x for x in client.get(f"{URL}/{r.pk}").json()["reports"] if x["region"] == CHENGDU]
    assert row["figures"] == body["figures"] and row["actions"] == ["return"]
    back = _act(client, province, report, {"action": "return", "note": "请补充欠薪化解情况"})
    assert back.status_code == 200 and back.json()["state"] == "returned"
    assert back.json()["return_note"] == "请补充欠薪化解情况"
    again = _act(client, chengdu, report, {"action": "submit", "narrative": "已补充"})
    assert again.status_code == 200 and again.json()["state"] == "submitted"
    assert AuditEvent.objects.filter(action="dispatch.report_submit").count() == 2
    assert AuditEvent.objects.filter(action="dispatch.report_return").count() == 1


def test_transition_refusals(client, province, chengdu, make_user):
    r = _round(province)
    report = _report(r)

    def refused(user, body, status, field=None, target=report):
        answer = _act(client, user, target, body)
        assert answer.status_code == status, answer.content
        assert answer.json()["field"] == field and _chinese(answer)

    # Role and jurisdiction: the province never writes a prefecture's report; another
    # prefecture does not see it; a county sees nothing.
    refused(province, {"action": "submit", "narrative": "x"}, 403)
    zigong = make_user("api-rounds-zigong", Role.SUPERVISOR, ZIGONG)
    refused(zigong, {"action": "submit", "narrative": "x"}, 404)
    refused(make_user("api-rounds-county", Role.SUPERVISOR, WUHOU), {"action": "return"}, 404)
    refused(chengdu, {"action": "return", "note": "x"}, 403)
    # Fields, in the page's words.
    refused(chengdu, {"action": "submit", "narrative": " "}, 422, "narrative")
    refused(
        chengdu,
        {"action": "submit", "narrative": "x", "explanations": {"no_such_kpi": "x"}},
        422,
        "explanations.no_such_kpi",
    )
    refused(
        chengdu,
        {"action": "submit", "narrative": "x", "explanations": {"clues_received": "说" * 501}},
        422,
        "explanations.clues_received",
    )
    refused(chengdu, {"action": "submit", "narrative": "进" * 2001}, 422, "narrative")
    refused(chengdu, {"action": "delete"}, 422, "action")
    # A move the table does not hold: returning a report not submitted.
    refused(province, {"action": "return", "note": "x"}, 422, "action")
    services.submit(chengdu, report, "已化解")
    refused(province, {"action": "return", "note": " "}, 422, "note")
    refused(chengdu, {"action": "submit", "narrative": "再次"}, 422, "action")
    # A report of another round under this round's id is not found.
    other = _round(province)
    url = f"{URL}/{other.pk}/reports/{report.pk}/transitions"
    assert _post(client, chengdu, url, {"action": "submit", "narrative": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.state == "submitted" and report.narrative == "已化解"


def test_late_flag(client, province, chengdu):
    r = _round(
        province,
        start=TODAY - dt.timedelta(days=9),
        end=TODAY - dt.timedelta(days=3),
        due_date=TODAY - dt.timedelta(days=1),
    )
    client.force_login(province)
    body = client.get(f"{URL}/{r.pk}").json()
    assert body["past_due"] is True and body["late_count"] == 21
    assert all(row["late"] for row in body["reports"])
    answer = _act(client, chengdu, _report(r), {"action": "submit", "narrative": "迟报"})
    assert answer.json()["late"] is True  # submitted after the due date: stays late
