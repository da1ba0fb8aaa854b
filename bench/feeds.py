"""A province's payroll month through the feed import: rows/s, seconds and peak memory.

Run: `.venv/bin/python bench/feeds.py [--rows 3000000] [--db sqlite|pg|both]`
(PostgreSQL from DATABASE_URL, default postgres://postgres@127.0.0.1:5432; a database
`wageguard_bench_feeds` is created and dropped.)

One process per database, each on a fresh, migrated database with Sichuan's bureaus:

1. **setup** (not the figure): `rows / 300` projects of 300 roster workers each, written with
   `bulk_create` (each ID number and mobile encrypted, with their keyed hashes), and one month's
   attendance and payroll files of `rows` lines each, as a bank or a real-name platform sends
   them (CSV, project code + name + ID number + ...).
2. **attendance** and **payroll**: each file through `core.imports.process`, the worker's own code
   path: the file read as a stream, batches of 5,000 rows validated (ID checksum, month, amounts),
   resolved (projects, roster workers by keyed hash) and upserted, each batch's project-months
   reconciled and projects assessed, the job's progress recorded.
3. **reconcile**: every project-month of the file summarised again in one call
   (`reconcile.summarise_projects`), the nightly repair.
4. **copy** (PostgreSQL only): `COPY` of the same payroll file into a plain table with no index,
   the floor no import can beat; and **copy+index**: the same rows `COPY`'d into a table with
   the payroll table's indexes and foreign keys, committed, the floor of writing that table.

Peak memory is the process's peak resident set (`resource.getrusage`), printed after each step.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS_PER_PROJECT = 300
PG_DB = "wageguard_bench_feeds"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(step: str, rows: int, seconds: float) -> None:
    rate = rows / seconds if seconds else 0
    print(
        f"  {step:<11} {rows:>10,} rows  {seconds:8.1f} s  {rate:>10,.0f} rows/s  "
        f"peak RSS {peak_mb():,.0f} MB",
        flush=True,
    )


def id_number(serial: int) -> str:
    from stdnum.cn import ric

    birth = dt.date(1966, 1, 1) + dt.timedelta(days=serial // 1000)
    body = f"510107{birth:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def setup(rows: int, tmp: str) -> tuple:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from wageguard.org.bootstrap import create_agencies
    from wageguard.org.models import Agency, User
    from wageguard.org.rules import Role
    from wageguard.parties.models import Enterprise
    from wageguard.projects.models import Project, RosterWorker
    from wageguard.projects.rules import State
    from wageguard.regions.loader import load_regions

    load_regions()
    create_agencies("51")
    agency = Agency.objects.get(region_id="510107", kind="hrss")
    user = User.objects.create_user(
        username="bench", password="x", agency=Agency.objects.get(region_id="510000", kind="hrss"),
        role=Role.INSPECTOR,
    )  # fmt: skip
    firm = Enterprise.objects.create(
        name="四川华西建工有限公司", name_norm="华西建工", region_id="510107"
    )
    n_projects = -(-rows // WORKERS_PER_PROJECT)
    Project.objects.bulk_create(
        [
            Project(
                name=f"基准项目{p}", name_norm=f"基准项目{p}", code=f"BENCH-{p:06d}",
                site_address="成都市武侯区人民南路四段 9 号", region_id="510107", agency=agency,
                developer=firm, general_contractor=firm, funding="private",
                started_on=dt.date(2026, 1, 10), state=State.UNDER_CONSTRUCTION,
                labour_officer="李四",
            )
            for p in range(n_projects)
        ],
        batch_size=2000,
    )  # fmt: skip
    ids = dict(Project.objects.values_list("code", "pk"))
    month = "2026-09"
    t0 = time.perf_counter()
    media = Path(tmp) / "files" / "bench"
    media.mkdir(parents=True, exist_ok=True)
    with (
        open(media / "attendance.csv", "w", encoding="utf-8") as att,
        open(media / "payroll.csv", "w", encoding="utf-8") as pay,
    ):
        att.write("项目编码,姓名,身份证号码,月份,出勤天数\n")
        pay.write("项目编码,姓名,身份证号码,月份,应发工资,扣除,实发工资,本人签字\n")
        batch = []
        for serial in range(rows):
            code = f"BENCH-{serial // WORKERS_PER_PROJECT:06d}"
            number = id_number(serial)
            name = f"工人{serial}"
            days = 15 + serial % 12
            gross = days * 300
            att.write(f"{code},{name},{number},{month},{days}\n")
            pay.write(f"{code},{name},{number},{month},{gross},50,{gross - 50},是\n")
            batch.append(
                RosterWorker(
                    project_id=ids[code],
                    name=name, id_number=number, mobile=f"139{serial:08d}",
                    contract_signed=True, safety_trained=True,
                )
            )  # fmt: skip
            if len(batch) == 5000:
                RosterWorker.objects.bulk_create(batch, batch_size=5000)
                batch = []
        RosterWorker.objects.bulk_create(batch, batch_size=5000)
    report("setup", rows, time.perf_counter() - t0)
    return user, media


def run_import(kind: str, user, media: Path, rows: int) -> None:
    from wageguard.core.imports import process
    from wageguard.core.models import ImportJob

    path = media / f"{kind}.csv"
    job = ImportJob.objects.create(
        kind=kind, original_name=path.name, sha256=kind * 4, size=path.stat().st_size,
        created_by=user, agency_id=user.agency_id, rows_total=rows,
    )  # fmt: skip
    job.file.name = f"bench/{path.name}"
    job.save(update_fields=["file"])
    t0 = time.perf_counter()
    job = process(job)
    seconds = time.perf_counter() - t0
    assert job.state == "done" and job.refused == 0, (job.state, job.refused, job.message)
    assert job.created == rows, (job.created, rows)
    report(kind, rows, seconds)


def one(database: str, rows: int) -> None:
    tmp = tempfile.mkdtemp(prefix="wageguard-bench-feeds-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wageguard.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["WAGEGUARD_VAR"] = tmp
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        server = base.rsplit("/", 1)[0]
        subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", PG_DB])
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", PG_DB], check=True)
        atexit.register(
            subprocess.run, ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", PG_DB]
        )
        os.environ["DATABASE_URL"] = f"{server}/{PG_DB}"
    print(f"{database}: {rows:,} attendance + {rows:,} payroll rows", flush=True)
    user, media = setup(rows, tmp)
    run_import("attendance", user, media, rows)
    run_import("payroll", user, media, rows)
    from django.db import connection, transaction

    from wageguard.projects import reconcile
    from wageguard.projects.models import Project

    t0 = time.perf_counter()
    with transaction.atomic():
        reconcile.summarise_projects(Project.objects.values_list("pk", flat=True))
    report("reconcile", rows, time.perf_counter() - t0)
    if database == "pg":
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_copy (project_code text, name text, id_number text, "
                "month text, gross numeric, deductions numeric, net numeric, signed text)"
            )
            t0 = time.perf_counter()
            raw = cursor.cursor
            with (
                open(media / "payroll.csv", "rb") as stream,
                raw.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            ):
                while chunk := stream.read(1 << 20):
                    copy.write(chunk)
            report("copy", rows, time.perf_counter() - t0)
        copy_indexed(rows)
    connection.close()


def copy_indexed(rows: int) -> None:
    """The floor of a real table: `COPY` of the same payroll rows (workers already resolved)
    into a table shaped like `projects_payrollline`, with its indexes, its unique key and its
    foreign keys checked at commit as Django declares them. No import can write faster into
    the feed's table; the plain `COPY` above leaves all of that out."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_indexed (LIKE projects_payrollline INCLUDING ALL);"
            "ALTER TABLE bench_indexed ADD FOREIGN KEY (worker_id) "
            "REFERENCES projects_rosterworker (id) DEFERRABLE INITIALLY DEFERRED;"
            "ALTER TABLE bench_indexed ADD FOREIGN KEY (project_id) "
            "REFERENCES projects_project (id) DEFERRABLE INITIALLY DEFERRED"
        )
        columns = "worker_id, project_id, month, gross, deductions, net, signed, channel"
        data = []
        with cursor.cursor.copy(
            f"COPY (SELECT {columns} FROM projects_payrollline) TO STDOUT"
        ) as out:
            for chunk in out:
                data.append(bytes(chunk))
    t0 = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY bench_indexed ({columns}) FROM STDIN") as copy,
    ):
        for chunk in data:
            copy.write(chunk)
    report("copy+index", rows, time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3_000_000)
    parser.add_argument("--db", choices=["sqlite", "pg", "both"], default="both")
    parser.add_argument("--one", choices=["sqlite", "pg"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one, args.rows)
        return
    # A process per database: Django's settings are fixed at setup, and each peak is its own.
    for database in ("sqlite", "pg") if args.db == "both" else (args.db,):
        subprocess.run(
            [sys.executable, __file__, "--one", database, "--rows", str(args.rows)], check=True
        )


if __name__ == "__main__":
    main()
