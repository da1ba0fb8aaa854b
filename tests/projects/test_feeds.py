"""The roster and the feeds: every row judged, what a row names resolved, the same rows twice
unchanged, and the months reconciled into the facts the core systems are judged on."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from wageguard.core.imports import Outcome
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import feeds, reconcile
from wageguard.projects.models import (
    Attendance,
    MonthSummary,
    Payment,
    PayrollLine,
    ProjectSystem,
    RosterWorker,
)
from wageguard.projects.rules import Status, System

from .feeds_helpers import CODE, id_number, project, roster_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


@pytest.fixture
def site(inspector):
    return project(inspector)


def numbered(rows):
    return list(enumerate(rows, start=2))


def status(site, system):
    return ProjectSystem.objects.get(project=site, system=system).status


def test_the_roster_is_stored_encrypted_and_feeds_the_real_name_status(inspector, site):
    assert status(site, System.REAL_NAME) == Status.MISSING
    rows = [roster_row(1), roster_row(2, contract_signed="否")]
    result = feeds.run("roster", inspector, numbered(rows))
    assert result.counts[Outcome.CREATED] == 2 and result.errors == []
    assert status(site, System.REAL_NAME) == Status.PARTIAL
    worker = RosterWorker.objects.get(id_number=id_number(1))
    assert worker.mobile == "13800000001" and worker.contract_signed
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM projects_rosterworker")
        stored = cursor.fetchall()
    assert all(id_number(1) not in row[0] and "13800000001" not in row[1] for row in stored)
    feeds.run("roster", inspector, numbered([roster_row(2, contract_signed="是")]))
    assert status(site, System.REAL_NAME) == Status.IN_PLACE


def test_the_same_rows_twice_are_unchanged_and_a_corrected_row_updated(inspector, site):
    feeds.run("roster", inspector, numbered([roster_row(1)]))
    rows = [{"project_code": CODE, "id_number": id_number(1), "month": "2026-02", "days": "22"}]
    assert feeds.run("attendance", inspector, numbered(rows)).counts[Outcome.CREATED] == 1
    again = feeds.run("attendance", inspector, numbered(rows))
    assert again.counts[Outcome.UNCHANGED] == 1 and again.counts[Outcome.CREATED] == 0
    rows[0]["days"] = "20"
    assert feeds.run("attendance", inspector, numbered(rows)).counts[Outcome.UPDATED] == 1
    assert Attendance.objects.get().days == 20
    roster_again = feeds.run("roster", inspector, numbered([roster_row(1)]))
    assert roster_again.counts[Outcome.UNCHANGED] == 1


def test_an_unknown_project_or_worker_is_refused_naming_it(inspector, site):
    feeds.run("roster", inspector, numbered([roster_row(1)]))
    rows = [
        {"project_code": "NOPE-1", "id_number": id_number(1), "month": "2026-02", "days": "2"},
        {"project_code": CODE, "name": "王五", "id_number": id_number(9), "month": "2026-02",
         "days": "2"},
    ]  # fmt: skip
    result = feeds.run("attendance", inspector, numbered(rows))
    assert [(n, f) for n, f, _m in result.errors] == [(2, "project_code"), (3, "id_number")]
    assert "NOPE-1" in result.errors[0][2]
    assert "王五" in result.errors[1][2] and CODE in result.errors[1][2]
    assert id_number(9) not in result.errors[1][2]  # named, masked
    assert not Attendance.objects.exists()


def test_another_countys_project_is_refused(make_user, site):
    other = make_user("jinjiang", Role.INSPECTOR, "510104")
    result = feeds.run("roster", other, numbered([roster_row(1)]))
    assert result.errors[0][1] == "project_code" and not RosterWorker.objects.exists()


@pytest.mark.parametrize(
    ("kind", "over", "field"),
    [
        ("attendance", {"days": "32"}, "days"),
        ("attendance", {"days": "29", "month": "2026-02"}, "days"),
        ("attendance", {"days": "1.5"}, "days"),
        ("attendance", {"month": "2026-13"}, "month"),
        ("attendance", {"month": "2999-01"}, "month"),
        ("attendance", {"month": "1999-12"}, "month"),
        ("payments", {"paid_on": "1999-12-31"}, "paid_on"),
        ("attendance", {"id_number": "510107198001010010"}, "id_number"),
        ("payroll", {"net": "100.00"}, "net"),
        ("payroll", {"gross": "-1"}, "gross"),
        ("payroll", {"gross": "1.005"}, "gross"),
        ("payroll", {"signed": "也许"}, "signed"),
        ("payroll", {"channel": "支付宝"}, "channel"),
        ("payments", {"card": "1234"}, "card"),
        ("payments", {"amount": "0"}, "amount"),
        ("payments", {"paid_on": "2026-02-30"}, "paid_on"),
        ("payments", {"reference": ""}, "reference"),
    ],
)
def test_each_field_is_checked_at_its_boundary(inspector, site, kind, over, field):
    feeds.run("roster", inspector, numbered([roster_row(1)]))
    base = {
        "attendance": {"month": "2026-01", "days": "31"},
        "payroll": {"month": "2026-01", "gross": "6000", "deductions": "100", "net": "5900",
                    "signed": "是"},
        "payments": {"paid_on": "2026-02-10", "amount": "5900", "reference": "R1",
                     "card": "6222 0212 3456 7890"},
    }[kind]  # fmt: skip
    good = {"project_code": CODE, "id_number": id_number(1), **base}
    assert feeds.run(kind, inspector, numbered([good])).errors == []
    result = feeds.run(kind, inspector, numbered([{**good, **over}]))
    assert [f for _n, f, _m in result.errors] == [field]


def test_causes_at_their_boundaries():
    net = Decimal("5900")
    assert reconcile.causes(22, None, None, Decimal(0)) == [reconcile.Cause.WORKED_NO_PAYROLL]
    assert reconcile.causes(0, None, None, Decimal(0)) == []
    assert reconcile.causes(22, net, "account", Decimal(0)) == [reconcile.Cause.UNPAID]
    assert reconcile.causes(22, net, "account", Decimal("5899.99")) == [reconcile.Cause.SHORT_PAID]
    assert reconcile.causes(22, net, "account", net) == []
    assert reconcile.causes(22, net, "cash", Decimal(0)) == [reconcile.Cause.NOT_THROUGH_ACCOUNT]
    assert reconcile.causes(None, None, None, Decimal(1)) == [reconcile.Cause.PAID_NO_PAYROLL]
    assert reconcile.paid_in_full(net, net) and not reconcile.paid_in_full(net, Decimal("5899"))


def feed_month(user, serials, month="2026-01", paid=None, card=None):
    rows = {"attendance": [], "payroll": [], "payments": []}
    for s in serials:
        base = {"project_code": CODE, "id_number": id_number(s), "month": month}
        rows["attendance"].append({**base, "days": "22"})
        rows["payroll"].append({**base, "gross": "6000", "net": "6000", "signed": "是"})
        amount = (paid or {}).get(s, "6000")
        if amount:
            rows["payments"].append({
                **base, "paid_on": "2026-02-10", "amount": amount, "reference": f"R{month}{s}",
                "card": card or f"62220212{s:08d}",
            })  # fmt: skip
    for kind, data in rows.items():
        result = feeds.run(kind, user, numbered(data))
        assert result.errors == [], result.errors


def test_reconciliation_names_causes_and_feeds_the_payroll_and_ledger_status(inspector, site):
    assert status(site, System.CONTRACTOR_PAYROLL) == Status.UNKNOWN
    feeds.run("roster", inspector, numbered([roster_row(s) for s in (1, 2, 3)]))
    feed_month(inspector, (1, 2, 3), paid={2: "", 3: "5000"})
    summary = MonthSummary.objects.get(project=site, month=dt.date(2026, 1, 1))
    assert (summary.on_attendance, summary.on_payroll, summary.paid_through_account) == (3, 3, 1)
    assert (summary.unpaid, summary.short_paid) == (1, 1)
    found = {w.worker_id: w.causes for w in reconcile.worker_months(site.pk, [summary.month])}
    assert sorted(found.values()) == sorted([(), (reconcile.Cause.UNPAID,),
                                             (reconcile.Cause.SHORT_PAID,)])  # fmt: skip
    assert status(site, System.LEDGER) in (Status.IN_PLACE, Status.NOT_DUE)
    facts = __import__("wageguard.projects.services", fromlist=["x"]).facts_of(site)
    assert facts.months[0].paid_through_account == 1 and facts.roster_size == 3
    # the rest paid: the month is whole
    feed_month(inspector, (2, 3), paid={3: "1000"})
    Payment.objects.filter(reference="R2026-013").delete()
    feeds.run("payments", inspector, numbered([{
        "project_code": CODE, "id_number": id_number(3), "month": "2026-01",
        "paid_on": "2026-02-11", "amount": "6000", "reference": "R-3-full",
        "card": "6222021200000003"}]))  # fmt: skip
    summary.refresh_from_db()
    assert summary.paid_through_account == 3 and summary.differences == 0


def test_card_custody_and_front_accounts_are_queryable(inspector, site):
    feeds.run("roster", inspector, numbered([roster_row(s) for s in (1, 2, 3)]))
    feed_month(inspector, (1, 2), card="6222021299999999")
    feeds.run("payroll", inspector, numbered([{
        "project_code": CODE, "id_number": id_number(3), "month": "2026-01",
        "gross": "60000", "net": "60000", "signed": "是"}]))  # fmt: skip
    feeds.run("payments", inspector, numbered([{
        "project_code": CODE, "id_number": id_number(3), "month": "2026-01",
        "paid_on": "2026-02-10", "amount": "50000.01", "reference": "BIG",
        "card": "6222021200000003"}]))  # fmt: skip
    custody = list(reconcile.card_custody([site.pk]))
    assert len(custody) == 1 and custody[0]["people"] == 2 and custody[0]["card_last4"] == "9999"
    assert reconcile.custody_workers(site.pk).count() == 2
    front = list(reconcile.front_accounts([site.pk]))
    assert len(front) == 1 and front[0]["total"] == Decimal("50000.01")
    assert not reconcile.front_accounts([site.pk], limit=Decimal("50000.01")).exists()
    feeds.run("roster", inspector, numbered([roster_row(4, mobile="13800000001")]))
    assert reconcile.shared_mobiles([site.pk]).get()["people"] == 2
    assert PayrollLine.objects.count() == 3


def test_a_payroll_file_goes_through_the_batch_import_with_refused_rows_listed(
    inspector, site, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wageguard.core.imports import process, submit

    feeds.run("roster", inspector, numbered([roster_row(s) for s in (1, 2)]))
    lines = ["项目编码,姓名,身份证号码,月份,应发工资,扣除,实发工资,本人签字"]
    lines += [f"{CODE},工人{s},{id_number(s)},2026-01,6000,0,6000,是" for s in (1, 2)]
    lines.append(f"{CODE},王五,{id_number(9)},2026-01,6000,0,6000,是")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    job, new = submit("payroll", SimpleUploadedFile("工资表.csv", data), inspector)
    assert new
    job = process(job)
    assert (job.state, job.created, job.refused) == ("done", 2, 1)
    assert "王五" in job.errors_file.read().decode("utf-8-sig")
    summary = MonthSummary.objects.get(project=site)
    assert summary.on_payroll == 2 and summary.unpaid == 2
    job.state = "running"  # a worker killed midway: the same job run again completes it
    job.save()
    again = process(job)
    assert (again.created, again.unchanged) == (0, 2) and PayrollLine.objects.count() == 2


def _page_with(client, inspector, site, workers):
    feeds.run("roster", inspector, numbered([roster_row(s) for s in range(1, workers + 1)]))
    feed_month(inspector, range(1, workers + 1), paid={1: ""})
    client.force_login(inspector)
    return client.get(f"/projects/{site.pk}/")


def test_the_project_page_shows_the_masked_roster_and_months_audited(client, inspector, site):
    from wageguard.core.models import AuditEvent

    page = _page_with(client, inspector, site, 3).content.decode()
    assert id_number(2) not in page and mask_id(id_number(2)) in page
    assert "13800000002" not in page and "138****0002" in page
    assert 'data-month="2026-01"' in page and "在工资支付表上但未经专用账户发放" in page
    assert "/imports/payroll/" in page
    event = AuditEvent.objects.get(action="project.roster")
    assert event.after["mode"] == "list" and len(event.after["ids"]) == 3


def mask_id(value):
    from wageguard.parties.rules import mask_id_number

    return mask_id_number(value)


@pytest.mark.parametrize("workers", [2, 12])
def test_the_project_page_runs_fixed_queries(client, inspector, site, workers, query_baseline):
    _page_with(client, inspector, site, workers)
    with query_baseline("projects.detail_with_feeds"):
        assert client.get(f"/projects/{site.pk}/").status_code == 200


def test_month_facts_decide_the_payroll_and_ledger_statuses(inspector, site):
    from wageguard.projects import services

    feeds.run("roster", inspector, numbered([roster_row(s) for s in (1, 2)]))
    march = dt.date(2026, 3, 15)  # January is due (February has ended)
    feed_month(inspector, (1, 2), paid={2: ""})
    found = {a.system: a.status for a in services.assess(site, march)}
    assert found[System.CONTRACTOR_PAYROLL] == Status.MISSING
    assert found[System.LEDGER] == Status.IN_PLACE
    feeds.run("payments", inspector, numbered([{
        "project_code": CODE, "id_number": id_number(2), "month": "2026-01",
        "paid_on": "2026-02-12", "amount": "6000", "reference": "LATE-2",
        "card": "6222021200000002"}]))  # fmt: skip
    found = {a.system: a.status for a in services.assess(site, march)}
    assert found[System.CONTRACTOR_PAYROLL] == Status.IN_PLACE
    # a worked month with no payroll sheet: the ledger is partial
    row = {"project_code": CODE, "id_number": id_number(1), "month": "2026-02", "days": "20"}
    feeds.run("attendance", inspector, numbered([row]))
    found = {a.system: a.status for a in services.assess(site, dt.date(2026, 4, 15))}
    assert found[System.LEDGER] == Status.PARTIAL
    assert found[System.CONTRACTOR_PAYROLL] == Status.PARTIAL


@pytest.mark.parametrize("kind", list(feeds.FEEDS))
def test_each_feed_has_its_upload_page_and_template(client, inspector, kind):
    client.force_login(inspector)
    page = client.get(f"/imports/{kind}/")
    assert page.status_code == 200 and str(feeds.FEEDS[kind].label) in page.content.decode()
    template = client.get(f"/imports/{kind}/template.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/")


def test_a_roster_row_after_an_index_key_rotation_updates_the_same_worker(
    inspector, site, settings
):
    settings.WAGEGUARD_INDEX_KEYS = ["index-one"]
    feeds.run("roster", inspector, numbered([roster_row(1)]))
    settings.WAGEGUARD_INDEX_KEYS = ["index-two", "index-one"]  # rotated, not yet rehashed
    again = feeds.run("roster", inspector, numbered([roster_row(1, trade="木工")]))
    assert again.counts[Outcome.UPDATED] == 1 and RosterWorker.objects.count() == 1
    rows = [{"project_code": CODE, "id_number": id_number(1), "month": "2026-01", "days": "3"}]
    assert feeds.run("attendance", inspector, numbered(rows)).errors == []


@pytest.mark.parametrize("n", [1, 4])
def test_assessing_a_batch_with_rosters_and_months_takes_fixed_queries(
    inspector, n, query_baseline
):
    from wageguard.projects import services

    sites = [project(inspector, code=f"51010720260{i:02d}") for i in range(n)]
    for s in sites:
        rows = [roster_row(k, code=s.code) for k in (1, 2)]
        feeds.run("roster", inspector, numbered(rows))
        month = [{"project_code": s.code, "id_number": id_number(1), "month": "2026-01",
                  "days": "20"}]  # fmt: skip
        feeds.run("attendance", inspector, numbered(month))
    with query_baseline("projects.assess_many_with_feeds"):
        services.assess_many(sites)
    assert all(len(services.facts_of(s).months) == 1 for s in sites)


def test_the_stored_summary_counts_what_causes_names_on_every_combination(inspector, site):
    """`reconcile.summarise` counts in SQL; each worker here is one combination of attendance,
    payroll line (with its channel) and amount paid at the boundaries of `causes()`, and the
    stored counts must equal what the Python rule says worker by worker."""
    import itertools

    net = Decimal("5900.10")
    combos = list(
        itertools.product(
            (None, 0, 22),  # days on attendance
            (None, ("account", net), ("cash", net), ("account", Decimal("0.00"))),  # line
            (None, Decimal("0.10"), Decimal("5900.09"), net, Decimal("5900.11")),  # paid
        )
    )
    feeds.run("roster", inspector, numbered([roster_row(s) for s in range(1, len(combos) + 1)]))
    workers = dict(RosterWorker.objects.filter(project=site).values_list("name", "pk"))
    month = dt.date(2026, 1, 1)
    expected: dict[str, int] = {}
    for serial, (days, line, paid) in enumerate(combos, start=1):
        worker = workers[f"工人{serial}"]
        if days is not None:
            Attendance.objects.create(project=site, worker_id=worker, month=month, days=days)
        if line is not None:
            PayrollLine.objects.create(
                project=site, worker_id=worker, month=month, gross=line[1], net=line[1],
                channel=line[0],
            )  # fmt: skip
        if paid is not None:  # paid in two transfers, so the sum is what is compared
            half = (paid / 2).quantize(Decimal("0.01"))
            for part, amount in enumerate((half, paid - half)):
                Payment.objects.create(
                    project=site, worker_id=worker, month=month, paid_on=dt.date(2026, 2, 5),
                    amount=amount, reference=f"C{serial}-{part}", card_hash=f"h{serial}",
                    card_last4="0000",
                )  # fmt: skip
        total = paid or Decimal(0)
        line_net = line[1] if line else None
        counts = {
            "on_attendance": bool(days),
            "on_payroll": line is not None,
            "paid_through_account": reconcile.paid_in_full(line_net, total),
        }
        for cause in reconcile.causes(days, line_net, line[0] if line else None, total):
            counts[cause.value] = True
        for name, hit in counts.items():
            expected[name] = expected.get(name, 0) + hit
    assert reconcile.summarise([(site.pk, month), (site.pk, dt.date(2026, 2, 1))]) == 2
    stored = MonthSummary.objects.get(project=site, month=month)
    for name, count in expected.items():
        assert getattr(stored, name) == count, name
    for cause in reconcile.Cause:
        assert getattr(stored, cause.value) == expected.get(cause.value, 0), cause
    empty = MonthSummary.objects.get(project=site, month=dt.date(2026, 2, 1))
    assert empty.on_attendance == empty.unpaid == 0
