"""Every public page and feed, rendered with the demo province, carries no ID number, no mobile
number and no worker's name (DESIGN: Money and people; Order 29 art. 6; Order 45)."""

import json
import re
from xml.etree import ElementTree

import pytest
from stdnum.cn import ric

from wageguard.cases.models import CaseWorker
from wageguard.clues.models import ArrearsLine, Clue
from wageguard.credit.models import CreditListing
from wageguard.demo.province import seed
from wageguard.parties.models import Person
from wageguard.publication.models import PublicationItem

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# Runs of digits (an 18-character ID may end in X); checked one by one below.
ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def public_urls(client) -> list[str]:
    urls = [
        "/report/what/",
        "/report/track/",
        "/public/credit-list/",
        "/public/publications/",
        "/feeds/publications.atom",
        "/feeds/publications.json",
        "/api/v1/public/credit-listings",
        "/api/v1/public/publications",
    ]
    urls += [f"/public/publications/{pk}/" for pk in published_item_ids()]
    return urls


def published_item_ids() -> list[int]:
    return list(
        PublicationItem.objects.filter(batch__state="published").values_list("pk", flat=True)
    )


def private_names() -> set[str]:
    """Workers and reporters; a name shared with a published legal representative is left out,
    since the representative's name is public by law (Order 29 art. 6, Order 45)."""
    public = set(
        Person.objects.filter(case_roles__role="legal_representative").values_list(
            "name", flat=True
        )
    )
    names = set(CaseWorker.objects.values_list("worker_name", flat=True))
    names |= set(ArrearsLine.objects.values_list("worker_name", flat=True))
    names |= set(Clue.objects.exclude(reporter_name="").values_list("reporter_name", flat=True))
    return {n for n in names if n and n not in public}


def test_public_output_of_the_demo_province(client):
    """One seeding (the demo takes a while) serves both checks."""
    seed(size="tiny")
    no_personal_data(client)
    feeds_carry_publications_and_current_listings(client)


def no_personal_data(client) -> None:
    assert CreditListing.objects.filter(state="listed").exists()
    assert published_item_ids()
    names = private_names()
    assert len(names) > 50
    for url in public_urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        ids = [m for m in ID_LIKE.findall(text) if ric.is_valid(m)]
        assert not ids, f"{url} shows ID numbers {ids[:3]}"
        assert not MOBILE.findall(text), f"{url} shows mobile numbers"
        leaked = [n for n in names if n in text]
        assert not leaked, f"{url} shows workers' or reporters' names {leaked[:3]}"


def feeds_carry_publications_and_current_listings(client) -> None:
    listed = CreditListing.objects.filter(state="listed").first()
    expired = CreditListing.objects.filter(state="expired").first()
    atom = ElementTree.fromstring(client.get("/feeds/publications.atom").content)
    entries = atom.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    titles = " ".join(e.findtext(f"{ATOM}title") for e in entries)
    assert listed.unit_name in titles
    assert expired.unit_name not in titles or expired.unit_name in {
        i.unit_name for i in PublicationItem.objects.filter(batch__state="published")
    }
    feed = json.loads(client.get("/feeds/publications.json").content)
    kinds = {item["_wageguard"]["type"] for item in feed["items"]}
    assert kinds == {"publication", "credit_listing"}
    listing = next(i for i in feed["items"] if i["_wageguard"].get("unit_name") == listed.unit_name)
    assert listing["_wageguard"]["credit_code"] == listed.credit_code
