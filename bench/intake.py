"""Public intake benchmark: accepted submissions/s and p50/p99 latency at 50 concurrent clients
through the real server, on SQLite and PostgreSQL, next to an in-process baseline.

Run: `.venv/bin/python bench/intake.py [--clients 50] [--count 3000] [--workers 2]
      [--worker-class gthread] [--threads 4] [--backends sqlite,postgres] [--profile]`

For each backend a fresh database is made (a SQLite file under a temporary directory; a PostgreSQL
database created and dropped here), migrated and bootstrapped by `wageguard` subprocesses. Then:

- **server**: gunicorn (`bench/_server.py`) with the given workers; `--clients` threads, each with
  a keep-alive httpx client, post `--count` valid synthetic clues to `POST /api/v1/public/clues`
  after a warm-up; accepted/s is 201s over wall time, latencies are per request.
- **baseline**: in one process (a subprocess with Django bound to another fresh database of the
  same backend), the same validation and writes per clue without HTTP: `clean_intake` then
  `services.intake` (clue, arrears lines, history, audit event, SMS record), one at a time.

The load generator runs on the same machine as the server and takes CPU from it. `--profile`
adds a cProfile of the baseline (the top functions by cumulative time).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _server

GOAL_RATE, GOAL_P99_MS = 500, 200


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_clients(url: str, payloads: list[dict], clients: int) -> dict:
    """Posts every payload from `clients` threads; returns rate and latency figures."""
    lock = threading.Lock()
    queue = list(reversed(payloads))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    go = threading.Barrier(clients + 1)

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            go.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    body = queue.pop()
                t0 = time.perf_counter()
                try:
                    r = client.post("/api/v1/public/clues", json=body)
                    code = r.status_code
                except httpx.HTTPError:
                    code = 0
                elapsed = time.perf_counter() - t0
                with lock:
                    statuses[code] = statuses.get(code, 0) + 1
                    if code == 201:
                        latencies.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    go.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    accepted = statuses.get(201, 0)
    return {
        "accepted": accepted,
        "statuses": statuses,
        "wall": wall,
        "rate": accepted / wall,
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
    }


WRK_SCRIPT = """
bodies = {%s}
i = 0
request = function()
  i = i %% #bodies + 1
  local headers = {["Content-Type"] = "application/json"}
  return wrk.format("POST", "/api/v1/public/clues", headers, bodies[i])
end
"""


def _wrk_ms(text: str) -> float:
    """wrk prints latencies as 850.00us, 12.34ms or 1.02s."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text.removesuffix(unit)) * factor
    return float(text)


def run_wrk(url: str, payloads: list[dict], clients: int, seconds: int, tmp: str) -> dict:
    """The same distinct submissions, sent by wrk (C, from Debian's package): a load generator
    that takes far less CPU than Python threads, so more of the 2 cores serve requests."""
    bodies = ",".join("[[" + json.dumps(p, ensure_ascii=False) + "]]" for p in payloads)
    script = Path(tmp) / "intake.lua"
    script.write_text(WRK_SCRIPT % bodies, encoding="utf-8")
    target = url + "/api/v1/public/clues"
    argv = ["wrk", "-t2", f"-c{clients}", "--latency", "-s", str(script)]
    subprocess.run([*argv, "-d2s", target], capture_output=True, check=True)  # warm-up
    out = subprocess.run(
        [*argv, f"-d{seconds}s", target], capture_output=True, text=True, check=True
    ).stdout
    fields = {}
    for line in out.splitlines():
        parts = line.split()
        if line.strip().startswith(("50%", "99%")):
            fields[parts[0]] = _wrk_ms(parts[1])
        elif "requests in" in line:
            fields["requests"] = int(parts[0])
            fields["wall"] = float(parts[3].rstrip("s,"))
        elif line.startswith("  Non-2xx"):
            fields["non2xx"] = int(parts[-1])
    accepted = fields["requests"] - fields.get("non2xx", 0)
    return {
        "accepted": accepted,
        "statuses": {"non-2xx": fields.get("non2xx", 0)},
        "wall": fields["wall"],
        "rate": accepted / fields["wall"],
        "p50": fields["50%"],
        "p99": fields["99%"],
    }


def make_payloads(n: int, seed: int) -> list[dict]:
    gen = _server.synthetic(seed)
    return [_server.payload(gen) for _ in range(n)]


