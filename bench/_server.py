"""Helpers for benchmarks and the durability test: a fresh database and a real server.

- `fresh_sqlite(dir)` / `fresh_postgres()` give a `DATABASE_URL` for an empty database;
- `prepare(url)` migrates it and runs `wageguard bootstrap` (divisions and Sichuan's HRSS bureaus)
  in a subprocess, exactly as an operator would;
- `Server(url, ...)` runs gunicorn (`python -m gunicorn wageguard.wsgi:application`) on a free port
  in its own process group, waits until it answers, and stops it (`stop()`) or kills the master
  and every worker at once with SIGKILL (`kill()`).

The server runs with production settings (no DEBUG, no demo, no test flag), a throwaway
SECRET_KEY, HTTP without the HTTPS redirect, and the public rate limit raised.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}

# A few Sichuan counties for synthetic submissions without a database at hand (code, name, city).
COUNTIES = [
    ("510104", "锦江区", "成都市"),
    ("510105", "青羊区", "成都市"),
    ("510106", "金牛区", "成都市"),
    ("510107", "武侯区", "成都市"),
    ("510108", "成华区", "成都市"),
    ("510112", "龙泉驿区", "成都市"),
    ("510302", "自流井区", "自贡市"),
    ("510603", "旌阳区", "德阳市"),
    ("510703", "涪城区", "绵阳市"),
    ("511502", "翠屏区", "宜宾市"),
]


def server_env(database_url: str, var_dir: str | Path | None = None, **extra: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"WAGEGUARD_TESTING", "DEBUG", "WAGEGUARD_DEMO", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="wageguard.settings",
        SECRET_KEY="bench-" + uuid.uuid4().hex,
        # One audit key for the server and every command run against its database, or `audit
        # verify` in another process would read the chain with another key.
        WAGEGUARD_AUDIT_KEY="bench-audit-key-" + database_url,
        SECURE_SSL_REDIRECT="0",
        WAGEGUARD_PUBLIC_RATE="1000000/60",
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
    )
    if var_dir is not None:
        env["WAGEGUARD_VAR"] = str(var_dir)
    env.update(extra)
    return env


def wageguard(database_url: str, *args: str, var_dir=None, check: bool = True, **kw):
    """Runs `wageguard ARGS` against the database in a subprocess; returns CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "wageguard.cli", *args],
        env=server_env(database_url, var_dir),
        cwd=ROOT,
        check=check,
        capture_output=True,
        text=True,
        **kw,
    )


def prepare(database_url: str, var_dir=None) -> None:
    """Migrate, then load divisions and create the province's HRSS bureaus (idempotent)."""
    wageguard(database_url, "migrate", var_dir=var_dir)
    wageguard(database_url, "bootstrap", var_dir=var_dir)


def fresh_sqlite(directory: str | Path) -> str:
    path = Path(directory) / f"wg-{uuid.uuid4().hex[:8]}.sqlite3"
    return f"sqlite:///{path}"


def sqlite_path(database_url: str) -> Path:
    return Path(database_url.removeprefix("sqlite:///"))


def postgres_available() -> bool:
    try:
        with socket.create_connection((PG["host"], int(PG["port"])), timeout=1):
            return True
    except OSError:
        return False


def fresh_postgres(prefix: str = "wg_bench") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    subprocess.run(
        ["createdb", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], name], check=True
    )
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def drop_postgres(database_url: str) -> None:
    name = database_url.rsplit("/", 1)[1]
    subprocess.run(
        [
            "dropdb",
            "-h",
            PG["host"],
            "-p",
            PG["port"],
            "-U",
            PG["user"],
            "--if-exists",
            "--force",
            name,
        ],
        check=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving WageGuard on a free port, in a process group of its own."""

    def __init__(
        self,
        database_url: str,
        *,
        workers: int = 2,
        worker_class: str = "sync",
        threads: int = 1,
        var_dir=None,
        backlog: int = 2048,
        log_path: str | Path | None = None,
        env: dict | None = None,
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "wageguard.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--backlog",
            str(backlog),
            "--timeout",
            "60",
        ]
        self._log = open(log_path or os.devnull, "ab")  # noqa: SIM115 - closed in stop()/kill()
        self.proc = subprocess.Popen(
            argv,
            env={**server_env(database_url, var_dir), **(env or {})},
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: one killpg reaches every worker
        )
        self.workers = workers

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                # Each worker imports the views on its first request (seconds on a busy 2-core
                # machine, all workers at once): wait for every worker to have answered.
                r = httpx.get(self.url + "/healthz", timeout=30)
                if r.status_code == 200:
                    for _ in range(self.workers * 2):
                        httpx.get(self.url + "/healthz", timeout=30)
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError("server did not answer in time")

    def __enter__(self) -> Server:
        try:
            self.wait_ready()
        except BaseException:
            self.kill()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)

    def stop(self, timeout: float = 15.0) -> None:
        if self.proc.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.proc.wait()
        self._log.close()

    def kill(self) -> None:
        """SIGKILL to the master and all workers at the same instant: no graceful anything."""
        self._signal_group(signal.SIGKILL)
        self.proc.wait()
        self._log.close()


def synthetic(seed: int = 7):
    """A `Synthetic` generator over `COUNTIES`, no database needed."""
    sys.path.insert(0, str(ROOT / "src"))
    from wageguard.demo.synthetic import County, Synthetic

    return Synthetic([County(code, name, city, "四川省") for code, name, city in COUNTIES], seed)


def payload(gen, rng=None) -> dict:
    """A valid public submission (`POST /api/v1/public/clues`)."""
    rng = rng or gen.rng
    county = rng.choice(gen.counties)
    person = gen.person()
    employer = gen.employer()
    workers = rng.choice([1, 1, 2, 3, 5, 8])
    return {
        "reporter_name": person.name,
        "id_number": person.id_number,
        "phone": person.phone,
        "sector": rng.choice(["construction", "other"]),
        "employer_name": employer.name,
        "employer_credit_code": employer.credit_code if rng.random() < 0.6 else "",
        "project_name": gen.project_name(county) if rng.random() < 0.5 else "",
        "work_address": gen.address(county, with_province=rng.random() < 0.5),
        "period_start": "2026-01",
        "period_end": "2026-03",
        "amount_owed": str(workers * rng.randrange(3000, 30000)),
        "workers_owed": workers,
        "description": "项目完工后拖欠工资，多次讨要未果。",
        "disclose_identity": False,
    }
