"""Sweep coverage benchmark: 100,000 targets across Sichuan's counties, about half visited, and
the coverage aggregation (`campaigns.sweeps.services.coverage`), the coverage page and
`GET /api/v1/sweeps/{id}` timed server-side for a county, a city and the province, with the
number of queries each took.

Run: `.venv/bin/python bench/sweeps_coverage.py [--targets 100000] [--rounds 5]` (SQLite in a
temporary file), or with `DATABASE_URL=postgres://...` on an empty PostgreSQL database (migrated
here). Targets are written with batched `executemany` inserts (the service's own INSERT ... SELECT
needs projects to select from; `--from-projects` generates projects and times that instead).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from warning_scan import BATCH, _inserter, generate_projects, setup, timed  # noqa: E402

GOAL_MS = 300


def users():
    from wageguard.org.bootstrap import ensure_agency
    from wageguard.org.models import User
    from wageguard.regions.models import Region

    out = {}
    for label, code, role in (
        ("county Wuhou", "510107", "inspector"),
        ("city Chengdu", "510100", "supervisor"),
        ("province Sichuan", "510000", "taskforce"),
    ):
        username = f"bench-s-{code}"
        user = User.objects.filter(username=username).first()
        if user is None:
            agency = ensure_agency(Region.objects.get(code=code), "hrss")
            user = User.objects.create_user(username, password=None, agency=agency, role=role)
        out[label] = user
    return out


def make_sweep(planner):
    from django.utils import timezone

    from wageguard.campaigns import services as campaigns
    from wageguard.campaigns.sweeps import services as sweeps

    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        planner,
        name="基准冬季专项行动",
        kind="winter",
        region="510000",
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=60),
    )
    return sweeps.create_sweep(
        planner,
        campaign,
        name="基准拉网式排查",
        region="510000",
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=60),
    )


def generate_targets(sweep, n: int, seed: int = 5) -> float:
    """`n` targets over the province's counties (武侯区 a larger share), about half visited and
    a tenth of those with a problem found."""
    from django.db import connection

    from wageguard.campaigns.sweeps.models import SweepTarget
    from wageguard.org.models import Agency
    from wageguard.regions.models import Level, Region

    rng = random.Random(seed)
    ops = connection.ops
    agencies = dict(Agency.objects.filter(kind="hrss").values_list("region_id", "id"))
    counties = list(
        Region.objects.filter(level=Level.COUNTY, code__in=agencies).values_list("code", flat=True)
    )
    weights = [25 if c == "510107" else 3 if c.startswith("5101") else 1 for c in counties]
    now = ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
    insert = _inserter(SweepTarget)
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        rows = []
        for i in range(start, min(n, start + BATCH)):
            visited = rng.random() < 0.5
            rows.append(
                {
                    "sweep_id": sweep.pk,
                    "kind": "employer",
                    "sector": "services",
                    "name": f"基准用人单位{i}",
                    "region_id": rng.choices(counties, weights)[0],
                    "visited_at": now if visited else None,
                    "problem_found": visited and rng.random() < 0.1,
                    "added_at": now,
                }
            )
        insert(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--from-projects",
        action="store_true",
        help="generate --targets projects and list them with the service's INSERT ... SELECT",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wg-bench-sweeps-") as tmp:
        vendor = setup(Path(tmp))
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from wageguard.campaigns.sweeps import services

        call_command("migrate", interactive=False, verbosity=0)
        call_command("bootstrap", verbosity=0)
        people = users()
        planner = people["province Sichuan"]
        sweep = make_sweep(planner)
        if args.from_projects:
            secs = generate_projects(args.targets, timezone.localdate())
            print(f"generated {args.targets:,} projects in {secs:.0f} s ({vendor})")
            t = time.perf_counter()
            added = services.add_project_targets(planner, sweep)
            print(f"listed {added:,} projects as targets in {time.perf_counter() - t:.2f} s")
            from wageguard.campaigns.sweeps.models import SweepTarget

            ids = list(SweepTarget.objects.filter(sweep=sweep).values_list("pk", flat=True))
            half = ids[: len(ids) // 2]
            SweepTarget.objects.filter(pk__in=half[:30000]).update(visited_at=timezone.now())
        else:
            secs = generate_targets(sweep, args.targets)
            print(f"generated {args.targets:,} targets in {secs:.1f} s ({vendor})")
        print(
            f"\ncoverage of {sweep.targets.count():,} targets, {vendor}, median of "
            f"{args.rounds} (server time, in-process)"
        )
        print(f"{'user':<18}{'request':<22}{'ms':>9}{'queries':>9}")
        for label, user in people.items():
            ms, queries, cov = timed(lambda u=user: services.coverage(sweep, u), args.rounds)
            flag = "" if ms < GOAL_MS else "  > goal"
            print(f"{label:<18}{'aggregation':<22}{ms:>9.1f}{queries:>9}{flag}")
            client = Client(SERVER_NAME="localhost")
            client.force_login(user)
            for name, url in (
                ("page: coverage", f"/campaigns/sweeps/{sweep.pk}/coverage/"),
                ("API: sweep detail", f"/api/v1/sweeps/{sweep.pk}"),
            ):
                ms, queries, response = timed(lambda c=client, u=url: c.get(u), args.rounds)
                assert response.status_code == 200, response.content[:300]
                flag = "" if ms < GOAL_MS else "  > goal"
                print(f"{label:<18}{name:<22}{ms:>9.1f}{queries:>9}{flag}")
            print(
                f"{'':<18}{'covered':<22}{cov.total.visited:>9,}/{cov.total.total:,} "
                f"({cov.total.rate}%)"
            )
        print(f"goal: < {GOAL_MS} ms, the same queries whatever the size")


if __name__ == "__main__":
    main()