# ---- baseline: runs in a subprocess whose Django is bound to its own fresh database -----------


def baseline_child(count: int, profile: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wageguard.settings")
    import django

    django.setup()
    from django.db import connection

    from wageguard.clues import services
    from wageguard.clues.validation import clean_intake

    payloads = make_payloads(count + 50, seed=99)
    for raw in payloads[:50]:  # warm-up: matcher, settings, calendar caches
        services.intake(clean_intake(raw, public=True))
    todo = payloads[50:]
    latencies = []

    def loop() -> None:
        for raw in todo:
            t = time.perf_counter()
            services.intake(clean_intake(raw, public=True))
            latencies.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.runcall(loop)
        wall = time.perf_counter() - t0
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(35)
        sys.stderr.write(out.getvalue())
    else:
        loop()
        wall = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM clues_clue")
        stored = cursor.fetchone()[0]
    print(
        json.dumps(
            {
                "accepted": len(todo),
                "stored": stored,
                "wall": wall,
                "rate": len(todo) / wall,
                "p50": percentile(latencies, 50) * 1000,
                "p99": percentile(latencies, 99) * 1000,
            }
        )
    )


def baseline(url: str, var_dir: str, count: int, profile: bool) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--baseline-child", "--count", str(count)]
        + (["--profile"] if profile else []),
        env=_server.server_env(url, var_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    if profile:
        print(f"\n--- cProfile of the baseline ({url.split(':')[0]}) ---")
        print(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---- driver -----------------------------------------------------------------------------------


def bench_backend(backend: str, args, tmp: str) -> list[tuple[str, dict]]:
    made = []

    def fresh() -> str:
        url = _server.fresh_sqlite(tmp) if backend == "sqlite" else _server.fresh_postgres()
        made.append(url)
        _server.prepare(url, var_dir=tmp)
        return url

    try:
        url = fresh()
        server = _server.Server(
            url,
            workers=args.workers,
            worker_class=args.worker_class,
            threads=args.threads,
            var_dir=tmp,
            log_path=Path(tmp) / f"gunicorn-{backend}.log",
        )
        with server:
            if args.client == "wrk":
                payloads = make_payloads(500, seed=2)
                served = run_wrk(server.url, payloads, args.clients, args.seconds, tmp)
            else:
                run_clients(server.url, make_payloads(200, seed=1), args.clients)  # warm-up
                served = run_clients(server.url, make_payloads(args.count, seed=2), args.clients)
        base = baseline(fresh(), tmp, args.count, args.profile)
    finally:
        if backend == "postgres":
            for url in made:
                _server.drop_postgres(url)
    return [(f"{backend} server", served), (f"{backend} baseline", base)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--client",
        choices=["httpx", "wrk"],
        default="wrk" if shutil.which("wrk") else "httpx",
        help="load generator: wrk when installed (apt-get install wrk), else Python threads",
    )
    parser.add_argument("--seconds", type=int, default=10, help="wrk run length")
    parser.add_argument("--baseline-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_child:
        baseline_child(args.count, args.profile)
        return

    rows: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="wg-bench-intake-") as tmp:
        for backend in args.backends.split(","):
            if backend == "postgres" and not _server.postgres_available():
                print("PostgreSQL not reachable at 127.0.0.1:5432: skipped")
                continue
            rows += bench_backend(backend, args, tmp)

    print(
        f"\nintake: {args.count} submissions, {args.clients} clients, gunicorn {args.workers} "
        f"x {args.worker_class} ({args.threads} threads), {os.cpu_count()} CPUs"
    )
    print(f"{'run':<20}{'accepted':>9}{'clues/s':>10}{'p50 ms':>9}{'p99 ms':>9}  other")
    bases = {name.split()[0]: r["rate"] for name, r in rows if name.endswith("baseline")}
    for name, r in rows:
        other = {k: v for k, v in r.get("statuses", {}).items() if k != 201}
        note = f"statuses {other}" if other else ""
        if name.endswith("server"):
            share = r["rate"] / bases[name.split()[0]] if name.split()[0] in bases else 0
            note += f" {share:.0%} of baseline"
        figures = f"{r['accepted']:>9}{r['rate']:>10.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
        print(f"{name:<20}{figures}  {note}")
    print(f"goal: >= {GOAL_RATE} clues/s, p99 < {GOAL_P99_MS} ms, server >= 50% of the baseline")


if __name__ == "__main__":
    main()
