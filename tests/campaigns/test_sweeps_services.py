# ruff: noqa: F811  (the `world` fixture is imported from sweepdata and named as an argument)
"""Sweep services: set-based targets, teams of two, idempotent visits, refusals naming the
target, ledger items opened by a visit, arrears to a clue or a case, coverage and the draw."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.sweeps import rules, services
from wageguard.campaigns.sweeps.models import RandomDraw, SweepTarget, SweepVisit
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role

from .conftest import png
from .sweepdata import visit_data, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_targets_are_the_projects_under_construction_in_scope_added_once(people, world):
    sweep = world["sweep"]
    assert set(world["targets"]) == {"WH-1", "WH-2", "WH-3", "JJ-1"}
    target = world["targets"]["WH-1"]
    assert target.region_id == "510107" and target.kind == "project"
    assert target.sector == "construction" and target.name == "WH-1 安置房项目"
    with CaptureQueriesContext(connection) as queries:
        again = services.add_project_targets(people["chengdu_supervisor"], sweep)
    assert again == 0 and sweep.targets.count() == 4
    inserts = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "campaigns_sweeptarget')
    ]
    assert len(inserts) == 1


def test_a_sweep_lies_within_its_campaign_and_the_planners_jurisdiction(people, world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.create_sweep(
            people["jinjiang_supervisor"],
            world["campaign"],
            name="x",
            region="510107",
            start_date=today,
            end_date=today,
        )
    assert "region" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.create_sweep(
            people["wuhou_supervisor"],
            world["campaign"],
            name="x",
            region="510107",
            start_date=today,
            end_date=today + dt.timedelta(days=400),
        )
    assert "end_date" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.add_project_targets(people["jinjiang_supervisor"], world["sweep"], "510107")


def test_a_team_has_at_least_two_inspectors_of_the_division(people, world, make_user):
    sweep = world["sweep"]
    with pytest.raises(ValidationError) as refused:
        services.form_team(
            people["wuhou_supervisor"],
            sweep,
            name="单人组",
            region="510107",
            members=[people["wuhou_inspector"]],
        )
    message = refused.value.message_dict["members"][0]
    assert "单人组" in message and "劳动保障监察条例" in message
    outsider = make_user("jj-insp9", Role.INSPECTOR, "510104")
    with pytest.raises(ValidationError) as refused:
        services.form_team(
            people["wuhou_supervisor"],
            sweep,
            name="混编组",
            region="510107",
            members=[people["wuhou_inspector"], outsider],
        )
    assert outsider.display_name in refused.value.message_dict["members"][0]


def test_a_clean_visit_marks_the_target_visited_and_opens_nothing(people, world):
    target = world["targets"]["WH-1"]
    done = services.record_visit(
        people["wuhou_inspector"],
        target,
        client_key="phone-0001",
        photos=[png("现场.png")],
        **visit_data(),
    )
    assert done.created and done.visit.photos.count() == 1
    target.refresh_from_db()
    assert target.visited_at is not None and not target.problem_found
    assert not LedgerItem.objects.exists()
    assert AuditEvent.objects.filter(action="sweep.visit").count() == 1


def test_a_retry_with_the_same_key_returns_the_first_visit(people, world):
    target = world["targets"]["WH-2"]
    data = visit_data(systems={**visit_data()["systems"], "account": "no"})
    first = services.record_visit(
        people["wuhou_inspector"], target, client_key="retry-0001", **data
    )
    again = services.record_visit(
        people["wuhou_inspector"], target, client_key="retry-0001", **visit_data()
    )
    assert first.created and not again.created and again.visit.pk == first.visit.pk
    assert SweepVisit.objects.count() == 1 and LedgerItem.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        services.record_visit(
            people["wuhou_inspector"],
            world["targets"]["WH-3"],
            client_key="retry-0001",
            **visit_data(),
        )
    assert "client_key" in refused.value.message_dict


def test_a_visit_finding_problems_opens_one_ledger_item_each(people, world):
    target = world["targets"]["WH-3"]
    systems = {**visit_data()["systems"], "account": "no", "notice": "no"}
    done = services.record_visit(
        world["mate"],
        target,
        client_key="problems-01",
        systems=systems,
        wages_monthly=False,
        arrears_workers=3,
        arrears_amount=Decimal("12000.50"),
        remarks="工人反映欠薪",
    )
    items = list(done.visit.ledger_items.order_by("pk"))
    assert len(items) == 4
    assert {i.source for i in items} == {"sweep"}
    assert all(i.project_id == target.project_id and i.unit_kind == "project" for i in items)
    assert all(i.region_id == "510107" and i.agency.region_id == "510107" for i in items)
    texts = " ".join(i.description for i in items)
    assert "农民工工资专用账户未落实" in texts and "维权信息告示牌未落实" in texts
    assert "未按月足额支付工资" in texts and "3 人，12000.50 元" in texts
    assert all(i.due_date > timezone.localdate() for i in items)
    assert items[0].campaign == world["campaign"]
    target.refresh_from_db()
    assert target.problem_found


def test_refusals_name_the_target(people, world, make_user):
    target = world["targets"]["JJ-1"]  # 锦江区: outside 武侯区, and on no team
    with pytest.raises(PermissionDenied) as refused:
        services.record_visit(
            people["wuhou_inspector"], target, client_key="x-000001", **visit_data()
        )
    assert "JJ-1 安置房项目" in str(refused.value) and "辖区" in str(refused.value)
    stranger = make_user("wh-insp3", Role.INSPECTOR, "510107")
    with pytest.raises(PermissionDenied) as refused:
        services.record_visit(
            stranger, world["targets"]["WH-1"], client_key="x-000002", **visit_data()
        )
    assert "WH-1 安置房项目" in str(refused.value) and "武侯一组" in str(refused.value)
    other = services.create_sweep(
        people["wuhou_supervisor"],
        world["campaign"],
        name="武侯区复查",
        region="510107",
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as refused:
        services.record_visit(
            people["wuhou_inspector"],
            world["targets"]["WH-1"],
            sweep=other,
            client_key="x-000003",
            **visit_data(),
        )
    assert "WH-1 安置房项目" in refused.value.message_dict["target"][0]
    with pytest.raises(ValidationError) as refused:
        services.record_visit(
            people["wuhou_inspector"],
            world["targets"]["WH-1"],
            client_key="x-000004",
            **visit_data(systems={"account": "yes"}, arrears_workers=2),
        )
    assert set(refused.value.message_dict) == {"systems", "arrears_amount"}
    assert not SweepVisit.objects.exists()


def test_arrears_become_a_clue_or_a_case_once(people, world):
    found = services.record_visit(
        people["wuhou_inspector"],
        world["targets"]["WH-1"],
        client_key="arrears-01",
        **visit_data(arrears_workers=2, arrears_amount=Decimal("8000")),
    ).visit
    clue = services.arrears_to(people["wuhou_inspector"], found, "clue")
    assert clue.channel == "inspection" and clue.region_id == "510107"
    with pytest.raises(ValidationError):
        services.arrears_to(people["wuhou_inspector"], found, "case")
    other = services.record_visit(
        people["wuhou_inspector"],
        world["targets"]["WH-2"],
        client_key="arrears-02",
        **visit_data(arrears_workers=1, arrears_amount=Decimal("3000")),
    ).visit
    case = services.arrears_to(people["wuhou_inspector"], other, "case")
    assert case.region_id == "510107" and case.project_id == world["targets"]["WH-2"].project_id
    other.refresh_from_db()
    assert other.case_id == case.pk


def test_coverage_per_county_and_prefecture(people, world):
    services.record_visit(
        people["wuhou_inspector"], world["targets"]["WH-1"], client_key="cov-00001", **visit_data()
    )
    with CaptureQueriesContext(connection) as queries:
        cov = services.coverage(world["sweep"], people["chengdu_supervisor"])
    assert len(queries.captured_queries) == 2
    rows = {r.code: r for r in cov.rows}
    assert (rows["510107"].visited, rows["510107"].total, rows["510107"].rate) == (1, 3, 33.3)
    assert (rows["510104"].visited, rows["510104"].total) == (0, 1)
    assert (rows["510100"].visited, rows["510100"].total, rows["510100"].level) == (1, 4, "city")
    assert (cov.total.visited, cov.total.total, cov.total.rate) == (1, 4, 25.0)
    county = services.coverage(world["sweep"], people["jinjiang_supervisor"])
    assert [r.code for r in county.counties()] == ["510104"]


def test_the_campaign_measures_its_projects_inspected_rate_from_the_sweeps(people, world):
    """Registered by the app into campaigns.metrics.MEASURERS: visited / listed project targets of
    the campaign's sweeps, over what the viewer may see; a visit's items carry the sector."""
    from wageguard.campaigns import metrics
    from wageguard.campaigns.rules import Metric

    measurer = metrics.MEASURERS.get(Metric.PROJECTS_INSPECTED_RATE)

    def measured(user):
        return measurer.measure(
            metrics.Measuring(world["campaign"], user, timezone.localdate(), records={})
        )

    assert measured(people["chengdu_supervisor"]) == Decimal("0.0")
    done = services.record_visit(
        people["wuhou_inspector"],
        world["targets"]["WH-1"],
        client_key="rate-0001",
        **{**visit_data(), "wages_monthly": False},
    )
    assert measured(people["chengdu_supervisor"]) == Decimal("25.0")  # 1 of 4
    assert measured(people["jinjiang_supervisor"]) == Decimal("0.0")  # 0 of 1 in 锦江区
    assert {i.sector for i in done.visit.ledger_items.all()} == {"construction"}


def test_the_draw_is_logged_reproducible_and_forms_a_team(people, world, make_user):
    make_user("wh-insp4", Role.INSPECTOR, "510107")
    sweep = world["sweep"]
    draw = services.random_draw(
        people["wuhou_supervisor"], sweep, region="510107", n_targets=2, n_inspectors=2, seed=42
    )
    assert draw.seed == 42 and len(draw.drawn_targets) == 2 and len(draw.drawn_inspectors) == 2
    assert draw.target_pool == sorted(draw.target_pool) and len(draw.target_pool) == 3
    assert services.replay(draw)
    again = rules.draw(42, list(reversed(draw.target_pool)), draw.inspector_pool, 2, 2)
    assert again.targets == draw.drawn_targets and again.inspectors == draw.drawn_inspectors
    assert set(draw.team.members.values_list("pk", flat=True)) == set(draw.drawn_inspectors)
    assert set(SweepTarget.objects.filter(team=draw.team).values_list("pk", flat=True)) == set(
        draw.drawn_targets
    )
    assert draw.published_at is None
    services.publish_draw(people["wuhou_supervisor"], draw)
    assert RandomDraw.objects.get(pk=draw.pk).published_at is not None
    with pytest.raises(ValidationError) as refused:
        services.random_draw(
            people["wuhou_supervisor"], sweep, region="510107", n_targets=1, n_inspectors=1
        )
    assert "n_inspectors" in refused.value.message_dict


def test_rules_findings_and_the_draw_are_pure():
    none = rules.findings(dict.fromkeys(rules.SYSTEMS, "na"), True, 0, Decimal(0))
    assert none == []
    assert rules.draw(7, [3, 1, 2], [9, 8], 2, 2) == rules.draw(7, [1, 2, 3], [8, 9], 2, 2)
    assert rules.coverage_rate(0, 0) is None and rules.coverage_rate(2, 5) == 40.0
