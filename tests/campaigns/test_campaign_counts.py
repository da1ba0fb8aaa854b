"""Issue 12 item 1: every clue, case, warning, channel check and ledger item is counted in the
campaigns whose period, scope and sectors it falls in (one aggregate query per kind, only what
the viewer may see), and each target is measured against its goal (campaigns.metrics)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.projects.test_warnings import register
from wageguard.campaigns import metrics, services
from wageguard.campaigns.models import Campaign
from wageguard.campaigns.rules import Metric
from wageguard.clues.models import Clue
from wageguard.org import services as org_services
from wageguard.org.bootstrap import create_agencies
from wageguard.projects.models import Warning

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def campaign(actor, region="510000", sectors=(), targets=(), **over) -> Campaign:
    today = timezone.localdate()
    data = {
        "name": f"冬季行动 {region} {'、'.join(sectors)}",
        "kind": "winter",
        "region": region,
        "start_date": today - dt.timedelta(days=10),
        "end_date": today + dt.timedelta(days=30),
        "sectors": list(sectors),
        "targets": list(targets),
        "milestones": [],
    }
    data.update(over)
    return services.create_campaign(actor, **data)


def target(metric: str, value: str, due: dt.date | None = None) -> dict:
    return {
        "label": f"目标 {metric}",
        "metric": metric,
        "value": Decimal(value),
        "due_date": due or timezone.localdate() + dt.timedelta(days=30),
    }


@pytest.fixture
def records(people, item):
    """In 武侯区, this week: a construction clue and one of "other fields", a clue received
    before any campaign; a government project (its warnings) with a case on it owing ¥10,000 of
    which ¥4,000 recovered, and a case naming no project; the failed test call of `item`."""
    construction = factories.clue_intake().clue
    other = factories.clue_intake(
        factories.clue_submission(
            sector="other",
            employer_name="成都某餐饮管理有限公司",
            phone="13900139000",
        )
    ).clue
    old = factories.clue_intake(
        factories.clue_submission(employer_name="旧线索公司", phone="13700137000")
    ).clue
    Clue.objects.filter(pk=old.pk).update(received_at=timezone.now() - dt.timedelta(days=120))
    project = register(people["wuhou_inspector"], funding="government")
    on_project = factories.case(
        people["wuhou_supervisor"],
        workers=[factories.worker(amount="10000", amount_recovered="4000")],
        project_code=project.code,
    )
    no_project = factories.case(people["wuhou_supervisor"], employer_name="成都某加工厂")
    return {
        "clues": (construction, other, old),
        "project": project,
        "cases": (on_project, no_project),
        "warnings": Warning.objects.filter(project=project).count(),
        "item": item,
    }


def figures(found, key):
    row = next(r for r in found if r.key == key)
    return (row.total, row.open, row.done, row.overdue, row.problems)


def test_each_kind_is_counted_by_period_scope_and_sector(people, records):
    taskforce = people["province_taskforce"]
    everything = campaign(taskforce)
    construction = campaign(taskforce, sectors=["construction"])
    manufacturing = campaign(taskforce, sectors=["manufacturing"])
    zigong = campaign(people["zigong_supervisor"], region="510300", parent=everything)
    warnings = records["warnings"]
    assert warnings >= 1

    found = metrics.count_records(everything, taskforce)
    assert [r.key for r in found] == ["clues", "cases", "warnings", "channel_checks", "ledger"]
    # The clue received four months ago is outside the period.
    assert figures(found, "clues") == (2, 2, 0, 0, None)
    assert figures(found, "cases") == (2, 2, 0, 0, None)
    assert figures(found, "warnings") == (warnings, warnings, 0, 0, None)
    assert figures(found, "channel_checks") == (1, None, None, None, 1)
    assert figures(found, "ledger") == (1, 1, 0, 0, None)

    # Construction: the construction clue, the case on the project; warnings are construction;
    # the check and its ledger item concern the bureau itself and count whatever the sectors.
    found = metrics.count_records(construction, taskforce)
    assert figures(found, "clues")[0] == 1
    assert figures(found, "cases")[0] == 1
    assert figures(found, "warnings")[0] == warnings
    assert figures(found, "channel_checks")[0] == 1
    assert figures(found, "ledger")[0] == 1

    # Manufacturing: nothing can be tied to it (a clue of "other fields" and a case without a
    # project name no sector), so only the sector-neutral records count.
    found = metrics.count_records(manufacturing, taskforce)
    assert [figures(found, k)[0] for k in ("clues", "cases", "warnings")] == [0, 0, 0]
    assert figures(found, "channel_checks")[0] == 1 and figures(found, "ledger")[0] == 1

    # Another prefecture's campaign counts none of 武侯区's records.
    found = metrics.count_records(zigong, people["zigong_supervisor"])
    assert all(r.total == 0 for r in found)


def test_counts_are_what_the_viewer_may_see_in_one_query_per_kind(people, records):
    everything = campaign(people["province_taskforce"])
    jinjiang = metrics.count_records(everything, people["jinjiang_supervisor"])
    assert all(r.total == 0 for r in jinjiang)
    # A clerk may see clues but not cases, warnings, checks or the ledger.
    clerk = metrics.count_records(everything, people["chengdu_clerk"])
    assert [r.key for r in clerk] == ["clues"] and clerk[0].total == 2
    with CaptureQueriesContext(connection) as queries:
        metrics.count_records(everything, people["province_taskforce"])
    assert len(queries) == 5


def test_overdue_and_done_follow_the_stored_due_dates_and_states(people, records):
    everything = campaign(people["province_taskforce"])
    construction, other, _old = records["clues"]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Clue.objects.filter(pk=construction.pk).update(due_date=yesterday)
    Clue.objects.filter(pk=other.pk).update(state="closed")
    on_project, _no_project = records["cases"]
    type(on_project).objects.filter(pk=on_project.pk).update(state="closed")
    found = metrics.count_records(everything, people["province_taskforce"])
    assert figures(found, "clues") == (2, 1, 1, 1, None)
    assert figures(found, "cases") == (2, 1, 1, 0, None)


def test_targets_are_measured_against_their_goals(people, records):
    past = timezone.localdate() - dt.timedelta(days=1)
    c = campaign(
        people["province_taskforce"],
        sectors=["construction"],
        targets=[
            target(Metric.ARREARS_CLEARED_RATE, "100"),
            target(Metric.OUTSTANDING, "0"),
            target(Metric.LEDGER_OPEN, "5"),
            target(Metric.CLUES_DONE_RATE, "90", due=past),
            target(Metric.CASES_CLOSED_RATE, "0"),
            target(Metric.LEDGER_CLOSED_RATE, "100"),
            target(Metric.PROJECTS_INSPECTED_RATE, "100"),
            target(Metric.OTHER, "1"),
        ],
    )
    user = people["province_taskforce"]
    found = metrics.count_records(c, user)
    progress = {p.target.metric: p for p in metrics.progress(c, user, list(c.targets.all()), found)}
    arrears = progress[Metric.ARREARS_CLEARED_RATE]
    assert (arrears.value, arrears.met, arrears.is_rate) == (Decimal("40.0"), False, True)
    # One construction clue, one case on the project, one ledger item: all open.
    outstanding = progress[Metric.OUTSTANDING]
    assert (outstanding.value, outstanding.met, outstanding.at_most) == (Decimal(3), False, True)
    assert (progress[Metric.LEDGER_OPEN].value, progress[Metric.LEDGER_OPEN].met) == (1, True)
    clues = progress[Metric.CLUES_DONE_RATE]
    assert (clues.value, clues.met, clues.late) == (Decimal("0.0"), False, True)
    assert progress[Metric.CASES_CLOSED_RATE].met is True
    assert progress[Metric.LEDGER_CLOSED_RATE].late is False
    # Coverage is the sweeps' measurer: this campaign has no sweep, so there is no value yet.
    p = progress[Metric.PROJECTS_INSPECTED_RATE]
    assert (p.measured, p.value, p.met) == (True, None, None)
    p = progress[Metric.OTHER]  # never measured
    assert (p.measured, p.value, p.met) == (False, None, None)


def test_a_registered_measurer_measures_its_metric(people, records, monkeypatch):
    c = campaign(
        people["province_taskforce"], targets=[target(Metric.PROJECTS_INSPECTED_RATE, "100")]
    )
    seen = []

    def coverage(m: metrics.Measuring) -> Decimal:
        seen.append(m.record("warnings").total)
        return Decimal("100.0")

    monkeypatch.setitem(
        metrics.MEASURERS._entries,
        Metric.PROJECTS_INSPECTED_RATE,
        (100, metrics.Measurer(coverage)),
    )
    user = people["province_taskforce"]
    (p,) = metrics.progress(c, user, list(c.targets.all()), metrics.count_records(c, user))
    assert (p.measured, p.value, p.met) == (True, Decimal("100.0"), True)
    assert seen == [records["warnings"]]


def test_the_page_and_the_api_show_counts_and_progress(client, people, records, query_baseline):
    c = campaign(
        people["province_taskforce"],
        targets=[target(Metric.OUTSTANDING, "0"), target(Metric.PROJECTS_INSPECTED_RATE, "100")],
    )
    client.force_login(people["chengdu_supervisor"])
    with query_baseline("campaigns.campaign_detail"):
        page = client.get(f"/campaigns/{c.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-record="clues"' in body and 'data-record="channel_checks"' in body
    assert "未达成" in body and "尚无数据" in body and 'data-count="total"' in body
    # More records, same number of queries.
    factories.clue_intake(
        factories.clue_submission(employer_name="又一家建筑公司", phone="13600136000")
    )
    factories.case(people["wuhou_supervisor"], employer_name="又一家劳务公司")
    with query_baseline("campaigns.campaign_detail"):
        assert client.get(f"/campaigns/{c.pk}/").status_code == 200

    _t, key = org_services.create_token(None, people["chengdu_supervisor"])
    one = client.get(f"/api/v1/campaigns/{c.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    by_key = {r["key"]: r for r in one["records"]}
    assert by_key["clues"]["total"] == 3 and by_key["cases"]["total"] == 3
    assert by_key["channel_checks"]["problems"] == 1 and by_key["ledger"]["open"] == 1
    outstanding, coverage = one["targets"]
    assert outstanding["direction"] == "at_most" and outstanding["met"] is False
    assert Decimal(outstanding["current"]) == 7 and outstanding["measured"] is True
    assert coverage["measured"] is True and coverage["current"] is None  # no sweep yet
    assert one["ledger"]["total"] == 1
