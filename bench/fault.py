"""Load and fault benchmark: public intake and the staff inbox under load while a gunicorn worker is
killed and while PostgreSQL restarts. Prints requests failed per phase, accepted clues lost (the
goal is 0) and how long each fault took to recover from.

Run: `.venv/bin/python bench/fault.py [--seconds 45] [--intake 6] [--inbox 2] [--workers 3]`

- A fresh PostgreSQL database is made, migrated and bootstrapped; an inspector of 武侯区 gets an
  API token (`wageguard token create`), as an integration would.
- gunicorn (`bench/_server.py`) serves it with `--workers`. `--intake` threads post valid synthetic
  clues to `POST /api/v1/public/clues`; `--inbox` threads read `GET /api/v1/clues?limit=50` with
  the token. Every answer is logged with its time.
- At 1/3 of the run one worker is killed with SIGKILL (the master starts another); at 2/3
  PostgreSQL is restarted (`pg_ctlcluster ... restart -m fast`: every connection is cut).
- Afterwards every tracking code answered with 201 is looked up in the database: a clue the
  server accepted and then lost would be missing. Recovery time is from the fault until the first
  success after which nothing failed for a second.

This restarts the machine's PostgreSQL: run it when nothing else uses it. Needs root (or the
postgres user) for `pg_ctlcluster`.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _server

INSPECTOR = """
from wageguard.org.models import Agency, User
agency = Agency.objects.get(region_id="510107", kind="hrss")
User.objects.create_user("fault-insp", password="Fault-bench-2026", agency=agency, role="inspector")
"""


class Log:
    def __init__(self) -> None:
        self.rows: list[tuple[float, str, bool, str]] = []  # (t, kind, ok, detail)
        self.accepted: list[str] = []
        self.lock = threading.Lock()

    def add(self, t: float, kind: str, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.rows.append((t, kind, ok, detail))


def _intake(url: str, log: Log, stop: threading.Event, start: float, seed: int) -> None:
    gen = _server.synthetic(seed)
    with httpx.Client(base_url=url, timeout=15) as client:
        while not stop.is_set():
            body = _server.payload(gen)
            try:
                r = client.post("/api/v1/public/clues", json=body)
                ok = r.status_code == 201
                if ok:
                    with log.lock:
                        log.accepted.append(r.json()["tracking_code"])
                log.add(time.monotonic() - start, "intake", ok, "" if ok else str(r.status_code))
            except httpx.HTTPError as exc:
                log.add(time.monotonic() - start, "intake", False, type(exc).__name__)


def _inbox(url: str, token: str, log: Log, stop: threading.Event, start: float) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, timeout=15, headers=headers) as client:
        while not stop.is_set():
            try:
                r = client.get("/api/v1/clues", params={"limit": 50})
                ok = r.status_code == 200
                log.add(time.monotonic() - start, "inbox", ok, "" if ok else str(r.status_code))
            except httpx.HTTPError as exc:
                log.add(time.monotonic() - start, "inbox", False, type(exc).__name__)


def _worker_pids(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return [int(p) for p in out.split()]


def _restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True,
        capture_output=True,
    )


def _recovery(rows: list, at: float) -> float | None:
    """Seconds from the fault until the first success followed by a second without failure."""
    after = sorted(r for r in rows if r[0] >= at)
    for i, (t, _kind, ok, _detail) in enumerate(after):
        if ok and all(r[2] for r in after[i:] if r[0] <= t + 1.0):
            return t - at
    return None


def _phase(rows: list, lo: float, hi: float) -> str:
    inside = [r for r in rows if lo <= r[0] < hi]
    failed = [r for r in inside if not r[2]]
    kinds = sorted({r[3] for r in failed})
    return f"{len(inside):6d} requests {len(failed):4d} failed" + (
        f" ({', '.join(kinds)})" if kinds else ""
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--intake", type=int, default=6)
    parser.add_argument("--inbox", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if not _server.postgres_available():
        sys.exit("PostgreSQL is not running on 127.0.0.1:5432")

    url = _server.fresh_postgres("wg_fault")
    var = Path(tempfile.mkdtemp(prefix="wg-fault-"))
    try:
        _server.prepare(url, var)
        _server.wageguard(url, "manage", "shell", "-c", INSPECTOR, var_dir=var)
        token = _server.wageguard(url, "token", "create", "--user", "fault-insp", var_dir=var)
        key = token.stdout.strip().splitlines()[-1]
        log = Log()
        with _server.Server(url, workers=args.workers, var_dir=var) as server:
            stop = threading.Event()
            start = time.monotonic()
            threads = [
                threading.Thread(target=_intake, args=(server.url, log, stop, start, 100 + i))
                for i in range(args.intake)
            ] + [
                threading.Thread(target=_inbox, args=(server.url, key, log, stop, start))
                for _ in range(args.inbox)
            ]
            for t in threads:
                t.start()
            kill_at, restart_at = args.seconds / 3, 2 * args.seconds / 3
            time.sleep(kill_at)
            victim = _worker_pids(server.proc.pid)[0]
            os.kill(victim, signal.SIGKILL)
            kill_t = time.monotonic() - start
            time.sleep(restart_at - kill_t)
            restart_t = time.monotonic() - start
            _restart_postgres()
            restarted_t = time.monotonic() - start
            time.sleep(max(0.0, args.seconds - restarted_t))
            stop.set()
            for t in threads:
                t.join()
            end = time.monotonic() - start

        codes = list(dict.fromkeys(log.accepted))
        script = (
            "import sys, json\n"
            "from wageguard.clues.models import Clue\n"
            "codes = json.load(sys.stdin)\n"
            "found = set()\n"
            "for i in range(0, len(codes), 1000):\n"
            "    found |= set(Clue.objects.filter(tracking_code__in=codes[i:i+1000])"
            ".values_list('tracking_code', flat=True))\n"
            "print(len(found))\n"
        )
        import json

        found = (
            subprocess.run(
                [sys.executable, "-m", "wageguard.cli", "manage", "shell", "-c", script],
                input=json.dumps(codes),
                env=_server.server_env(url, var),
                cwd=_server.ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        rows = log.rows
        print(
            f"load: {args.intake} intake + {args.inbox} inbox clients, {args.workers} workers, "
            f"{end:.0f} s on PostgreSQL"
        )
        print(f"before faults   {_phase(rows, 0, kill_t)}")
        print(f"worker killed   {_phase(rows, kill_t, restart_t)}  at {kill_t:.1f} s")
        print(
            f"postgres restart{_phase(rows, restart_t, end)}  at {restart_t:.1f} s "
            f"(down {restarted_t - restart_t:.1f} s)"
        )
        for name, at in (("worker kill", kill_t), ("postgres restart", restart_t)):
            rec = _recovery(rows, at)
            print(f"recovery after {name}: " + (f"{rec:.2f} s" if rec is not None else "never"))
        lost = len(codes) - int(found)
        print(
            f"accepted clues: {len(codes)}; found in the database: {found}; lost: {lost} (goal 0)"
        )
    finally:
        _server.drop_postgres(url)


if __name__ == "__main__":
    main()
