"""The case list at province scale: the API's default order runs on an index and its count stops
at the cap; the list's search matches numbers and employers by prefix on indexed columns."""

import pytest
from django.db import connection

from wageguard.cases.models import EnforcementCase
from wageguard.core.api import pagination
from wageguard.core.deadlines import Clock

from .conftest import direct_case

pytestmark = pytest.mark.django_db


def test_api_count_stops_at_the_cap(client, inspector, monkeypatch):
    for i in range(4):
        direct_case(inspector, employer_name=f"成都第{i}劳务有限公司")
    client.force_login(inspector)
    assert client.get("/api/v1/cases").json()["count"] == 4
    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    data = client.get("/api/v1/cases?limit=2").json()
    assert data["count"] == 3  # "more than 2"
    assert len(data["items"]) == 2
    numbers = [c["number"] for c in data["items"]]
    newest = EnforcementCase.objects.order_by("-filed_on", "-id").values_list("number", flat=True)
    assert numbers == list(newest[:2])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_default_order_uses_the_region_index(inspector):
    qs = EnforcementCase.objects.restrict(inspector, "view").order_by("-filed_on", "-id")[:50]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "case_region_filed" in plan and "TEMP B-TREE" not in plan


def _found(inspector, q: str) -> set[str]:
    from wageguard.cases import filters

    qs = EnforcementCase.objects.restrict(inspector, "view")
    return set(
        filters.apply(qs, {"q": q}, Clock.now(filters.STAGE)).values_list("number", flat=True)
    )


def test_search_by_number_prefix_employer_name_start_and_credit_code(inspector):
    xinda = direct_case(
        inspector,
        employer_name="四川鑫达建筑工程有限公司",
        employer_credit_code="91510100MA61R8XN8Q",
    )
    other = direct_case(inspector, employer_name="成都达鑫劳务有限公司")
    assert _found(inspector, xinda.number) == {xinda.number}
    # A number typed from its start finds every case it begins.
    prefix = xinda.number.split("〔")[0]
    assert _found(inspector, prefix) == {xinda.number, other.number}
    for q in ("四川鑫达", "鑫达建筑", "鑫达建筑工程有限公司", "  鑫达 "):
        assert _found(inspector, q) == {xinda.number}, q
    assert _found(inspector, "91510100ma61r8xn8q") == {xinda.number}
    # Neither a word from the middle of a name nor of a number: those would need a full scan.
    assert _found(inspector, "建筑工程") == set()
    assert _found(inspector, "〔") == set()
    assert _found(inspector, "达鑫") == {other.number}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_search_reads_no_whole_table(inspector):
    from wageguard.cases import filters

    qs = filters.apply(EnforcementCase.objects.all(), {"q": "鑫达"}, Clock.now(filters.STAGE))
    sql, params = qs.query.sql_with_params()
    assert "LIKE" in sql and "%%鑫达%%" not in str(params) and "%鑫达%" not in str(params)
