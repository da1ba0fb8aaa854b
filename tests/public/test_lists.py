"""The public lists under the public layout: narrowed by division and year, and an empty result
worded as what it is (nothing matched, or nothing listed at all)."""

import pytest

from wageguard.credit.models import CreditListing
from wageguard.publication.models import PublicationBatch

pytestmark = pytest.mark.django_db

CREDIT = "/public/credit-list/"
PUBLICATIONS = "/public/publications/"


def listed(html: str) -> int:
    return html.count('data-testid="public-listing"')


def test_the_lists_use_the_public_layout_not_the_report_form(client, listings, batches):
    for url in (CREDIT, PUBLICATIONS):
        html = client.get(url).content.decode()
        assert 'data-testid="public-header"' in html and 'data-testid="public-footer"' in html
        assert "欠薪线索反映" not in html  # the report form's header
        assert 'href="tel:12333"' in html


def test_credit_list_by_prefecture_and_county(client, listings):
    html = client.get(CREDIT).content.decode()
    assert listed(html) == 2
    # The prefecture select lists the province's prefectures; counties only once one is chosen.
    assert '<option value="510100">成都市</option>' in html
    assert 'name="county"' not in html
    html = client.get(CREDIT, {"prefecture": "510300"}).content.decode()
    assert listed(html) == 1 and "自贡筛选示例劳务有限公司" in html
    assert 'name="county"' in html and "自流井区" in html
    html = client.get(CREDIT, {"prefecture": "510100", "county": "510107"}).content.decode()
    assert listed(html) == 1 and "成都筛选示例建筑有限公司" in html
    html = client.get(CREDIT, {"prefecture": "510100", "county": "510104"}).content.decode()
    assert listed(html) == 0 and 'data-testid="no-match"' in html
    # A county alone (a shared link) brings its prefecture.
    html = client.get(CREDIT, {"county": "510107"}).content.decode()
    assert listed(html) == 1 and "selected>成都市</option>" in html


def test_credit_list_by_year_of_listing(client, listings):
    this_year = listings["chengdu"].listed_on.year
    html = client.get(CREDIT).content.decode()
    assert f'<option value="{this_year}">' in html
    assert f'<option value="{this_year - 1}">' in html
    html = client.get(CREDIT, {"year": this_year - 1}).content.decode()
    assert listed(html) == 1 and "自贡筛选示例劳务有限公司" in html


def test_a_value_not_offered_narrows_nothing(client, listings):
    html = client.get(CREDIT, {"prefecture": "110100", "year": "1900"}).content.decode()
    assert listed(html) == 2 and 'data-testid="no-match"' not in html


def test_credit_list_empty_results_are_worded_as_such(client, listings):
    html = client.get(CREDIT, {"q": "没有这家单位"}).content.decode()
    assert 'data-testid="no-match"' in html and "没有符合条件的记录" in html
    assert "暂无当前有效的名单" not in html
    assert 'data-testid="clear-filters"' in html
    CreditListing.objects.all().delete()
    html = client.get(CREDIT).content.decode()
    assert "暂无当前有效的名单" in html and "没有符合条件的记录" not in html
    assert 'data-testid="clear-filters"' not in html


def test_credit_list_pages_keep_the_filters(client, listings, monkeypatch):
    from wageguard.credit import public

    monkeypatch.setattr(public, "PAGE_SIZE", 1)
    html = client.get(CREDIT, {"q": "筛选示例", "prefecture": "510100"}).content.decode()
    assert listed(html) == 1
    CreditListing.objects.filter(pk=listings["zigong"].pk).update(
        region_id="510104", listed_on=listings["chengdu"].listed_on
    )
    html = client.get(CREDIT, {"q": "筛选示例", "prefecture": "510100"}).content.decode()
    assert "prefecture=510100&amp;page=2" in html and "q=" in html


def test_publications_by_prefecture_and_year(client, batches):
    def shown(params=None) -> str:
        return client.get(PUBLICATIONS, params or {}).content.decode()

    assert shown().count('data-testid="publication-batch"') == 2
    html = shown({"prefecture": "510100"})
    assert html.count('data-testid="publication-batch"') == 1
    assert "成都公布示例建筑有限公司" in html and "自贡公布示例劳务有限公司" not in html
    html = shown({"prefecture": "510300", "county": "510302"})
    assert "自贡公布示例劳务有限公司" in html and "成都公布示例建筑有限公司" not in html
    html = shown({"year": "2025"})
    assert "成都公布示例建筑有限公司" in html and "自贡公布示例劳务有限公司" not in html
    assert '<option value="2026">' in html and '<option value="2025" selected>' in html


def test_publications_empty_results_are_worded_as_such(client, batches):
    html = client.get(PUBLICATIONS, {"prefecture": "510100", "year": "2026"}).content.decode()
    assert 'data-testid="no-match"' in html and "暂无公布信息" not in html
    PublicationBatch.objects.update(state="approved")
    html = client.get(PUBLICATIONS).content.decode()
    assert "暂无公布信息" in html and 'data-testid="no-match"' not in html
