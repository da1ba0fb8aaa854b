"""Dispatch KPI benchmark: server time of the KPIs at province level over 1,000,000 clues,
200,000 cases, 100,000 projects and 1,000,000 ledger items (issue 13: goal < 300 ms), with the
number of queries, counted live and read from the daily table (same process).

Run: `.venv/bin/python bench/kpis.py [--clues 1000000] [--cases 200000] [--projects 100000]
[--ledger 1000000] [--db PATH] [--rounds 5]`

The clues come from bench/inbox.py's generator (batched `executemany` into a fresh, migrated and
bootstrapped SQLite file, two years of arrival); the cases and their worker lines (1-3 a case,
a third with money recovered) are written the same way here, over two years of filing. `--db`
keeps the file and reuses it. Timed in-process: `dispatch.kpis.compute` (every KPI of the
province and of its 21 prefectures: the drill-down comes from the same queries), the API
`GET /api/v1/kpis` (total only) and the page `/dispatch/kpis/`, each the median of `--rounds`
runs after one warm-up, for a period of the last 30 days and of the last year (and the
province's campaign, whose ledger is counted). First live (the daily table emptied), then the
full `daily.refresh()` and one job run are timed, then the same figures read from the table.
Projects and ledger items come from bench/warning_scan.py and bench/ledger_pages.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inbox  # bench/inbox.py: setup and the clue generator

GOAL_MS = 300


def _template(model, connection) -> tuple[list[str], dict]:
    fields = [f for f in model._meta.concrete_fields if f.column != "id"]
    template = {}
    for f in fields:
        default = f.get_default() if f.has_default() else (None if f.null else "")
        if default == "" and f.get_internal_type() not in {"CharField", "TextField"}:
            default = None
        template[f.column] = None if default is None else f.get_db_prep_save(default, connection)
    return [f.column for f in fields], template


def generate_cases(n: int, seed: int = 13) -> float:
    """Writes `n` cases and their worker lines with batched inserts; returns the seconds."""
    from django.db import connection, transaction

    from wageguard.cases.models import CaseWorker, EnforcementCase
    from wageguard.org.models import Agency
    from wageguard.regions.models import Level, Region

    rng = random.Random(seed)
    agencies = dict(Agency.objects.filter(kind="hrss").values_list("region_id", "id"))
    counties = list(
        Region.objects.filter(
            province_code="51", level=Level.COUNTY, code__in=agencies
        ).values_list("code", flat=True)
    )
    ops = connection.ops
    case_cols, case_tpl = _template(EnforcementCase, connection)
    worker_cols, worker_tpl = _template(CaseWorker, connection)
    q = connection.ops.quote_name
    case_sql = "INSERT INTO {} ({}) VALUES ({})".format(
        EnforcementCase._meta.db_table,
        ", ".join(q(c) for c in case_cols),
        ", ".join(["%s"] * len(case_cols)),
    )
    worker_sql = "INSERT INTO {} ({}) VALUES ({})".format(
        CaseWorker._meta.db_table,
        ", ".join(q(c) for c in worker_cols),
        ", ".join(["%s"] * len(worker_cols)),
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {EnforcementCase._meta.db_table}")
        first_id = cursor.fetchone()[0] + 1
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    started = time.perf_counter()
    batch = 20_000
    for start in range(0, n, batch):
        cases, workers = [], []
        for i in range(start, min(n, start + batch)):
            pk = first_id + i
            region = rng.choice(counties)
            filed = today - dt.timedelta(days=rng.randrange(0, 730))
            state = rng.choices(["filed", "investigating", "decided", "closed"], [5, 15, 10, 70])[0]
            row = dict(case_tpl)
            row.update(
                number=f"川人社监案〔{filed.year}〕{pk}号",
                year=filed.year,
                serial=pk,
                region_id=region,
                agency_id=agencies[region],
                source="clue",
                employer_name=f"四川{i % 5000:04d}建筑工程有限公司",
                employer_name_norm=f"四川{i % 5000:04d}建筑工程",
                state=state,
                filed_on=ops.adapt_datefield_value(filed),
                due_date=ops.adapt_datefield_value(filed + dt.timedelta(days=84)),
                created_at=ops.adapt_datetimefield_value(now),
                updated_at=ops.adapt_datetimefield_value(now),
            )
            cases.append([row[c] for c in case_cols])
            for k in range(rng.choice([1, 1, 2, 3])):
                owed = rng.randrange(3000, 60000)
                w = dict(worker_tpl)
                w.update(
                    case_id=pk,
                    worker_name=f"工人{k}",
                    amount_owed=ops.adapt_decimalfield_value(owed, 14, 2),
                    amount_recovered=ops.adapt_decimalfield_value(
                        owed if rng.random() < 0.35 else 0, 14, 2
                    ),
                    months_unpaid=rng.randrange(1, 8),
                )
                workers.append([w[c] for c in worker_cols])
        # The case ids are given so the worker lines can name them.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                case_sql.replace(" (", " (id, ", 1).replace("VALUES (", "VALUES (%s, ", 1),
                [[first_id + start + j, *r] for j, r in enumerate(cases)],
            )
            cursor.executemany(worker_sql, workers)
        done = min(n, start + batch)
        if done % 100_000 == 0 or done == n:
            print(f"  {done:,} cases, {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def timed(fn, rounds: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times, result, queries = [], None, 0
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            t = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - t) * 1000)
        queries = len(captured.captured_queries)
    return statistics.median(times), queries, result


def seed_projects_and_ledger(n_projects: int, n_items: int) -> None:
    """The issue's other two scales, with the generators of bench/warning_scan.py (projects,
    their accounts and evidence) and bench/ledger_pages.py (ledger items, two campaigns)."""
    import ledger_pages
    import warning_scan
    from wageguard.campaigns.models import LedgerItem
    from wageguard.projects.models import Project

    today = dt.date.today()
    have = Project.objects.count()
    if have < n_projects:
        print(f"generating {n_projects - have:,} projects")
        print(f"generated in {warning_scan.generate_projects(n_projects - have, today):.0f} s")
    have = LedgerItem.objects.count()
    if have < n_items:
        people = ledger_pages.users()
        print(f"generating {n_items - have:,} ledger items")
        secs = ledger_pages.generate(n_items - have, today, people["province"].pk)
        print(f"generated in {secs:.0f} s")
        ledger_pages.campaigns(people, today)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clues", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--ledger", type=int, default=1_000_000)
    parser.add_argument("--db", help="SQLite file to create or reuse (default: a temporary one)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wg-bench-kpis-") as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / "kpis.sqlite3"
        inbox.setup(db_path, Path(tmp))
        from django.core.management import call_command
        from django.test import Client

        from wageguard.campaigns.models import Campaign, LedgerItem
        from wageguard.cases.models import CaseWorker, EnforcementCase
        from wageguard.clues.models import Clue
        from wageguard.dispatch import scope as scopes
        from wageguard.dispatch.kpis import compute, daily
        from wageguard.dispatch.kpis.models import KpiDaily, KpiDay
        from wageguard.org.models import User
        from wageguard.projects.models import Project
        from wageguard.regions.models import Region

        call_command("migrate", interactive=False, verbosity=0)
        have = Clue.objects.count()
        if have < args.clues:
            call_command("bootstrap", verbosity=0)
            print(f"generating {args.clues - have:,} clues into {db_path}")
            secs = inbox.generate(args.clues - have)
            print(f"generated in {secs:.0f} s")
        have_cases = EnforcementCase.objects.count()
        if have_cases < args.cases:
            print(f"generating {args.cases - have_cases:,} cases")
            secs = generate_cases(args.cases - have_cases)
            print(f"generated in {secs:.0f} s")
        seed_projects_and_ledger(args.projects, args.ledger)
        user = inbox.users()["province Sichuan"]
        User.objects.filter(pk=user.pk).update(role="taskforce")
        user.refresh_from_db()
        province = Region.objects.get(code="510000")
        campaign = Campaign.objects.filter(region_id="510000").first()
        today = dt.date.today()

        def run(mode: str) -> list[tuple]:
            results = []
            for label, days in (("last 30 days", 30), ("last 365 days", 365)):
                start = today - dt.timedelta(days=days)
                scope = scopes.Scope(province, start, today)
                ms, n, report = timed(lambda s=scope: compute(user, s), args.rounds)
                received = next(f.value for f in report.total.figures if f.key == "clues_received")
                results.append((mode, label, "compute (with 21 prefectures)", ms, n, received))
                ms, n, _r = timed(lambda s=scope: compute(user, s, drill=False), args.rounds)
                results.append((mode, label, "compute (province only)", ms, n, received))
                client = Client(SERVER_NAME="localhost")
                client.force_login(user)
                query = f"region=510000&start={start}&end={today}"
                ms, n, resp = timed(
                    lambda q=query, c=client: c.get(f"/api/v1/kpis?{q}"), args.rounds
                )
                assert resp.status_code == 200, resp.content[:300]
                results.append((mode, label, "GET /api/v1/kpis", ms, n, received))
                ms, n, resp = timed(
                    lambda q=query, c=client: c.get(f"/dispatch/kpis/?{q}"), args.rounds
                )
                assert resp.status_code == 200, resp.content[:300]
                results.append((mode, label, "page /dispatch/kpis/", ms, n, received))
            if campaign is not None:
                scope = scopes.Scope(province, campaign.start_date, today, campaign)
                ms, n, report = timed(lambda s=scope: compute(user, s), args.rounds)
                received = next(f.value for f in report.total.figures if f.key == "clues_received")
                results.append((mode, "campaign", "compute (with 21 prefectures)", ms, n, received))
            return results

        # Live: no day kept (as before the table), then kept: every past day computed.
        KpiDaily.objects.all().delete()
        KpiDay.objects.all().delete()
        results = run("live")
        t = time.perf_counter()
        computed = daily.refresh()
        full_s = time.perf_counter() - t
        with_days = sum(computed.values())
        t = time.perf_counter()
        lines = daily.run_job()
        job_s = time.perf_counter() - t
        results += run("kept")
        live = {(label, what): ms for mode, label, what, ms, _n, _r in results if mode == "live"}
        print(
            f"\nKPIs: {Clue.objects.count():,} clues, {EnforcementCase.objects.count():,} cases, "
            f"{CaseWorker.objects.count():,} worker lines, {Project.objects.count():,} projects, "
            f"{LedgerItem.objects.count():,} ledger items; SQLite, province level, "
            f"median of {args.rounds} (server time, in-process)"
        )
        print(
            f"daily table: full refresh {full_s:.1f} s ({with_days:,} source-days, "
            f"{KpiDaily.objects.count():,} rows); one job run {job_s:.1f} s ({lines[0]})"
        )
        print(
            f"{'mode':<6}{'period':<16}{'what':<32}{'ms':>9}{'queries':>9}"
            f"{'clues in period':>17}{'live ms':>9}"
        )
        for mode, label, what, ms, n, received in results:
            flag = "" if ms < GOAL_MS else "  > goal"
            before = f"{live[(label, what)]:>9.1f}" if mode == "kept" else " " * 9
            print(f"{mode:<6}{label:<16}{what:<32}{ms:>9.1f}{n:>9}{received:>17,}{before}{flag}")
        print(f"goal: < {GOAL_MS} ms")


if __name__ == "__main__":
    main()
