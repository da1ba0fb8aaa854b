"""Public opinion linkage (issue 13 item 5): hour deadlines by risk; a threat of jumping escalates
at once to the prefecture and the province and shows for the meeting screen; the workflow refuses
naming the field and links to a new clue; jurisdiction bounds every page; the list's queries do
not grow with the items."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests import factories
from wageguard.clues.models import Clue
from wageguard.clues.rules import Channel
from wageguard.dispatch.opinion import rules, services
from wageguard.dispatch.opinion.models import OpinionItem
from wageguard.dispatch.opinion.rules import OpinionRisk, OpinionState
from wageguard.org.models import Notification
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

JINJIANG = "510104"
ZIGONG_COUNTY = "510302"


def _data(**over):
    fields = {
        "source": "weibo",
        "source_url": "https://weibo.com/1234/abc",
        "title": "工地工人讨薪",
        "summary": "有网友反映某工地拖欠工资",
        "seen_at": timezone.now(),
        "risk": OpinionRisk.LOW,
        "region": factories.Region.objects.get(code=factories.WUHOU),
    }
    fields.update(over)
    return services.OpinionData(**fields)


@pytest.fixture
def inspector(make_user):
    return make_user("op-inspector", Role.INSPECTOR, factories.WUHOU)


def test_deadlines_are_hours_from_seen_by_risk(inspector):
    seen = timezone.now() - dt.timedelta(hours=2)
    for risk, (v, r, p) in rules.DEADLINE_HOURS.items():
        item = services.create(inspector, _data(seen_at=seen, risk=risk, title=f"t-{risk}"))
        assert item.verify_due == seen + dt.timedelta(hours=v)
        assert item.respond_due == seen + dt.timedelta(hours=r)
        assert item.publish_due == seen + dt.timedelta(hours=p)
    # Extreme items seen 2 hours ago are past their 1-hour verification; low ones are not.
    overdue = OpinionItem.objects.overdue()
    assert set(overdue.values_list("risk", flat=True)) == {OpinionRisk.EXTREME}
    assert rules.DEADLINE_HOURS[OpinionRisk.EXTREME][0] < rules.DEADLINE_HOURS[OpinionRisk.LOW][0]


def test_threat_of_jumping_escalates_at_once_to_prefecture_and_province(inspector, make_user):
    chengdu = make_user("op-cd-sup", Role.SUPERVISOR, "510100")
    province = make_user("op-sc-tf", Role.TASKFORCE, "510000")
    other = make_user("op-zg-sup", Role.SUPERVISOR, "510300")
    item = services.create(
        inspector, _data(title="农民工爬塔吊扬言跳楼讨薪", risk=OpinionRisk.MEDIUM, workers=3)
    )
    assert item.risk == OpinionRisk.EXTREME  # the clues' urgency keyword raised it
    assert any("跳楼" in r for r in item.risk_reasons)
    assert item.escalated_at is not None and item.on_meeting_screen
    assert list(OpinionItem.objects.for_meeting_screen()) == [item]
    for user in (chengdu, province):
        note = Notification.objects.get(user=user)
        assert "极端事件风险" in note.text and note.url == f"/dispatch/opinion/{item.pk}/"
    assert not Notification.objects.filter(user=other).exists()
    escalation = item.history.get(action="escalate")
    assert {t["level"] for t in escalation.data["to"]} == {"city", "province"}


def test_raising_to_extreme_escalates_and_tightens_deadlines(inspector, make_user):
    province = make_user("op-sc-tf2", Role.TASKFORCE, "510000")
    item = services.create(inspector, _data())
    assert not item.on_meeting_screen
    with pytest.raises(ValidationError) as exc:
        services.transition(inspector, item, "raise_risk", {"risk": OpinionRisk.LOW, "note": "x"})
    assert "risk" in exc.value.error_dict
    item = services.transition(
        inspector, item, "raise_risk", {"risk": OpinionRisk.EXTREME, "note": "工人在现场聚集"}
    )
    assert item.on_meeting_screen and item.state == OpinionState.NEW
    assert item.verify_due == item.seen_at + dt.timedelta(hours=1)
    assert Notification.objects.filter(user=province).count() == 1
    assert [h.action for h in item.history.order_by("pk")] == ["create", "raise_risk", "escalate"]


def test_workflow_refuses_naming_the_field_and_links_a_new_clue(inspector):
    item = services.create(inspector, _data(address=factories.WORK_ADDRESS))
    with pytest.raises(ValidationError) as exc:
        services.transition(inspector, item, "verify", {"note": ""})
    assert "note" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.transition(inspector, item, "publish", {})
    assert "action" in exc.value.error_dict
    item = services.transition(inspector, item, "verify", {"note": "经核实属实"})
    with pytest.raises(ValidationError) as exc:
        services.transition(inspector, item, "respond", {})
    assert "clue_code" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.transition(inspector, item, "respond", {"create_clue": True})
    assert "employer_name" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.transition(inspector, item, "respond", {"clue_code": "NOSUCHCODE"})
    assert "clue_code" in exc.value.error_dict
    item = services.transition(
        inspector, item, "respond", {"create_clue": True, "employer_name": "某建筑有限公司"}
    )
    clue = Clue.objects.get(pk=item.clue_id)
    assert clue.channel == Channel.PUBLIC_OPINION and clue.region_id == factories.WUHOU
    assert item.state == OpinionState.RESPONDED
    with pytest.raises(ValidationError) as exc:
        services.transition(inspector, item, "publish", {"response_text": "已责令支付"})
    assert "response_url" in exc.value.error_dict
    item = services.transition(
        inspector,
        item,
        "publish",
        {"response_text": "已责令支付", "response_url": "https://www.sc.gov.cn/x"},
    )
    item = services.transition(inspector, item, "close", {})
    assert item.state == OpinionState.CLOSED
    assert item.history.count() == 5  # create, verify, respond, publish, close


def test_linking_an_existing_clue_by_code(client, inspector, raw):
    clue = factories.clue_intake(raw()).clue
    item = services.create(inspector, _data())
    services.transition(inspector, item, "verify", {"note": "属实"})
    item = services.transition(inspector, item, "respond", {"clue_code": clue.tracking_code})
    assert item.clue_id == clue.pk
    item = services.transition(
        inspector,
        item,
        "publish",
        {"response_text": "已责令支付", "response_url": "https://www.sc.gov.cn/r"},
    )
    client.force_login(inspector)
    page = client.get(f"/dispatch/opinion/{item.pk}/").content.decode()
    assert f"/clues/{clue.pk}/" in page and "已责令支付" in page
    assert 'data-testid="form-close"' in page and 'data-testid="form-verify"' not in page


def test_jurisdiction(client, inspector, make_user):
    item = services.create(inspector, _data())
    neighbour = make_user("op-jj", Role.INSPECTOR, JINJIANG)
    city = make_user("op-cd", Role.SUPERVISOR, "510100")
    zigong = make_user("op-zg", Role.INSPECTOR, ZIGONG_COUNTY)
    clerk_far = make_user("op-clerk", Role.LIAISON, factories.WUHOU)
    assert list(OpinionItem.objects.restrict(city)) == [item]
    assert not OpinionItem.objects.restrict(neighbour).exists()
    assert not OpinionItem.objects.restrict(zigong).exists()
    assert services.available_actions(neighbour, item) == []
    with pytest.raises(PermissionDenied):
        services.create(neighbour, _data())
    client.force_login(neighbour)
    assert client.get(f"/dispatch/opinion/{item.pk}/").status_code == 404
    assert (
        client.post(f"/dispatch/opinion/{item.pk}/act/verify/", {"verify-note": "x"}).status_code
        == 404
    )
    client.force_login(clerk_far)
    assert client.get("/dispatch/opinion/").status_code == 403
    client.force_login(city)
    assert client.get(f"/dispatch/opinion/{item.pk}/").status_code == 200


def test_pages_enter_act_and_refuse_in_place(client, inspector):
    client.force_login(inspector)
    page = client.get("/dispatch/opinion/new/")
    assert page.status_code == 200
    bad = client.post(
        "/dispatch/opinion/new/",
        {
            "source": "weibo",
            "source_url": "ftp://x",
            "title": "讨薪",
            "summary": "s",
            "seen_at": "2026-12-01T10:00",
            "risk": "low",
            "region": factories.WUHOU,
        },
    )
    assert bad.status_code == 422 and "source_url" in bad.context["form"].errors
    assert "讨薪" in bad.content.decode()  # input kept
    ok = client.post(
        "/dispatch/opinion/new/",
        {
            "source": "weibo",
            "source_url": "https://weibo.com/x",
            "title": "讨薪",
            "summary": "s",
            "seen_at": "2026-12-01T10:00",
            "risk": "low",
            "region": factories.WUHOU,
        },
    )
    item = OpinionItem.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/dispatch/opinion/{item.pk}/"
    detail = client.get(ok["Location"]).content.decode()
    assert 'data-testid="form-verify"' in detail and 'data-testid="form-publish"' not in detail
    refused = client.post(f"/dispatch/opinion/{item.pk}/act/verify/", {"verify-note": ""})
    assert refused.status_code == 422
    assert client.post(f"/dispatch/opinion/{item.pk}/act/publish/", {}).status_code == 403
    done = client.post(f"/dispatch/opinion/{item.pk}/act/verify/", {"verify-note": "属实"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.state == OpinionState.VERIFIED
    listing = client.get("/dispatch/opinion/?overdue=on").content.decode()
    assert "讨薪" in listing  # seen 2026-12-01, respond deadline long past


def test_list_queries_do_not_grow(client, inspector, query_baseline):
    client.force_login(inspector)
    services.create(inspector, _data(title="a"))
    with query_baseline("dispatch.opinion_list"):
        assert client.get("/dispatch/opinion/").status_code == 200
    for n in range(5):
        services.create(inspector, _data(title=f"b{n}"))
    with query_baseline("dispatch.opinion_list"):
        assert client.get("/dispatch/opinion/").status_code == 200


def test_api_lists_and_filters_within_jurisdiction(client, inspector, make_user):
    extreme = services.create(inspector, _data(title="工人聚集讨薪"))
    services.create(inspector, _data(title="普通舆情"))
    client.force_login(inspector)
    body = client.get("/api/v1/opinion?risk=extreme").json()
    assert [row["id"] for row in body["items"]] == [extreme.pk]
    assert body["items"][0]["on_meeting_screen"] is True
    assert client.get("/api/v1/opinion?region=510100").json()["count"] == 2
    assert client.get(f"/api/v1/opinion/{extreme.pk}").json()["risk"] == "extreme"
    client.force_login(make_user("op-api-jj", Role.INSPECTOR, JINJIANG))
    assert client.get("/api/v1/opinion").json()["count"] == 0
    assert client.get(f"/api/v1/opinion/{extreme.pk}").status_code == 404


def test_risk_follows_the_clue_urgency_rules():
    keywords, threshold = ("跳楼", "聚集"), 10
    assert rules.assessed_risk("low", "工资拖欠", 3, keywords, threshold) == ("low", [])
    risk, reasons = rules.assessed_risk("low", "工资拖欠", 12, keywords, threshold)
    assert risk == "high" and "12 名劳动者" in reasons[0]
    assert rules.assessed_risk("extreme", "工资拖欠", 12, keywords, threshold)[0] == "extreme"
    assert rules.assessed_risk("medium", "扬言跳楼", None, keywords, threshold)[0] == "extreme"
