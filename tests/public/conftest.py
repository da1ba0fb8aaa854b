"""Fixtures for the public pages: listings and published batches in two prefectures and years."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from wageguard.org.rules import Role

WUHOU = "510107"  # 成都市武侯区
ZILIUJING = "510302"  # 自贡市自流井区


@pytest.fixture
def wuhou_inspector(make_user):
    return make_user("pub-wuhou-inspector", Role.INSPECTOR, WUHOU)


@pytest.fixture
def zigong_inspector(make_user):
    return make_user("pub-zigong-inspector", Role.INSPECTOR, ZILIUJING)


@pytest.fixture
def listings(wuhou_inspector, zigong_inspector):
    """One current listing in 武侯区 this year, one in 自流井区 listed last year."""
    today = timezone.localdate()
    last_year = today.replace(year=today.year - 1, month=6, day=1)
    chengdu = factories.case(wuhou_inspector, employer_name="成都筛选示例建筑有限公司")
    zigong = factories.case(
        zigong_inspector,
        employer_name="自贡筛选示例劳务有限公司",
        region=ZILIUJING,
        work_address="四川省自贡市自流井区五星街 1 号",
    )
    return {
        "chengdu": factories.credit_listing(chengdu, wuhou_inspector),
        "zigong": factories.credit_listing(
            zigong,
            zigong_inspector,
            listed_on=last_year,
            expires_on=last_year.replace(year=last_year.year + 3),
        ),
    }


@pytest.fixture
def batches(wuhou_inspector, zigong_inspector):
    """A published batch of 武侯区 for the first quarter of 2025, one of 自流井区 for 2026."""
    chengdu_case = factories.case(wuhou_inspector, employer_name="成都公布示例建筑有限公司")
    zigong_case = factories.case(
        zigong_inspector,
        employer_name="自贡公布示例劳务有限公司",
        region=ZILIUJING,
        work_address="四川省自贡市自流井区五星街 1 号",
    )
    published = timezone.make_aware(dt.datetime(2026, 4, 10, 9))
    chengdu = factories.publication_batch(
        wuhou_inspector.agency,
        state="published",
        period_kind="quarter",
        period_label="2025年第一季度",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
        published_at=published,
    )
    zigong = factories.publication_batch(
        zigong_inspector.agency,
        state="published",
        period_kind="quarter",
        period_label="2026年第一季度",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
        published_at=published,
    )
    factories.publication_item(chengdu, chengdu_case)
    factories.publication_item(zigong, zigong_case)
    return {"chengdu": chengdu, "zigong": zigong}
