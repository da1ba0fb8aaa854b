"""Warning benchmark (not `warnings.py`: run as a script it would shadow the standard library's
`warnings`): the scan of 100,000 projects, and the warning inbox over 100,000 projects and
1,000,000 warnings (server time and query count).

Run: `.venv/bin/python bench/warning_scan.py [--projects 100000] [--warnings 1000000] [--rounds 3]`
(SQLite in a temporary file), or with `DATABASE_URL=postgres://...` on an empty PostgreSQL
database (migrated here).

Projects, their accounts, deposits and notice-board photos are written with batched
`executemany` inserts, spread over Sichuan's counties (武侯区 a larger share): most compliant,
some without an account or deposit past the window, some guarantees expiring or expired, some
boards missing, some paid quarterly. The scan (`projects.warnings.services.scan` over every
project not settled) is timed as the nightly job runs it, from an empty warning table. Then
warnings are topped up with raw inserts to `--warnings` (mostly closed, as a province's history
is) and the inbox page `/projects/warnings/` and `GET /api/v1/warnings` are timed in-process
with Django's test client for a county, a city and the province (median of `--rounds` after a
warm-up), with the number of queries each took.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SCAN_GOAL_S = 30
INBOX_GOAL_MS = 300
BATCH = 20_000


def setup(tmp: Path) -> str:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'warnings.sqlite3'}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="wageguard.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-" + uuid.uuid4().hex,
        SECURE_SSL_REDIRECT="0",
        WAGEGUARD_VAR=str(tmp),
        LOG_LEVEL="WARNING",
    )
    (tmp / "static").mkdir(exist_ok=True)
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


def _inserter(model):
    """An `executemany` insert of `model`'s columns (every concrete field but the id), with a
    row template of each field's default prepared for the database."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if f.column != "id"]
    columns = [f.column for f in fields]
    template = {}
    for f in fields:
        default = f.get_default() if f.has_default() else None
        if default is None and not f.null and f.get_internal_type() in {"CharField", "TextField"}:
            default = ""
        template[f.column] = None if default is None else f.get_db_prep_save(default, connection)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        model._meta.db_table,
        ", ".join(connection.ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )

    def insert(rows: list[dict]) -> None:
        from django.db import transaction

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, [[{**template, **r}[c] for c in columns] for r in rows])

    return insert


