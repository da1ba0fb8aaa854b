"""Inbox and overview benchmark with 1,000,000 clues: server time of the API list (first page and
filtered pages) and of the supervisor overview, for a county, a city and a province user.

Run: `.venv/bin/python bench/inbox.py [--clues 1000000] [--db PATH] [--rounds 5] [--explain]`

The clues are written straight into a fresh SQLite file (migrated and bootstrapped first) with
batched `executemany` inserts, not through the services: spread over Sichuan's counties (武侯区
gets a larger share, as a busy urban county does) and two years of arrival, mostly closed, the open
ones due in the past, soon and later, some urgent and reopened. `--db PATH` keeps the file and
reuses it on the next run (generation is skipped when it already holds the clues).

Timed in-process with Django's test client (`GET /api/v1/clues?...`: routing, auth, filter, count,
page and serialisation, i.e. the server's time without the network), and `clues.overview.rows()`
for the overview. Each figure is the median of `--rounds` runs after one warm-up.
`--explain` prints SQLite's query plans for the list, count and overview queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from wageguard.core.deadlines import Clock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
GOAL_MS = 300

OPEN_MIX = [("received", 20), ("accepted", 15), ("verifying", 45), ("resolved", 10),
            ("unsubstantiated", 4), ("referred", 3), ("converted", 3)]  # fmt: skip
DONE_MIX = [("closed", 80), ("replied", 10), ("rejected", 7), ("merged", 3)]
CHANNELS = ["web", "hotline_12333", "window", "letter", "public_opinion", "inspection",
            "undercover", "national_platform"]  # fmt: skip


def setup(db_path: Path, tmp: Path) -> None:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        DJANGO_SETTINGS_MODULE="wageguard.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-" + uuid.uuid4().hex,
        SECURE_SSL_REDIRECT="0",
        WAGEGUARD_VAR=str(tmp),
        LOG_LEVEL="WARNING",
    )
    (tmp / "static").mkdir(exist_ok=True)
    import django

    django.setup()


def generate(n: int, seed: int = 11) -> float:
    """Writes `n` clues with raw batched inserts; returns the seconds it took."""
    from django.db import connection, transaction

    from wageguard.clues.models import CODE_ALPHABET, Clue
    from wageguard.org.models import Agency
    from wageguard.regions.models import Level, Region

    rng = random.Random(seed)
    agencies = dict(Agency.objects.filter(kind="hrss").values_list("region_id", "id"))
    counties = list(
        Region.objects.filter(
            province_code="51", level=Level.COUNTY, code__in=agencies
        ).values_list("code", flat=True)
    )
    weights = [25 if c == "510107" else 3 if c.startswith("5101") else 1 for c in counties]
    triage = [c for c in agencies if not c.endswith("0000") and c.endswith("00")] + ["510000"]

    fields = [f for f in Clue._meta.concrete_fields if f.column != "id"]
    columns = [f.column for f in fields]
    template = {}
    for f in fields:
        default = f.get_default() if f.has_default() else (None if f.null else "")
        if default == "" and f.get_internal_type() not in {"CharField", "TextField"}:
            default = None  # set per row below
        template[f.column] = None if default is None else f.get_db_prep_save(default, connection)
    template["urgent_reasons"] = "[]"
    template["secret_hash"] = "0" * 64
    ops = connection.ops
    sql = "INSERT INTO clues_clue ({}) VALUES ({})".format(
        ", ".join(connection.ops.quote_name(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    day = dt.timedelta(days=1)
    batch_size = 20_000
    started = time.perf_counter()
    for start in range(0, n, batch_size):
        rows = []
        for i in range(start, min(n, start + batch_size)):
            row = dict(template)
            code = "".join(CODE_ALPHABET[(i >> (5 * k)) & 31] for k in range(8))
            region = (
                rng.choices(counties, weights)[0] if rng.random() > 0.01 else rng.choice(triage)
            )
            is_open = rng.random() < 0.12
            age = rng.randrange(0, 60) if is_open else rng.randrange(10, 730)
            received = now - dt.timedelta(days=age, seconds=rng.randrange(86400))
            state = rng.choices(*zip(*(OPEN_MIX if is_open else DONE_MIX), strict=True))[0]
            due = received.date() + dt.timedelta(days=7 if state == "received" else 20)
            row.update(
                tracking_code="XS" + code + rng.choice(CODE_ALPHABET) * 2,
                channel=rng.choice(CHANNELS),
                received_at=ops.adapt_datetimefield_value(received),
                created_at=ops.adapt_datetimefield_value(received),
                updated_at=ops.adapt_datetimefield_value(received),
                region_id=region,
                agency_id=agencies[region],
                reporter_name="王伟",
                id_number="510107198001010011",
                phone=f"139{i:08d}",
                sector="construction" if rng.random() < 0.6 else "other",
                employer_name=f"四川{i % 5000:04d}建筑工程有限公司",
                employer_name_norm=f"四川{i % 5000:04d}建筑工程",
                work_address="四川省成都市武侯区人民南路1号",
                amount_owed=ops.adapt_decimalfield_value(rng.randrange(3000, 300000), 14, 2),
                workers_owed=rng.choice([1, 1, 2, 3, 5, 12]),
                description="项目完工后拖欠工资",
                state=state,
                due_date=ops.adapt_datefield_value(due),
                accept_due=ops.adapt_datefield_value(received.date() + 7 * day),
                urgent=rng.random() < 0.05,
                reopened_count=1 if rng.random() < 0.02 else 0,
            )
            if not is_open and state != "merged":
                replied = received.date() + dt.timedelta(days=rng.randrange(3, 25))
                row["replied_on"] = ops.adapt_datefield_value(replied)
                row["replied_at"] = ops.adapt_datetimefield_value(
                    dt.datetime.combine(replied, dt.time(2), dt.UTC)
                )
            if row["urgent"]:
                row["urgent_reasons"] = json.dumps(["涉及人数较多"], ensure_ascii=False)
            rows.append([row[c] for c in columns])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        done = min(n, start + batch_size)
        if done % 200_000 == 0 or done == n:
            print(f"  {done:,} clues, {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def users():
    from wageguard.org.bootstrap import ensure_agency
    from wageguard.org.models import User
    from wageguard.regions.models import Region

    out = {}
    for label, code in (("county Wuhou", "510107"), ("city Chengdu", "510100"),
                        ("province Sichuan", "510000")):  # fmt: skip
        username = f"bench-{code}"
        user = User.objects.filter(username=username).first()
        if user is None:
            agency = ensure_agency(Region.objects.get(code=code), "hrss")
            user = User.objects.create_user(
                username, password=None, agency=agency, role="inspector"
            )
        out[label] = user
    return out


def timed(fn, rounds: int) -> tuple[float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(rounds):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clues", type=int, default=1_000_000)
    parser.add_argument("--db", help="SQLite file to create or reuse (default: a temporary one)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wg-bench-inbox-") as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / "inbox.sqlite3"
        setup(db_path, Path(tmp))
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from wageguard.clues.filters import STAGE
        from wageguard.clues.models import Clue
        from wageguard.clues.reports import overview

        call_command("migrate", interactive=False, verbosity=0)
        have = Clue.objects.count()
        if have < args.clues:
            call_command("bootstrap", verbosity=0)
            print(f"generating {args.clues - have:,} clues into {db_path}")
            secs = generate(args.clues - have)
            print(f"generated in {secs:.0f} s ({(args.clues - have) / secs:,.0f} clues/s)")
        total = Clue.objects.count()

        pages = {
            "first page (due)": "/api/v1/clues?limit=50",
            "open, overdue": "/api/v1/clues?state=open&sla=overdue&limit=50",
            "urgent, hotline, by arrival": "/api/v1/clues?urgent=1&channel=hotline_12333"
            "&sort=-received&limit=50",
            "page 100 (offset 4950)": "/api/v1/clues?limit=50&offset=4950",
        }
        results = []
        for label, user in users().items():
            client = Client(SERVER_NAME="localhost")
            client.force_login(user)
            for name, url in pages.items():
                ms, response = timed(lambda c=client, u=url: c.get(u), args.rounds)
                assert response.status_code == 200, response.content[:300]
                count = response.json()["count"]
                results.append((label, f"API {name}", ms, count))
            user.refresh_from_db()

            def ov(user=user):
                return overview.rows(user, Clock.now(STAGE))

            ms, rows_ = timed(ov, args.rounds)
            results.append((label, "overview", ms, sum(r.open for r in rows_)))

        print(
            f"\ninbox: {total:,} clues, SQLite, median of {args.rounds} (server time, in-process)"
        )
        print(f"{'user':<18}{'query':<34}{'ms':>9}{'rows':>10}")
        for label, name, ms, count in results:
            flag = "" if ms < GOAL_MS else "  > goal"
            print(f"{label:<18}{name:<34}{ms:>9.1f}{count:>10,}{flag}")
        print(f"goal: < {GOAL_MS} ms")

        if args.explain:
            explain(users(), connection)


def explain(users_, connection) -> None:
    from wageguard.clues import filters
    from wageguard.clues.filters import STAGE
    from wageguard.clues.models import Clue
    from wageguard.clues.reports import overview

    clock = Clock.now(STAGE)
    for label, user in users_.items():
        base = Clue.objects.restrict(user, "view")
        cases = {
            "page": filters.apply(base, {}, clock)[:50],
            "overdue page": filters.apply(base, {"state": "open", "sla": "overdue"}, clock)[:50],
            "overdue count": filters.apply(
                base, {"state": "open", "sla": "overdue"}, clock
            ).order_by(),
        }
        for name, qs in cases.items():
            sql, params = qs.query.sql_with_params()
            if name.endswith("count"):
                sql = f"SELECT COUNT(*) FROM ({sql})"
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = [row[-1] for row in cursor.fetchall()]
            print(f"\n[{label}] {name}:\n  " + "\n  ".join(plan))
    _ = overview


if __name__ == "__main__":
    main()
