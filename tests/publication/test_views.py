"""Staff pages: the queue, opening a batch, editing items, review buttons by role, jurisdiction."""

import pytest

from tests import factories
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role
from wageguard.publication import services
from wageguard.publication.models import PublicationBatch, PublicationItem, PublicationSettings
from wageguard.publication.rules import PeriodKind, State, batch_due, period_of

from .conftest import DECIDED, ID_NUMBER, MOBILE, WORKER

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(inspector, large_case):
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    services.add_item(inspector, batch, large_case)
    return batch


def test_queue_page_and_adding_from_it(client, inspector, large_case, small_case):
    client.force_login(inspector)
    page = client.get("/publications/queue/").content.decode()
    assert large_case.number in page and small_case.number not in page
    assert "请先开设公布批次" in page
    response = client.post(
        "/publications/new/", {"period_kind": "quarterly", "year": "2026", "part": "2"}
    )
    batch = PublicationBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/publications/{batch.pk}/"
    assert 'data-testid="add-to-batch"' in client.get("/publications/queue/").content.decode()
    response = client.post(f"/publications/{batch.pk}/items/add/", {"case": large_case.pk})
    assert response.status_code == 302
    item = PublicationItem.objects.get()
    assert item.case == large_case
    page = client.get("/publications/queue/").content.decode()
    assert "2026年第2季度" in page  # shown as already in the draft batch


@pytest.mark.parametrize(
    ("posted", "location"),
    [
        ("https://evil.example/phish", "/publications/queue/"),
        ("//evil.example/phish", "/publications/queue/"),
        ("/publications/queue/?page=2", "/publications/queue/?page=2"),
        ("", "/publications/queue/"),
    ],
)
def test_a_refused_addition_returns_only_within_the_site(
    client, inspector, small_case, posted, location
):
    """The `next` of the add form is followed only when it stays on this site (no open
    redirect): the case below is refused (not required, no kind chosen), so the view redirects."""
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    client.force_login(inspector)
    response = client.post(
        f"/publications/{batch.pk}/items/add/", {"case": small_case.pk, "next": posted}
    )
    assert response.status_code == 302 and response["Location"] == location
    assert not PublicationItem.objects.exists()


