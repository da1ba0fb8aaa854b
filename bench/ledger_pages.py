"""Ledger benchmark: the problem ledger's list page and a campaign's page over 1,000,000 ledger
items spread over the province's counties (server time and query count).

Run: `.venv/bin/python bench/ledger_pages.py [--items 1000000] [--rounds 3]` (SQLite in a
temporary file), or with `DATABASE_URL=postgres://...` on an empty PostgreSQL database (migrated
here).

Items are written in batches of `BATCH` rows with `executemany` inserts (one statement per
batch, streamed: no batch is kept after it is written), opened over the last 400 days in every
county (武侯区 a larger share), mostly closed as a province's history is, the open ones due in the
past and the future, from every source. A province campaign over the last 120 days (every
sector) and 武侯区's campaign inside it (construction) are made through the service. Then the
list `/campaigns/ledger/` (default order, filters, a deep page) and the campaign page
`/campaigns/<id>/` are timed in-process with Django's test client for a county, a city and the
province (median of `--rounds` after a warm-up), with the number of queries each took; the goal
is under 300 ms with the same number of queries whatever the ledger's size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
GOAL_MS = 300
BATCH = 20_000


def setup(tmp: Path) -> str:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'ledger.sqlite3'}"
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


def users() -> dict:
    """A supervisor of 武侯区, of 成都市 and of the province (who may see the ledger, campaigns,
    clues, cases, warnings and checks)."""
    from wageguard.org.bootstrap import ensure_agency
    from wageguard.org.models import User
    from wageguard.regions.models import Region

    out = {}
    for label, code in (("county", "510107"), ("city", "510100"), ("province", "510000")):
        username = f"bench-l-{code}"
        user = User.objects.filter(username=username).first()
        if user is None:
            agency = ensure_agency(Region.objects.get(code=code), "hrss")
            user = User.objects.create_user(
                username, password=None, agency=agency, role="supervisor"
            )
        out[label] = user
    return out


def generate(n: int, today: dt.date, opener_id: int, seed: int = 12) -> float:
    """`n` ledger items in batches (see the module doc); returns the seconds it took."""
    from django.db import connection
    from django.utils import timezone

    from wageguard.campaigns.models import LedgerItem
    from wageguard.org.models import Agency
    from wageguard.regions.models import Level, Region
    from warning_scan import _inserter

    rng = random.Random(seed)
    ops = connection.ops
    agencies = dict(Agency.objects.filter(kind="hrss").values_list("region_id", "id"))
    counties = list(
        Region.objects.filter(level=Level.COUNTY, code__in=agencies).values_list("code", flat=True)
    )
    weights = [25 if c == "510107" else 3 if c.startswith("5101") else 1 for c in counties]
    sources = ["channel_check", "warning", "sweep", "supervision", "national_platform", "other"]
    insert = _inserter(LedgerItem)
    d, t = ops.adapt_datefield_value, ops.adapt_datetimefield_value
    now = timezone.now()
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        rows = []
        for _i in range(start, min(n, start + BATCH)):
            region = rng.choices(counties, weights)[0]
            age = rng.randrange(0, 400)
            opened = now - dt.timedelta(days=age, minutes=rng.randrange(0, 1440))
            due = today - dt.timedelta(days=age) + dt.timedelta(days=14)
            state = rng.choices(["closed", "rectified", "open"], [85, 5, 10])[0]
            source = rng.choices(sources, [20, 30, 35, 5, 5, 5])[0]
            unit = "project" if source == "warning" else rng.choice(["enterprise", "department"])
            rows.append(
                {
                    "source": source,
                    "unit_kind": unit,
                    "sector": "construction" if unit == "project" else "",
                    "agency_id": agencies[region],
                    "region_id": region,
                    "description": "基准问题：未按规定设立维权信息告示牌",
                    "opened_at": t(opened),
                    "opened_by_id": opener_id,
                    "due_date": d(due),
                    "due_provisional": False,
                    "state": state,
                    "supervision_level": rng.choices([0, 1, 2], [90, 7, 3])[0],
                    "notified": rng.random() < 0.02,
                    "closed_at": t(opened + dt.timedelta(days=10)) if state == "closed" else None,
                    "rectified_at": t(opened + dt.timedelta(days=8)) if state != "open" else None,
                }
            )
        insert(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def campaigns(people: dict, today: dt.date) -> dict:
    from wageguard.campaigns import services
    from wageguard.campaigns.models import Campaign

    found = {c.region_id: c for c in Campaign.objects.filter(name__startswith="基准")}
    if "510000" not in found:
        found["510000"] = services.create_campaign(
            people["province"],
            name="基准省级冬季行动",
            kind="winter",
            region="510000",
            start_date=today - dt.timedelta(days=120),
            end_date=today + dt.timedelta(days=60),
            sectors=[],
            targets=[
                {
                    "label": "问题全部销号",
                    "metric": "ledger_closed_rate",
                    "value": 100,
                    "due_date": today + dt.timedelta(days=60),
                },
                {
                    "label": "春节前动态清零",
                    "metric": "outstanding",
                    "value": 0,
                    "due_date": today + dt.timedelta(days=60),
                },
            ],
        )
    if "510107" not in found:
        found["510107"] = services.create_campaign(
            people["county"],
            name="基准武侯区攻坚行动",
            kind="winter",
            region="510107",
            parent=found["510000"],
            start_date=today - dt.timedelta(days=60),
            end_date=today + dt.timedelta(days=60),
            sectors=["construction"],
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wg-bench-ledger-") as tmp:
        vendor = setup(Path(tmp))
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from wageguard.campaigns.models import LedgerItem
        from warning_scan import timed

        call_command("migrate", interactive=False, verbosity=0)
        call_command("bootstrap", verbosity=0)
        today = timezone.localdate()
        people = users()
        have = LedgerItem.objects.count()
        if have < args.items:
            secs = generate(args.items - have, today, people["province"].pk)
            made = args.items - have
            rate = made / secs
            print(f"generated {made:,} ledger items in {secs:.0f} s ({rate:,.0f}/s, {vendor})")
        found = campaigns(people, today)
        province, wuhou = found["510000"].pk, found["510107"].pk
        pages = {
            "ledger: default order": "/campaigns/ledger/",
            "ledger: page 40": "/campaigns/ledger/?page=40",
            "ledger: open": "/campaigns/ledger/?state=open",
            "ledger: overdue": "/campaigns/ledger/?sla=overdue",
            "ledger: source sweep": "/campaigns/ledger/?source=sweep",
            "ledger: region 成都市": "/campaigns/ledger/?region=510100",
            "ledger: province campaign": f"/campaigns/ledger/?campaign={province}",
            "ledger: closed, page 10": "/campaigns/ledger/?state=closed&page=10",
            "campaign: province": f"/campaigns/{province}/",
            "campaign: 武侯区": f"/campaigns/{wuhou}/",
        }
        print(f"\n{'page':32} {'viewer':9} {'ms':>8} {'queries':>8}")
        worst = 0.0
        for label, url in pages.items():
            for who, user in people.items():
                client = Client(SERVER_NAME="localhost")
                client.force_login(user)

                def get(url=url, client=client):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    return response

                ms, queries, _r = timed(get, args.rounds)
                worst = max(worst, ms)
                flag = "" if ms < GOAL_MS else "  > goal"
                print(f"{label:32} {who:9} {ms:8.1f} {queries:8}{flag}")
        total = LedgerItem.objects.count()
        print(f"\n{total:,} ledger items, {vendor}; slowest {worst:.0f} ms (goal < {GOAL_MS} ms)")


if __name__ == "__main__":
    main()
