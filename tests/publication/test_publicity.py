"""The publicity log (宣传台账): entries of a bureau, counted by channel, per division one level
below the one viewed and by month; the viewer's jurisdiction only, on the page and in the API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wageguard.org.rules import Role
from wageguard.publication.publicity import services
from wageguard.publication.publicity.models import PublicityEntry

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 2, 10)
START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


@pytest.fixture
def logged(make_user):
    """武侯区 (成都) two WeChat and one website entry, 成都市 itself one press entry, 自贡市's
    自流井区 one Weibo entry, and the province one TV entry."""
    wuhou = make_user("wuhou-publicity", Role.INSPECTOR, "510107")
    chengdu = make_user("chengdu-publicity", Role.SUPERVISOR, "510100")
    zigong = make_user("ziliujing-publicity", Role.INSPECTOR, "510302")
    province = make_user("province-publicity", Role.TASKFORCE, "510000")
    for channel in ("wechat", "wechat", "website"):
        services.record(wuhou, channel=channel, held_on=DAY, title=f"武侯{channel}")
    services.record(chengdu, channel="press", held_on=dt.date(2026, 3, 5), title="成都日报")
    services.record(zigong, channel="weibo", held_on=DAY, title="自贡微博")
    services.record(province, channel="broadcast", held_on=DAY, title="四川电视台")
    # Outside the period: not counted.
    services.record(wuhou, channel="wechat", held_on=dt.date(2025, 12, 31), title="去年")
    return {"wuhou": wuhou, "chengdu": chengdu, "zigong": zigong, "province": province}


def _rows(counts) -> dict[str, dict[str, int]]:
    return {r.code: {k: v for k, v in r.by_channel.items() if v} for r in counts.rows if r.total}


def test_province_counts_per_prefecture_and_channel(logged):
    user = logged["province"]
    region = services.viewed_region(user, None)
    counts = services.counts(user, region, START, END)
    assert _rows(counts) == {
        "510000": {"broadcast": 1},
        "510100": {"wechat": 2, "website": 1, "press": 1},
        "510300": {"weibo": 1},
    }
    assert counts.total == 6
    assert counts.by_channel == {"wechat": 2, "website": 1, "press": 1, "weibo": 1, "broadcast": 1}
    # Every prefecture has a row, with or without entries.
    assert len([r for r in counts.rows if r.code != "510000"]) == 21
    assert [m for m, _cells in counts.months] == [dt.date(2026, 2, 1), dt.date(2026, 3, 1)]


def test_prefecture_counts_per_county(logged):
    user = logged["chengdu"]
    counts = services.counts(user, services.viewed_region(user, None), START, END)
    assert _rows(counts) == {"510100": {"press": 1}, "510107": {"wechat": 2, "website": 1}}


def test_a_county_counts_only_itself(logged, make_user):
    other = make_user("jinjiang-publicity", Role.INSPECTOR, "510104")
    counts = services.counts(other, services.viewed_region(other, None), START, END)
    assert counts.total == 0
    with pytest.raises(PermissionDenied):
        services.viewed_region(other, "510107")
    with pytest.raises(PermissionDenied):
        services.viewed_region(logged["zigong"], "510100")


def test_record_refusals_name_the_field(logged):
    user = logged["wuhou"]
    with pytest.raises(ValidationError) as exc:
        services.record(user, channel="fax", held_on=DAY, title="x")
    assert list(exc.value.message_dict) == ["channel"]
    with pytest.raises(ValidationError) as exc:
        services.record(user, channel="wechat", held_on=DAY, title=" ")
    assert list(exc.value.message_dict) == ["title"]
    with pytest.raises(ValidationError) as exc:
        services.record(user, channel="wechat", held_on=dt.date(2999, 1, 1), title="x")
    assert list(exc.value.message_dict) == ["held_on"]


def test_only_the_recording_bureau_removes(logged):
    entry = PublicityEntry.objects.filter(title="武侯wechat").first()
    with pytest.raises(PermissionDenied):
        services.remove(logged["chengdu"], entry)
    services.remove(logged["wuhou"], entry)
    assert not PublicityEntry.objects.filter(pk=entry.pk).exists()


def test_page_filters_and_counts(client, logged):
    client.force_login(logged["province"])
    page = client.get(
        reverse("publication:publicity-log"),
        {"region": "510100", "start": "2026-01-01", "end": "2026-03-31"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-region="510107"' in html and 'data-testid="total">4<' in html
    assert "自贡微博" not in html


def test_page_refuses_another_jurisdiction(client, logged):
    client.force_login(logged["zigong"])
    page = client.get(reverse("publication:publicity-log"), {"region": "510107"})
    assert page.status_code == 403
    assert "武侯wechat" not in page.content.decode()
    own = client.get(reverse("publication:publicity-log"))
    assert "自贡微博" in own.content.decode() and "武侯wechat" not in own.content.decode()


def test_add_from_the_page(client, logged):
    client.force_login(logged["wuhou"])
    response = client.post(
        reverse("publication:publicity-add"),
        {"channel": "short_video", "held_on": "2026-02-11", "title": "抖音普法", "url": ""},
    )
    assert response.status_code == 302
    entry = PublicityEntry.objects.get(title="抖音普法")
    assert entry.region_id == "510107" and entry.channel == "short_video"


def test_api_counts_for_staff(client, logged):
    client.force_login(logged["chengdu"])
    body = client.get(
        "/api/v1/publicity-log", {"region": "510100", "start": "2026-01-01", "end": "2026-03-31"}
    ).json()
    assert body["total"] == 4
    rows = {r["region"]: r["total"] for r in body["regions"] if r["total"]}
    assert rows == {"510100": 1, "510107": 3}
    assert {c["channel"]: c["count"] for c in body["channels"]}["wechat"] == 2
    assert client.get("/api/v1/publicity-log", {"region": "510300"}).status_code == 403
    client.logout()
    assert client.get("/api/v1/publicity-log").status_code in (401, 403)


def test_a_refused_entry_names_the_field(client, logged):
    client.force_login(logged["wuhou"])
    response = client.post(
        reverse("publication:publicity-add"),
        {"channel": "wechat", "held_on": "2026-02-11", "title": ""},
        follow=True,
    )
    assert "标题" in response.content.decode()
    assert not PublicityEntry.objects.filter(held_on=dt.date(2026, 2, 11)).exists()
