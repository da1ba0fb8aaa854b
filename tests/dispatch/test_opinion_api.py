"""The opinion API's writes: an item entered with the page's form and service (an extreme risk
escalates at once), and every action of the registry through /transitions with its page form's
checks; 403 for a role or a county outside the caller's jurisdiction, 404 for an item not seen,
422 naming the field in Chinese."""

import pytest
from django.utils import timezone

from tests import factories
from wageguard.clues.models import Clue
from wageguard.dispatch.opinion import services
from wageguard.dispatch.opinion.models import OpinionItem
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/opinion"
JINJIANG = "510104"


@pytest.fixture
def inspector(client, make_user):
    user = make_user("op-api-inspector", Role.INSPECTOR, factories.WUHOU)
    client.force_login(user)
    return user


def _body(**over):
    return {
        "source": "weibo",
        "source_url": "https://weibo.com/1234/abc",
        "title": "工地工人讨薪",
        "summary": "有网友反映某工地拖欠工资",
        "seen_at": timezone.now().isoformat(),
        "risk": "low",
        "region": factories.WUHOU,
        **over,
    }


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _chinese(answer) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in answer.json()["message"])


def test_an_item_is_entered(client, inspector):
    answer = _post(client, URL, _body(workers=3))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    item = OpinionItem.objects.get()
    assert body["id"] == item.pk and body["region"] == factories.WUHOU
    assert body["state"] == "new" and body["risk"] == "low" and body["workers"] == 3
    assert body["actions"] == ["verify", "dismiss", "raise_risk"]
    assert body["escalated_at"] is None
    assert item.history.filter(action="create").exists()


def test_a_threat_of_jumping_escalates_at_once(client, inspector):
    answer = _post(client, URL, _body(title="工人扬言跳楼讨薪"))
    body = answer.json()
    assert answer.status_code == 201 and body["risk"] == "extreme"
    assert body["escalated_at"] and body["on_meeting_screen"] is True
    assert "raise_risk" not in body["actions"]


def test_an_address_routes_as_a_clue_does(client, inspector):
    answer = _post(client, URL, _body(region=None, address="成都市武侯区人民南路四段1号"))
    assert answer.status_code == 201 and answer.json()["region"] == factories.WUHOU


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"source_url": "ftp://weibo.com/x"}, "source_url"),
        ({"title": " "}, "title"),
        ({"source": "tv"}, "source"),
        ({"risk": "none"}, "risk"),
        ({"seen_at": "2099-01-01T10:00:00+08:00"}, "seen_at"),
        ({"seen_at": "yesterday"}, "seen_at"),
        ({"workers": 0}, "workers"),
        ({"region": "999999"}, "region"),
        ({"region": "abc"}, "region"),
        ({"region": None}, "region"),  # neither a county nor an address
    ],
)
def test_entering_refuses_naming_the_field(client, inspector, over, field):
    answer = _post(client, URL, _body(**over))
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field and _chinese(answer)
    assert not OpinionItem.objects.exists()


def test_entering_outside_the_jurisdiction_or_role_is_refused(client, inspector, make_user):
    answer = _post(client, URL, _body(region=JINJIANG))
    assert answer.status_code == 403 and _chinese(answer)
    # An address routed to another county is refused by the service, as on the page.
    answer = _post(client, URL, _body(region=None, address="成都市锦江区红星路三段1号"))
    assert answer.status_code == 403
    for role, region in ((Role.LIAISON, factories.WUHOU), (Role.AUDITOR, "510000")):
        client.force_login(make_user(f"op-api-{role}", role, region))
        assert _post(client, URL, _body()).status_code == 403
    assert not OpinionItem.objects.exists()


def _item(inspector, **over):
    data = {
        "source": "weibo",
        "source_url": "https://weibo.com/1234/abc",
        "title": "工地工人讨薪",
        "summary": "有网友反映某工地拖欠工资",
        "seen_at": timezone.now(),
        "region": factories.Region.objects.get(code=factories.WUHOU),
        **over,
    }
    return services.create(inspector, services.OpinionData(**data))


