"""The demo province and the synthetic data generator later issues build on."""

import subprocess
import sys

import pytest
from django.db import models
from stdnum.cn import ric, uscc

from wageguard.demo.province import demo_users, seed
from wageguard.demo.synthetic import Synthetic, counties_of
from wageguard.org.models import Agency, User
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

REQUIRED = {
    "province-admin",
    "province-taskforce",
    "chengdu-supervisor",
    "wuhou-leader",
    "wuhou-inspector",
    "wuhou-clerk",
    "jinjiang-inspector",
    "auditor",
}


def test_seed_is_idempotent_and_has_every_required_user():
    seed(with_clues=False)
    counts = (User.objects.count(), Agency.objects.count())
    rows = seed(with_clues=False)
    assert (User.objects.count(), Agency.objects.count()) == counts
    names = {spec.username for spec, _ in rows}
    assert names >= REQUIRED
    wuhou = User.objects.get(username="wuhou-inspector")
    assert wuhou.agency.region_id == "510107" and wuhou.role == Role.INSPECTOR
    assert wuhou.check_password("wageguard-demo")
    assert User.objects.get(username="jinjiang-inspector").agency.region_id == "510104"
    assert User.objects.get(username="chengdu-supervisor").agency.region_id == "510100"
    assert User.objects.get(username="province-taskforce").agency.region_id == "510000"


def test_every_role_exists_at_province_city_and_county():
    specs = demo_users("51")
    for region in ("510000", "510100", "510107"):
        roles = {s.role for s in specs if s.region == region}
        expected = set(Role.values) - ({Role.TASKFORCE} if region != "510000" else set())
        assert roles == expected, region


def test_demo_password_from_environment(monkeypatch):
    monkeypatch.setenv("WAGEGUARD_DEMO_PASSWORD", "another-secret-1")
    seed(with_clues=False)
    assert User.objects.get(username="auditor").check_password("another-secret-1")


def test_synthetic_people_and_employers_are_valid_and_repeatable():
    counties = counties_of("51")
    assert len(counties) == 183
    a, b = Synthetic(counties, seed=1), Synthetic(counties, seed=1)
    people = list(a.people(500))
    assert people == list(b.people(500))
    codes = {c.code for c in counties}
    for p in people:
        assert ric.is_valid(p.id_number)
        assert p.birth_county in codes
        assert p.id_number[:2] == "51"  # born in Sichuan (county code where stdnum knows it)
        assert 2 <= len(p.name) <= 3
        assert len(p.phone) == 11 and p.phone.startswith("1")
    employers = [a.employer() for _ in range(300)]
    assert all(uscc.is_valid(e.credit_code) for e in employers)
    assert all(
        e.name.endswith("有限公司") and ric.is_valid(e.legal_representative.id_number)
        for e in employers
    )
    assert len({e.credit_code for e in employers}) == 300
    addresses = [a.address(c) for c in counties]
    assert all(addr.startswith("四川省") for addr in addresses)


