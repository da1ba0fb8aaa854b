"""Listed supervision (挂牌督办, issue 14 item 4): one open listing per clue and level, the
register (督办台账) and its filters, the inbox's `listed` filter and badge, the overview's column,
report-back and review, daily reminders, the API, jurisdiction and query counts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wageguard.clues.models import Supervision, SupervisionReminder
from wageguard.clues.services import listed
from wageguard.core.calendar import add_workdays
from wageguard.org import services as org_services
from wageguard.org.bootstrap import create_agencies
from wageguard.org.models import Notification
from wageguard.org.rules import Role

from .conftest import submit

pytestmark = pytest.mark.django_db

JINJIANG = "四川省成都市锦江区春熙路 1 号"


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def city(make_user):
    return make_user("cd-sup", Role.SUPERVISOR, "510100")


@pytest.fixture
def province(make_user):
    return make_user("sc-sup", Role.SUPERVISOR, "510000")


@pytest.fixture
def county(make_user):
    return make_user("w-insp", Role.INSPECTOR, "510107")


def bearer(user) -> dict:
    _token, key = org_services.create_token(None, user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_one_level_lists_a_clue_once_while_open(raw, city, province, county):
    clue = submit(raw)
    row = listed.list_for_supervision(clue, city, "五日内查清")
    assert row.level == "city" and row.due_by_default
    assert row.due_date == add_workdays(timezone.localdate(), 5).date
    # The same official, the same requirement again (a double click): the same listing.
    assert listed.list_for_supervision(clue, city, "五日内查清").pk == row.pk
    with pytest.raises(ValidationError) as refused:
        listed.list_for_supervision(clue, city, "另一个要求")
    assert "clue" in refused.value.message_dict
    assert "销号前不能重复挂牌" in refused.value.message_dict["clue"][0]
    # Another level may list the same clue; the county may not list at all.
    assert listed.list_for_supervision(clue, province, "省级挂牌").level == "province"
    with pytest.raises(PermissionDenied):
        listed.list_for_supervision(clue, county, "x")
    assert Supervision.objects.filter(clue=clue, kind="listed").count() == 2
    # Once closed, the level may list it again.
    listed.report_back(row, county, "已支付")
    listed.review(row, city, "close", "同意销号")
    again = listed.list_for_supervision(clue, city, "再次挂牌")
    assert again.pk != row.pk and again.listed_state == "listed"


def test_the_database_refuses_a_second_open_listing(raw, city):
    clue = submit(raw)
    listed.list_for_supervision(clue, city, "查清")
    with pytest.raises(IntegrityError), transaction.atomic():
        Supervision.objects.create(
            clue=clue, kind="listed", by_agency=city.agency, level="city", note="dup"
        )


def test_a_double_submit_from_the_page_lists_once(client, raw, city):
    clue = submit(raw)
    client.force_login(city)
    for _ in range(2):
        response = client.post(f"/clues/{clue.pk}/supervise/", {"note": "五日内查清"})
        assert response.status_code == 302
    assert Supervision.objects.filter(clue=clue, kind="listed").count() == 1
    client.post(f"/clues/{clue.pk}/supervise/", {"note": "另一个要求"})
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    assert "销号前不能重复挂牌" in page
    assert Supervision.objects.filter(clue=clue, kind="listed").count() == 1
    # The level's open listing is shown instead of another listing form.
    assert 'data-testid="list-supervision"' not in page and 'data-testid="listed-item"' in page


def test_the_official_sets_the_deadline_and_it_is_recorded(client, raw, city):
    clue = submit(raw)
    client.force_login(city)
    due = add_workdays(timezone.localdate(), 3).date
    client.post(f"/clues/{clue.pk}/supervise/", {"note": "三日内", "due_date": due.isoformat()})
    row = Supervision.objects.get(clue=clue, kind="listed")
    assert row.due_date == due and not row.due_by_default
    other = submit(raw)
    with pytest.raises(ValidationError) as refused:
        listed.list_for_supervision(other, city, "x", timezone.localdate())
    assert "due_date" in refused.value.message_dict


def test_report_back_then_return_then_close(raw, city, province, county):
    clue = submit(raw)
    row = listed.list_for_supervision(clue, city, "查清")
    with pytest.raises(ValidationError):
        listed.review(row, city, "close")  # nothing reported yet
    listed.report_back(row, county, "已约谈")
    with pytest.raises(ValidationError):
        listed.report_back(row, county, "另一份报告")  # reported already
    with pytest.raises(PermissionDenied):
        listed.review(row, province, "close")  # only the level that listed it
    with pytest.raises(ValidationError) as refused:
        listed.review(row, city, "return")
    assert "note" in refused.value.message_dict
    new_due = add_workdays(timezone.localdate(), 4).date
    row = listed.review(row, city, "return", "未附凭证", new_due)
    assert row.listed_state == "listed" and row.returned_count == 1 and row.due_date == new_due
    assert Notification.objects.filter(user=county, text__contains="退回").exists()
    listed.report_back(row, county, "已补充凭证")
    row = listed.review(row, city, "close", "同意")
    assert row.listed_state == "closed" and row.closed_by == city
    assert listed.review(row, city, "close").pk == row.pk  # a double click on 销号


def _three_states(raw, city, province, county) -> dict[str, Supervision]:
    """An overdue item (city), a reported one (province) and a closed one (city)."""
    overdue = listed.list_for_supervision(submit(raw), city, "逾期")
    Supervision.objects.filter(pk=overdue.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    reported = listed.list_for_supervision(submit(raw), province, "已报告")
    listed.report_back(reported, county, "报告")
    closed = listed.list_for_supervision(submit(raw), city, "已销号")
    listed.report_back(closed, county, "报告")
    listed.review(closed, city, "close")
    return {"overdue": overdue, "reported": reported, "closed": closed}


def _ids(page: str) -> list[int]:
    import re

    return [int(x) for x in re.findall(r'data-supervision="(\d+)"', page)]


def test_register_filters_and_order(client, raw, city, province, county):
    rows = _three_states(raw, city, province, county)
    soon = listed.list_for_supervision(
        submit(raw), province, "临期", add_workdays(timezone.localdate(), 1).date
    )
    client.force_login(city)

    def ids(query: str = "") -> list[int]:
        response = client.get(f"/clues/supervisions/{query}")
        assert response.status_code == 200
        return _ids(response.content.decode())

    # Open items by default, nearest deadline first.
    assert ids() == [rows["overdue"].pk, soon.pk, rows["reported"].pk]
    assert ids("?state=closed") == [rows["closed"].pk]
    assert sorted(ids("?state=all")) == sorted(r.pk for r in [*rows.values(), soon])
    assert ids("?level=province") == [soon.pk, rows["reported"].pk]
    assert ids("?overdue=1") == [rows["overdue"].pk] == ids("?sla=overdue")
    assert ids("?sla=due_soon") == [soon.pk]
    assert ids("?state=reported") == [rows["reported"].pk]
    assert ids("?region=510107") == ids() and ids("?region=510104") == []
    page = client.get("/clues/supervisions/?level=county").content.decode()
    assert 'data-testid="filter-error"' in page and "督办层级" in page


def test_inbox_filter_matches_the_register(client, raw, city, province, county):
    rows = _three_states(raw, city, province, county)
    both = submit(raw)
    listed.list_for_supervision(both, city, "市级")
    listed.list_for_supervision(both, province, "省级")
    client.force_login(city)

    def inbox(query: str) -> set[int]:
        import re

        page = client.get(f"/clues/{query}").content.decode()
        return {int(x) for x in re.findall(r'<tr data-clue="(\d+)"', page)}

    def register(query: str) -> set[int]:
        return {
            Supervision.objects.get(pk=pk).clue_id
            for pk in _ids(client.get(f"/clues/supervisions/{query}").content.decode())
        }

    assert (
        inbox("?listed=1")
        == register("")
        == {
            rows["overdue"].clue_id,
            rows["reported"].clue_id,
            both.pk,
        }
    )
    for level in ("city", "province"):
        assert inbox(f"?listed={level}") == register(f"?level={level}")
        assert len(inbox(f"?listed={level}")) == len(
            _ids(client.get(f"/clues/supervisions/?level={level}").content.decode())
        )
    page = client.get("/clues/?listed=1").content.decode()
    assert page.count('data-testid="listed-badge"') == 4  # `both` carries two badges
    assert "挂牌督办须为" in client.get("/clues/?listed=county").content.decode()


def test_overview_counts_listed_items_per_county_with_a_link(client, raw, city, province, county):
    _three_states(raw, city, province, county)
    listed.list_for_supervision(submit(raw, work_address=JINJIANG), city, "锦江")
    client.force_login(city)
    page = client.get("/clues/overview/").content.decode()
    assert 'href="/clues/supervisions/?state=open&amp;region=510107" data-count="2">2</a>' in page
    assert 'href="/clues/supervisions/?state=open&amp;region=510104" data-count="1">1</a>' in page
    assert '<a href="/clues/supervisions/" data-testid="listed-total">3</a>' in page


def test_another_county_sees_nothing(client, make_user, raw, city, province, county):
    _three_states(raw, city, province, county)
    jinjiang = make_user("jj-sup", Role.SUPERVISOR, "510104")
    client.force_login(jinjiang)
    page = client.get("/clues/supervisions/?state=all").content.decode()
    assert _ids(page) == [] and "武侯" not in page
    assert 'data-testid="listed-badge"' not in client.get("/clues/").content.decode()
    answer = client.get("/api/v1/supervisions?state=all", **bearer(jinjiang)).json()
    assert answer["count"] == 0
    # Its own county's listing is there for it.
    mine = listed.list_for_supervision(submit(raw, work_address=JINJIANG), city, "锦江")
    assert _ids(client.get("/clues/supervisions/").content.decode()) == [mine.pk]
    client.force_login(county)
    assert mine.pk not in _ids(client.get("/clues/supervisions/?state=all").content.decode())


def test_reminders_once_a_day_before_and_after_the_deadline(raw, city, county):
    clue = submit(raw)
    today = timezone.localdate()
    row = listed.list_for_supervision(clue, city, "查清", add_workdays(today, 1).date)
    first = listed.remind(today=today)
    again = listed.remind(today=today)
    assert first.before == [row.pk] and again.before == [] and again.overdue == []
    assert Notification.objects.filter(user=county, text__contains="须于").count() == 1
    late = row.due_date + dt.timedelta(days=1)
    assert listed.remind(today=late).overdue == [row.pk]
    assert listed.remind(today=late).overdue == []
    assert listed.remind(today=late + dt.timedelta(days=1)).overdue == [row.pk]
    assert Notification.objects.filter(user=county, text__contains="已超过").count() == 2
    # The listing level hears of the first overdue day only.
    assert Notification.objects.filter(user=city, text__contains="逾期未报告").count() == 1
    assert SupervisionReminder.objects.filter(supervision=row).count() == 3
    # Reported back: no more reminders.
    listed.report_back(row, county, "已报告")
    assert listed.remind(today=late + dt.timedelta(days=2)).overdue == []
    assert listed.remind(today=late, dry_run=True).overdue == []


def test_dry_run_sends_nothing(raw, city, county):
    today = timezone.localdate()
    row = listed.list_for_supervision(submit(raw), city, "查清", add_workdays(today, 1).date)
    assert listed.remind(today=today, dry_run=True).before == [row.pk]
    assert not SupervisionReminder.objects.exists()


def test_api_register_list_and_duplicate(client, raw, city, county):
    clue = submit(raw)
    auth = bearer(city)
    body = {"clue_id": clue.pk, "note": "五日内查清"}
    created = client.post("/api/v1/supervisions", body, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["level"] == "city" and item["state"] == "listed" and item["due_by_default"]
    again = client.post("/api/v1/supervisions", body, content_type="application/json", **auth)
    assert again.status_code == 200 and again.json()["id"] == item["id"]
    body["note"] = "另一个要求"
    dup = client.post("/api/v1/supervisions", body, content_type="application/json", **auth)
    assert dup.status_code == 422 and dup.json()["field"] == "clue"
    refused = client.post(
        "/api/v1/supervisions", body, content_type="application/json", **bearer(county)
    )
    assert refused.status_code == 403
    listing = client.get("/api/v1/supervisions?level=city", **auth).json()
    assert listing["count"] == 1 and listing["items"][0]["tracking_code"] == clue.tracking_code
    bad = client.get("/api/v1/supervisions?state=nope", **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "state"
    reported = client.post(
        f"/api/v1/supervisions/{item['id']}/report",
        {"report": "已支付"},
        content_type="application/json",
        **bearer(county),
    )
    assert reported.status_code == 200 and reported.json()["state"] == "reported"
    closed = client.post(
        f"/api/v1/supervisions/{item['id']}/review",
        {"decision": "close", "note": "同意"},
        content_type="application/json",
        **auth,
    )
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    listed_clues = client.get("/api/v1/clues?listed=1", **auth).json()
    assert listed_clues["count"] == 0


def test_register_query_count_is_constant(client, raw, city, query_baseline):
    client.force_login(city)
    for _ in range(3):
        listed.list_for_supervision(submit(raw), city, "查清")
    client.get("/clues/supervisions/")  # warm the per-process caches
    with query_baseline("clues.supervisions_3_items") as few:
        assert client.get("/clues/supervisions/").status_code == 200
    for _ in range(27):
        listed.list_for_supervision(submit(raw), city, "查清")
    with query_baseline("clues.supervisions_30_items") as many:
        assert client.get("/clues/supervisions/").status_code == 200
    assert len(few) == len(many)