def generate_projects(n: int, today: dt.date, seed: int = 7) -> float:
    from django.db import connection

    from wageguard.org.models import Agency
    from wageguard.parties.services import enterprise_for
    from wageguard.projects.models import Evidence, Project, WageAccount, WageDeposit
    from wageguard.regions.models import Level, Region

    rng = random.Random(seed)
    ops = connection.ops
    agencies = dict(Agency.objects.filter(kind="hrss").values_list("region_id", "id"))
    counties = list(
        Region.objects.filter(level=Level.COUNTY, code__in=agencies).values_list("code", flat=True)
    )
    weights = [25 if c == "510107" else 3 if c.startswith("5101") else 1 for c in counties]
    firms = [enterprise_for(f"四川省第{i}建筑工程有限公司", "").pk for i in range(1, 41)]
    now = ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
    d = ops.adapt_datefield_value
    started = time.perf_counter()
    base = Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    insert_p, insert_a = _inserter(Project), _inserter(WageAccount)
    insert_d, insert_e = _inserter(WageDeposit), _inserter(Evidence)
    for start in range(0, n, BATCH):
        projects, accounts, deposits, evidence = [], [], [], []
        for i in range(start, min(n, start + BATCH)):
            pk = base + i + 1
            region = rng.choices(counties, weights)[0]
            signed = today - dt.timedelta(days=rng.randrange(20, 900))
            state = rng.choices(
                ["construction", "suspended", "registered", "completed"], [80, 5, 10, 5]
            )[0]
            projects.append(
                {
                    "name": f"基准项目{pk}",
                    "name_norm": f"基准项目{pk}",
                    "code": f"BENCH{pk:09d}",
                    "site_address": "四川省成都市武侯区人民南路1号",
                    "region_id": region,
                    "agency_id": agencies[region],
                    "department": rng.choices(["housing", "transport", "water"], [85, 10, 5])[0],
                    "developer_id": rng.choice(firms),
                    "general_contractor_id": rng.choice(firms),
                    "funding": "private",
                    "appropriation_cycle": "quarter" if rng.random() < 0.03 else "month",
                    "contract_signed_on": d(signed),
                    "permit_on": d(signed),
                    "started_on": d(signed + dt.timedelta(days=10)),
                    "state": state,
                    "labour_officer": "王工",
                    "applies_all": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if rng.random() < 0.93:
                accounts.append(
                    {
                        "project_id": pk,
                        "bank": "工商银行",
                        "number": f"{pk:012d}",
                        "opened_on": d(signed + dt.timedelta(days=5)),
                    }
                )
            r = rng.random()
            if r < 0.6:
                deposits.append(
                    {"project_id": pk, "form": "cash", "lodged_on": d(signed), "recorded_at": now}
                )
            elif r < 0.92:
                expires = today + dt.timedelta(days=rng.randrange(-60, 400))
                deposits.append(
                    {
                        "project_id": pk,
                        "form": "guarantee",
                        "lodged_on": d(signed),
                        "expires_on": d(expires),
                        "recorded_at": now,
                    }
                )
            if rng.random() < 0.95:
                evidence.append(
                    {
                        "project_id": pk,
                        "system": "notice",
                        "file": "x.jpg",
                        "original_name": "x.jpg",
                        "content_type": "image/jpeg",
                        "size": 1,
                        "sha256": "0" * 64,
                        "uploaded_at": now,
                    }
                )
        insert_p(projects)
        insert_a(accounts)
        insert_d(deposits)
        insert_e(evidence)
    return time.perf_counter() - started


def top_up_warnings(target: int, today: dt.date, seed: int = 9) -> float:
    """Raw warnings up to `target`: 90% decided (closed or not a problem), the open ones due in
    the past and the future, on random projects."""
    from django.db import connection

    from wageguard.projects.models import Project, Warning
    from wageguard.projects.warnings import RULES

    have = Warning.objects.count()
    if have >= target:
        return 0.0
    rng = random.Random(seed)
    d = connection.ops.adapt_datefield_value
    rows_p = list(Project.objects.values_list("pk", "region_id", "agency_id", "department"))
    codes = RULES.names()
    levels = {c: RULES.get(c).level for c in codes}
    rank = {"red": 0, "orange": 1, "yellow": 2}
    insert = _inserter(Warning)
    started = time.perf_counter()
    for start in range(have, target, BATCH):
        rows = []
        for i in range(start, min(target, start + BATCH)):
            pk, region, agency, department = rng.choice(rows_p)
            code = rng.choice(codes)
            issued = today - dt.timedelta(days=rng.randrange(0, 700))
            state = rng.choices(
                ["closed", "dismissed", "issued", "assigned", "handled"], [75, 15, 5, 3, 2]
            )[0]
            rows.append(
                {
                    "project_id": pk,
                    "rule": code,
                    "key": f"b{i}",
                    "level": levels[code],
                    "level_rank": rank[levels[code]],
                    "state": state,
                    "summary": "基准预警",
                    "article": "",
                    "data": "{}",
                    "region_id": region,
                    "agency_id": agency,
                    "department": department,
                    "issued_on": d(issued),
                    "due_on": d(issued + dt.timedelta(days=7)),
                    "last_seen_on": d(issued),
                    "seen_count": 1,
                    "closed_on": d(issued + dt.timedelta(days=9))
                    if state in ("closed", "dismissed")
                    else None,
                }
            )
        insert(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def users():
    from wageguard.org.bootstrap import ensure_agency
    from wageguard.org.models import User
    from wageguard.regions.models import Region

    out = {}
    for label, code in (
        ("county Wuhou", "510107"),
        ("city Chengdu", "510100"),
        ("province Sichuan", "510000"),
    ):
        username = f"bench-w-{code}"
        user = User.objects.filter(username=username).first()
        if user is None:
            agency = ensure_agency(Region.objects.get(code=code), "hrss")
            user = User.objects.create_user(
                username, password=None, agency=agency, role="inspector"
            )
        out[label] = user
    return out


def timed(fn, rounds: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times = []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), len(queries.captured_queries), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--warnings", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wg-bench-warnings-") as tmp:
        vendor = setup(Path(tmp))
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from wageguard.projects.models import Project, Warning
        from wageguard.projects.rules import ACTIVE
        from wageguard.projects.warnings import services

        call_command("migrate", interactive=False, verbosity=0)
        call_command("bootstrap", verbosity=0)
        today = timezone.localdate()
        have = Project.objects.count()
        if have < args.projects:
            secs = generate_projects(args.projects - have, today)
            print(f"generated {args.projects - have:,} projects in {secs:.0f} s ({vendor})")
        Warning.objects.all().delete()
        scope = Project.objects.filter(state__in={*ACTIVE, "registered", "completed"})
        t = time.perf_counter()
        report = services.scan(scope, today)
        scan_s = time.perf_counter() - t
        print(
            f"\nscan: {report.projects:,} projects in {scan_s:.1f} s "
            f"({report.projects / scan_s:,.0f}/s), {report.issued:,} warnings issued"
            f"{'' if scan_s < SCAN_GOAL_S else '  > goal'} (goal < {SCAN_GOAL_S} s)"
        )
        t = time.perf_counter()
        again = services.scan(scope, today)
        print(f"scan again the same day: {time.perf_counter() - t:.1f} s, {again.issued} issued")

        secs = top_up_warnings(args.warnings, today)
        total = Warning.objects.count()
        print(f"topped up to {total:,} warnings in {secs:.0f} s")
        pages = {
            "page: open (default)": "/projects/warnings/",
            "page: red, overdue": "/projects/warnings/?level=red&overdue=yes",
            "page: all states, p.50": "/projects/warnings/?state=&page=50",
            "API: open, 50": "/api/v1/warnings?state=open&limit=50",
            "API: rule, closed": "/api/v1/warnings?state=closed&rule=guarantee_expired&limit=50",
        }
        print(
            f"\ninbox: {total:,} warnings, {Project.objects.count():,} projects, {vendor}, "
            f"median of {args.rounds} (server time, in-process)"
        )
        print(f"{'user':<18}{'request':<30}{'ms':>9}{'queries':>9}")
        for label, user in users().items():
            client = Client(SERVER_NAME="localhost")
            client.force_login(user)
            for name, url in pages.items():
                ms, queries, response = timed(lambda c=client, u=url: c.get(u), args.rounds)
                assert response.status_code == 200, response.content[:300]
                flag = "" if ms < INBOX_GOAL_MS else "  > goal"
                print(f"{label:<18}{name:<30}{ms:>9.1f}{queries:>9}{flag}")
        print(f"goal: < {INBOX_GOAL_MS} ms, the same queries whatever the size")


if __name__ == "__main__":
    main()