def test_cli_help_lists_the_commands():
    out = subprocess.run(
        [sys.executable, "-m", "wageguard.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for command in ("demo", "serve", "token", "audit", "regions", "manage"):
        assert command in out


def test_demo_clues_cover_states_channels_and_are_added_once():
    from wageguard.clues.models import Clue
    from wageguard.demo.clues import seed as seed_clues

    seed(with_clues=False)
    made = seed_clues("tiny")
    assert made == 60 == Clue.objects.count()
    assert seed_clues("tiny") == 0
    states = set(Clue.objects.values_list("state", flat=True))
    assert {"received", "verifying", "closed", "replied"} <= states
    assert len(set(Clue.objects.values_list("channel", flat=True))) >= 5
    assert Clue.objects.filter(region_id="510107").exists()
    assert Clue.objects.filter(
        received_at__lt=Clue.objects.latest("received_at").received_at
    ).exists()
    # Listed supervision (挂牌督办) in every state of the register, at both levels.
    from django.utils import timezone

    from wageguard.clues.models import Supervision

    items = list(Supervision.objects.filter(kind="listed"))
    assert {s.listed_state for s in items} == {"listed", "reported", "closed"}
    assert {s.level for s in items} == {"city", "province"}
    today = timezone.localdate()
    waiting = [s for s in items if s.listed_state == "listed"]
    assert any(s.due_date < today for s in waiting) and any(s.due_date >= today for s in waiting)
    assert any(s.returned_count for s in waiting)


def test_demo_warnings_cover_every_state_and_move_once():
    from wageguard.demo.projects import seed as seed_projects
    from wageguard.demo.warnings import seed as seed_warnings
    from wageguard.projects.models import Warning, WarningState

    seed(with_clues=False)
    seed_projects("tiny")
    moved = seed_warnings()
    assert moved > 0 and seed_warnings() == 0
    states = set(Warning.objects.values_list("state", flat=True))
    assert states == set(WarningState.values)
    wuhou = Warning.objects.filter(region_id="510107")
    assert wuhou.filter(level="red", state="issued").exists()
    assert wuhou.exclude(state="issued").exists()


def test_a_few_demo_projects_count_their_last_month_from_clock_ins():
    from wageguard.demo.projects import CLOCKIN_PROJECTS
    from wageguard.demo.projects import seed as seed_projects
    from wageguard.projects.models import Attendance, ClockDay

    seed(with_clues=False)
    seed_projects("tiny")
    projects = set(ClockDay.objects.values_list("project_id", flat=True))
    assert 0 < len(projects) <= CLOCKIN_PROJECTS
    day = ClockDay.objects.filter(last_minute__lt=models.F("first_minute") + 240).first()
    assert day is not None  # a short day, which does not count
    counted = ClockDay.objects.filter(
        worker=day.worker, month=day.month, last_minute__gte=models.F("first_minute") + 240
    ).count()
    assert Attendance.objects.get(worker=day.worker, month=day.month).days == counted


def test_the_demo_bank_file_imports_with_its_banks_profile(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wageguard.core import profiles
    from wageguard.core.imports import process, submit
    from wageguard.core.models import ImportProfile
    from wageguard.demo.bank_profiles import CCB, RCC, write_sample
    from wageguard.demo.projects import seed as seed_projects
    from wageguard.projects.models import Payment

    seed(with_clues=False)
    seed(with_clues=False)
    assert set(ImportProfile.objects.values_list("name", flat=True)) == {CCB, RCC}
    seed_projects("tiny")
    path = write_sample(tmp_path / "bank.csv")
    data = path.read_bytes()
    assert "交易日期".encode("gb18030") in data
    user = User.objects.get(username="wuhou-inspector")
    ccb = profiles.visible(user, "payments").get(name=CCB)
    before = Payment.objects.count()
    job, _new = submit("payments", SimpleUploadedFile("bank.csv", data), user, ccb)
    job = process(job)
    rows = len(data.decode("gb18030").splitlines()) - 1
    assert (job.state, job.created, job.refused) == ("done", rows, 0), job.message
    assert Payment.objects.count() == before + rows
    # 四川农信's profile is 武侯区's: 锦江区 does not see it, the province's 建行 it does.
    jinjiang = User.objects.get(username="jinjiang-inspector")
    assert set(profiles.visible(jinjiang).values_list("name", flat=True)) == {CCB}


def test_the_demo_overview_has_last_week_to_compare_with(client):
    """The supervisor overview's 较上周 column on a new demo: a week-old snapshot exists, so
    the city's rows show a figure rather than "—"."""
    import datetime as dt

    from django.utils import timezone

    from wageguard.clues.models import OverviewSnapshot
    from wageguard.clues.reports.overview import TREND_DAYS
    from wageguard.demo.clues import seed as seed_clues

    users = dict((spec.username, user) for spec, user in seed(with_clues=False))
    seed_clues("tiny")
    week_ago = timezone.localdate() - dt.timedelta(days=TREND_DAYS)
    assert OverviewSnapshot.objects.filter(day=week_ago, region_id="510000").exists()
    client.force_login(users["chengdu-supervisor"])
    page = client.get("/clues/overview/").content.decode()
    assert "无上周记录" not in page