def test_edit_form_redacts_what_is_typed(client, inspector, batch):
    client.force_login(inspector)
    item = batch.items.get()
    prefix = f"item{item.pk}"
    response = client.post(
        f"/publications/{batch.pk}/items/{item.pk}/",
        {
            f"{prefix}-kind": "wages",
            f"{prefix}-unit_name": item.unit_name,
            f"{prefix}-credit_code": "",
            f"{prefix}-address": "成都市武侯区",
            f"{prefix}-legal_representative": "王五",
            f"{prefix}-facts": f"{WORKER}（{ID_NUMBER}，{MOBILE}）被拖欠工资。",
            f"{prefix}-handling": "责令支付。",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/publications/{batch.pk}/").content.decode()
    for secret in (WORKER, ID_NUMBER, MOBILE):
        assert secret not in page
    assert "被拖欠工资" in page


def test_edit_form_shows_field_errors(client, inspector, batch):
    client.force_login(inspector)
    item = batch.items.get()
    prefix = f"item{item.pk}"
    response = client.post(
        f"/publications/{batch.pk}/items/{item.pk}/",
        {f"{prefix}-kind": "wages", f"{prefix}-unit_name": "", f"{prefix}-facts": "x"},
    )
    assert response.status_code == 400
    assert 'data-field="unit_name"' in response.content.decode()


def test_buttons_by_role_and_the_workflow_through_pages(client, inspector, supervisor, batch):
    client.force_login(inspector)
    page = client.get(f"/publications/{batch.pk}/").content.decode()
    assert 'data-action="submit"' in page and 'data-action="approve"' not in page
    client.post(f"/publications/{batch.pk}/transition/", {"action": "submit"})
    assert (
        client.post(f"/publications/{batch.pk}/transition/", {"action": "approve"}).status_code
        == 403
    )
    client.force_login(supervisor)
    page = client.get(f"/publications/{batch.pk}/").content.decode()
    assert 'data-action="approve"' in page and 'data-action="return"' in page
    client.post(f"/publications/{batch.pk}/transition/", {"action": "return"})  # no note
    batch.refresh_from_db()
    assert batch.state == State.SUBMITTED
    client.post(f"/publications/{batch.pk}/transition/", {"action": "approve"})
    client.post(f"/publications/{batch.pk}/transition/", {"action": "publish"})
    batch.refresh_from_db()
    assert batch.state == State.PUBLISHED
    assert "四川鑫达建筑工程有限公司" in client.get("/public/publications/").content.decode()


def test_clerk_has_no_publication_pages(client, make_user, batch):
    client.force_login(make_user("wuhou-pub-clerk2", Role.CLERK, "510107"))
    assert client.get("/publications/").status_code == 403
    assert client.get(f"/publications/{batch.pk}/").status_code == 403


def test_another_county_gets_404(client, make_user, batch):
    client.force_login(make_user("jinjiang-pub-sup", Role.SUPERVISOR, "510104"))
    item = batch.items.get()
    assert client.get(f"/publications/{batch.pk}/").status_code == 404
    assert (
        client.post(f"/publications/{batch.pk}/transition/", {"action": "submit"}).status_code
        == 404
    )
    assert client.post(f"/publications/{batch.pk}/items/{item.pk}/remove/").status_code == 404
    assert "2026年第1季度" not in client.get("/publications/").content.decode()
    batch.refresh_from_db()
    assert batch.state == State.DRAFT and batch.items.count() == 1


def test_the_province_sees_all(client, make_user, batch, query_baseline):
    client.force_login(make_user("sc-pub-taskforce", Role.TASKFORCE, "510000"))
    with query_baseline("publication.batch_list_province"):
        page = client.get("/publications/").content.decode()
    assert "武侯区人力资源和社会保障局" in page and "2026年第1季度" in page
    detail = client.get(f"/publications/{batch.pk}/")
    assert detail.status_code == 200
    assert 'data-action="' not in detail.content.decode()  # reads, acts on nothing
    assert 'data-history="add_item"' in detail.content.decode()


def test_queue_pages_in_the_database(client, inspector, monkeypatch, query_baseline):
    """The queue page reads one page of candidates and applies the rule to those rows only;
    the queries do not grow with the cases of the jurisdiction, and the pages cover each case
    exactly once."""
    from wageguard.publication import queue as queue_module
    from wageguard.publication import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    cases = [
        factories.case(
            inspector,
            f"分页建筑公司{i}",
            [factories.worker(f"工人{i}", "30000", 5)],
            decided_on=DECIDED,
        )
        for i in range(7)
    ]
    assessed = []
    real = queue_module.assess
    monkeypatch.setattr(queue_module, "assess", lambda case: assessed.append(case.pk) or real(case))
    client.force_login(inspector)
    seen = []
    for number in (1, 2, 3):
        assessed.clear()
        with query_baseline(f"publication.queue_page_{number}"):
            html = client.get(f"/publications/queue/?page={number}").content.decode()
        assert len(assessed) <= 4  # the page's rows and the one that tells a next page exists
        seen += [c.pk for c in cases if f'data-case="{c.pk}"' in html]
        assert (f"page={number + 1}" in html) == (number < 3)
    assert sorted(seen) == sorted(c.pk for c in cases)


def test_settings_page_sets_the_publication_margins(client, inspector, make_user):
    """DOMAIN: the publication deadline after a period and the due-soon warning are not national
    rules, so they are the province's settings shown in the UI; only the province's
    administrator changes them, and a batch opened afterwards takes the new deadline."""
    client.force_login(inspector)
    page = client.get("/publications/settings/").content.decode()
    assert (
        "只规定公布周期" in page
        and "第八条" not in page
        and "disabled" in page
        and 'value="15"' in page
    )
    assert "/publications/settings/" in client.get("/publications/").content.decode()  # 管理 nav
    data = {"publish_within_workdays": "10", "due_soon_workdays": "3"}
    assert client.post("/publications/settings/", data).status_code == 403
    county_admin = make_user("wuhou-pub-admin", Role.ADMIN, "510107")
    client.force_login(county_admin)
    assert client.post("/publications/settings/", data).status_code == 403
    admin = make_user("sc-pub-admin", Role.ADMIN, "510000")
    client.force_login(admin)
    bad = client.post("/publications/settings/", {**data, "publish_within_workdays": "0"})
    assert bad.status_code == 200 and "1 至 60" in bad.content.decode()
    assert client.post("/publications/settings/", data).status_code == 302
    settings = PublicationSettings.for_province("51")
    assert (settings.publish_within_workdays, settings.due_soon_workdays) == (10, 3)
    assert AuditEvent.objects.filter(action="publication_settings.update").exists()
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    assert batch.due_date == batch_due(period_of(PeriodKind.QUARTERLY, 2026, 1), 10).date
    assert batch.due_date < batch_due(period_of(PeriodKind.QUARTERLY, 2026, 1)).date


def test_the_batch_list_filters_by_region_and_day_published(client, make_user, batch):
    """The dispatch KPI 重大违法行为公布 links here: region (a province code is the whole
    province) and the local days published; the published items' API filters alike."""
    import datetime as dt

    from django.utils import timezone

    from wageguard.publication.models import PublicationBatch

    day = dt.date(2026, 4, 10)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30)))
    PublicationBatch.objects.filter(pk=batch.pk).update(state="published", published_at=moment)
    client.force_login(make_user("sc-leader", Role.SUPERVISOR, "510000"))
    for query, n in (
        ({"region": "510000", "published_from": "2026-04-10", "published_to": "2026-04-10"}, 1),
        ({"region": "510100"}, 1),
        ({"region": "510300"}, 0),
        ({"published_from": "2026-04-11"}, 0),
        ({"published_to": "2026-04-09"}, 0),
    ):
        page = client.get("/publications/", {"state": "published", **query})
        assert page.status_code == 200
        assert page.context["items_total"] == n, query
        assert len(page.context["rows"]) == n, query
        api = client.get("/api/v1/public/publications", query).json()
        assert api["count"] == n, query
    bad = client.get("/api/v1/public/publications", {"published_from": "2026-4-1"})
    assert bad.status_code == 422 and bad.json()["field"] == "published_from"
    page = client.get("/publications/", {"published_to": "x"})
    assert 'data-testid="filter-error"' in page.content.decode()
