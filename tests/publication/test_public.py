"""Public pages, the Atom feed, the JSON Feed and the public API: published items with the unit's
name and credit code, never a worker's name, ID number or phone, never an unpublished batch."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from wageguard.publication import services
from wageguard.publication.models import PublicationItem
from wageguard.publication.rules import Kind, PeriodKind

from .conftest import CREDIT_CODE, ID_NUMBER, MOBILE, WORKER

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# An 18-character ID number (X included) or an 11-digit mobile anywhere in the output.
PERSONAL = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])")


@pytest.fixture
def published(inspector, supervisor, large_case, transferred_case, small_case):
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    item = services.add_item(inspector, batch, large_case)
    services.add_item(inspector, batch, transferred_case)
    # The editor tries every kind of personal data; the save removes it.
    services.edit_item(
        inspector,
        item,
        kind=Kind.WAGES,
        unit_name=item.unit_name,
        credit_code=CREDIT_CODE,
        address="成都市武侯区人民南路四段 1 号（联系电话 028-85551234）",
        legal_representative="王五",
        facts=(
            f"经查，{WORKER}等劳动者被拖欠工资，{WORKER}身份证 {ID_NUMBER}，手机 {MOBILE}，"
            "银行卡 6222 0212 3456 7890 123，邮箱 ztz@example.com，旧身份证 510107900101123。"
        ),
        handling="责令限期支付；逾期未支付，移送公安机关。",
    )
    for action, user in (("submit", inspector), ("approve", supervisor), ("publish", supervisor)):
        batch = services.transition(batch, action, user)
    draft = services.create_batch(inspector, PeriodKind.AD_HOC)
    services.add_item(inspector, draft, small_case, kind=Kind.OTHER)
    return batch


FORBIDDEN = (
    WORKER,
    ID_NUMBER,
    MOBILE,
    "028-85551234",
    "6222 0212",
    "ztz@example.com",
    "510107900101123",
    "钱多多",
    "孙小二",
)


def assert_clean(text: str) -> None:
    for secret in FORBIDDEN:
        assert secret not in text, secret
    assert not PERSONAL.findall(text)
    assert "武侯小额餐饮店" not in text  # the unpublished batch's unit


def test_public_list_and_detail(client, published, query_baseline):
    with query_baseline("publication.public_list"):
        page = client.get("/public/publications/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "四川鑫达建筑工程有限公司" in body and CREDIT_CODE in body
    assert "成都逃匿劳务有限公司" in body
    assert_clean(body)
    item = PublicationItem.objects.get(unit_name="四川鑫达建筑工程有限公司")
    detail = client.get(f"/public/publications/{item.pk}/").content.decode()
    assert CREDIT_CODE in detail and "王五" in detail and "移送公安机关" in detail
    assert_clean(detail)


def test_unpublished_items_are_404(client, published):
    draft_item = PublicationItem.objects.get(unit_name="武侯小额餐饮店")
    assert client.get(f"/public/publications/{draft_item.pk}/").status_code == 404


def test_atom_feed(client, published):
    response = client.get("/feeds/publications.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert len(entries) == 2
    assert any("四川鑫达建筑工程有限公司" in t for t in titles)
    summaries = " ".join(e.findtext(f"{ATOM}summary") or "" for e in entries)
    assert CREDIT_CODE in summaries
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(re.search(r"/public/publications/\d+/$", link) for link in links)
    assert_clean(response.content.decode())


def test_json_feed(client, published):
    response = client.get("/feeds/publications.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"].endswith("/feeds/publications.json")
    assert len(feed["items"]) == 2
    record = next(i for i in feed["items"] if "鑫达" in i["title"])
    assert record["_wageguard"]["credit_code"] == CREDIT_CODE
    assert record["_wageguard"]["unit_name"] == "四川鑫达建筑工程有限公司"
    assert record["date_published"] and record["url"].startswith("http")
    assert_clean(response.content.decode())


def test_public_api(client, published):
    response = client.get("/api/v1/public/publications")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    units = {i["unit_name"]: i for i in data["items"]}
    assert units["四川鑫达建筑工程有限公司"]["credit_code"] == CREDIT_CODE
    assert units["四川鑫达建筑工程有限公司"]["legal_representative"] == "王五"
    assert_clean(response.content.decode())


def test_rows_written_around_save_are_redacted_when_rendered(client, published):
    """A bulk update skips save(); the render-time pass still removes what it wrote."""
    for item in PublicationItem.objects.filter(batch=published).select_related("case"):
        worker = item.case.workers.first().worker_name
        PublicationItem.objects.filter(pk=item.pk).update(
            facts=f"{worker} {MOBILE} {ID_NUMBER}", handling=f"{worker} 13912345678"
        )
    for url in (
        "/public/publications/",
        "/feeds/publications.atom",
        "/feeds/publications.json",
        "/api/v1/public/publications",
    ):
        assert_clean(client.get(url).content.decode())
    item = PublicationItem.objects.filter(batch=published).first()
    assert_clean(client.get(f"/public/publications/{item.pk}/").content.decode())


def test_nothing_before_publication(client, inspector, supervisor, large_case):
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    services.add_item(inspector, batch, large_case)
    services.transition(batch, "submit", inspector)
    services.transition(batch, "approve", supervisor)  # approved but not yet published
    assert "鑫达" not in client.get("/public/publications/").content.decode()
    assert json.loads(client.get("/feeds/publications.json").content)["items"] == []
    assert client.get("/api/v1/public/publications").json()["count"] == 0
    root = ET.fromstring(client.get("/feeds/publications.atom").content)
    assert root.findall(f"{ATOM}entry") == []