def test_every_step_through_transitions(client, inspector):
    item = _item(inspector)
    url = f"{URL}/{item.pk}/transitions"

    def step(body, state):
        answer = _post(client, url, body)
        assert answer.status_code == 200, answer.content
        assert answer.json()["state"] == state
        return answer.json()

    step({"action": "verify", "note": "经核实属实"}, "verified")
    responded = step(
        {"action": "respond", "create_clue": True, "employer_name": "成都鑫华建筑工程有限公司"},
        "responded",
    )
    clue = Clue.objects.get()
    assert responded["clue"] == clue.pk and responded["actions"] == ["publish", "raise_risk"]
    step(
        {
            "action": "publish",
            "response_text": "已责令支付",
            "response_url": "https://www.sc.gov.cn/x",
        },
        "published",
    )
    done = step({"action": "close"}, "closed")
    assert done["published_at"] and done["response_url"] == "https://www.sc.gov.cn/x"
    labels = list(item.history.values_list("action", flat=True))
    assert labels[-4:] == ["verify", "respond", "publish", "close"]


def test_raising_the_risk_escalates(client, inspector):
    item = _item(inspector)
    url = f"{URL}/{item.pk}/transitions"
    lower = _post(client, url, {"action": "raise_risk", "risk": "low", "note": "x"})
    assert lower.status_code == 422 and lower.json()["field"] == "risk"
    unknown = _post(client, url, {"action": "raise_risk", "risk": "huge", "note": "x"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "risk"
    up = _post(client, url, {"action": "raise_risk", "risk": "extreme", "note": "现场聚集"})
    assert up.status_code == 200 and up.json()["escalated_at"]


def test_transition_refusals(client, inspector, make_user):
    item = _item(inspector)
    url = f"{URL}/{item.pk}/transitions"

    def refused(body, status, field=None):
        answer = _post(client, url, body)
        assert answer.status_code == status, answer.content
        assert answer.json()["field"] == field and _chinese(answer)

    refused({"action": "verify", "note": " "}, 422, "note")
    refused(
        {"action": "publish", "response_text": "x", "response_url": "https://a.cn"}, 422, "action"
    )
    refused({"action": "fly"}, 422, "action")
    _post(client, url, {"action": "verify", "note": "属实"})
    refused({"action": "respond"}, 422, "clue_code")
    refused({"action": "respond", "clue_code": "NOPE"}, 422, "clue_code")
    refused({"action": "respond", "create_clue": True}, 422, "employer_name")
    refused({"action": "respond", "case_number": "无此案"}, 422, "case_number")
    # Another county does not see it; a role that reads but does not handle is refused.
    client.force_login(make_user("op-api-jj", Role.INSPECTOR, JINJIANG))
    refused({"action": "close"}, 404)
    client.force_login(make_user("op-api-auditor", Role.AUDITOR, "510000"))
    refused({"action": "respond", "clue_code": "x"}, 403)
    assert (
        _post(client, f"{URL}/{item.pk + 100}/transitions", {"action": "close"}).status_code == 404
    )
    item.refresh_from_db()
    assert item.state == "verified" and item.clue_id is None


def test_the_response_url_is_checked_by_the_page_form(client, inspector):
    item = _item(inspector)
    url = f"{URL}/{item.pk}/transitions"
    _post(client, url, {"action": "verify", "note": "属实"})
    clue = factories.clue_intake(factories.clue_submission()).clue
    linked = _post(client, url, {"action": "respond", "clue_code": clue.tracking_code})
    assert linked.status_code == 200 and linked.json()["clue"] == clue.pk
    bad = _post(
        client, url, {"action": "publish", "response_text": "x", "response_url": "javascript:x"}
    )
    assert bad.status_code == 422 and bad.json()["field"] == "response_url"
