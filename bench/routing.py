"""Address routing benchmark: throughput and county accuracy on 10,000 synthetic Sichuan addresses.

Run: `.venv/bin/python bench/routing.py [--count 10000] [--rounds 5] [--seed 7]`

Every Sichuan county appears in several written forms: full (四川省成都市武侯区...), without the
province, with the prefecture abbreviated (凉山州, 成都), without suffixes (成都武侯), the county
alone where its name is unique in the province, former names (郫县, 宜宾县), and street noise that
names other places (宜宾路, 金牛大道, 东坡路). The divisions are loaded into an in-memory SQLite
database, so the run touches no real data.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wageguard.settings")
os.environ.setdefault("WAGEGUARD_TESTING", "1")
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = "sqlite:///:memory:"

PROVINCE = "51"
STREETS = ["人民南路四段", "建设路", "解放路", "滨江东路", "胜利街", "长征大道", "工业园区创业路"]
PLACE_ROADS = ["宜宾路", "绵阳路", "金牛大道", "东坡路", "西昌路", "南充街", "郫县路", "江油巷"]
SITES = ["号", "号工地", "号XX建筑工程有限公司项目部", "号XX小区3期"]


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from wageguard.regions.loader import load_regions

    load_regions()


def street(rng: random.Random) -> str:
    """A street part; one in three names another place, as real roads often do."""
    road = rng.choice(PLACE_ROADS) if rng.random() < 0.35 else rng.choice(STREETS)
    town = rng.choice(["", "", "XX镇XX村", "XX街道"])
    return f"{town}{road}{rng.randint(1, 999)}{rng.choice(SITES)}"


def forms() -> list[tuple[str, str, str]]:
    """(form name, address head, expected county code) for every Sichuan county."""
    from wageguard.regions.models import Level, Region, RegionAlias

    regions = {r.code: r for r in Region.objects.filter(province_code=PROVINCE)}
    aliases = defaultdict(lambda: defaultdict(list))
    for a in RegionAlias.objects.filter(region__province_code=PROVINCE):
        aliases[a.region_id][a.kind].append(a.name)
    county_names = Counter(r.name for r in regions.values() if r.level == Level.COUNTY)
    province = regions[PROVINCE + "0000"].name
    out: list[tuple[str, str, str]] = []
    for r in regions.values():
        if r.level != Level.COUNTY:
            continue
        city = regions[r.parent_id]
        city_short = sorted(aliases[city.code]["short"], key=len)
        short = aliases[r.code]["short"]
        out.append(("full", f"{province}{city.name}{r.name}", r.code))
        out.append(("no province", f"{city.name}{r.name}", r.code))
        out.append(("short province", f"四川{city.name}{r.name}", r.code))
        for abbreviation in city_short:
            out.append(("prefecture abbreviated", f"{abbreviation}{r.name}", r.code))
            if short:
                out.append(("no suffix", f"{abbreviation}{short[0]}", r.code))
        out.append(("spaced", f"{province} {city.name} {r.name} ", r.code))
        if county_names[r.name] == 1:
            out.append(("county only", r.name, r.code))
            if short:
                out.append(("county short only", short[0], r.code))
        for former in aliases[r.code]["former"]:
            out.append(("former name", f"{city.name}{former}", r.code))
            out.append(("former name only", former, r.code))
    return out


def generate(count: int, seed: int) -> list[tuple[str, str, str]]:
    """`count` (form, address, expected code) rows, every form of every county at least once."""
    rng = random.Random(seed)
    base = forms()
    rows = [(form, head + street(rng), code) for form, head, code in base]
    while len(rows) < count:
        form, head, code = rng.choice(base)
        rows.append((form, head + street(rng), code))
    rng.shuffle(rows)
    return rows[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    setup()
    from wageguard.regions.router import get_matcher

    loaded = time.perf_counter()
    matcher = get_matcher()
    built = time.perf_counter()
    rows = generate(args.count, args.seed)
    addresses = [address for _form, address, _code in rows]
    results = matcher.route_many(addresses, province=PROVINCE)  # warm-up, and the answers
    timings = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        matcher.route_many(addresses, province=PROVINCE)
        timings.append(time.perf_counter() - t0)
    single_t0 = time.perf_counter()
    for address in addresses:
        matcher.route(address, PROVINCE)
    single = time.perf_counter() - single_t0

    per_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for (form, address, code), result in zip(rows, results, strict=True):
        per_form[form][1] += 1
        if result.code == code:
            per_form[form][0] += 1
        else:
            misses.append((form, address, code, result.code, result.level))
    correct = sum(ok for ok, _n in per_form.values())
    best = min(timings)
    print(f"setup (migrate + load divisions): {loaded - started:.2f} s")
    print(f"matcher build: {(built - loaded) * 1000:.0f} ms, {matcher.size} name variants")
    counties = len({code for *_, code in rows})
    median = sorted(timings)[len(timings) // 2]
    print(f"addresses: {len(addresses)} ({len(set(addresses))} distinct), {counties} counties")
    print(
        f"batch throughput: {len(addresses) / best:,.0f} addresses/s "
        f"(best of {args.rounds}; median {len(addresses) / median:,.0f})"
    )
    print(f"one-by-one throughput: {len(addresses) / single:,.0f} addresses/s")
    print(f"county accuracy: {correct / len(rows):.2%} ({correct}/{len(rows)})")
    for form, (ok, n) in sorted(per_form.items()):
        print(f"  {form:<24} {ok / n:7.2%}  ({ok}/{n})")
    for miss in misses[:15]:
        print("  miss:", *miss)


if __name__ == "__main__":
    main()
