"""The `wageguard` command: demo, serve, and the management commands operators need.

`wageguard token|audit|regions ...` run the Django management command of that name, so the same
code serves `wageguard regions load` and `wageguard manage regions load`.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

PASSTHROUGH = {
    "token": "create or revoke integration tokens (token create --user NAME)",
    "audit": "verify the audit chain (audit verify; audit anchor)",
    "backup": "write the database and every uploaded file to one archive (backup --to DIR)",
    "restore": "restore an archive into the configured database (restore FILE [--force])",
    "regions": "load administrative divisions (regions load)",
    "bootstrap": "create the HRSS bureaus of a province for a real deployment",
    "jobs": "scheduled jobs of every app (jobs run [--only NAME] [--dry-run]; jobs list)",
    "clues": "clue import (clues import FILE --user NAME); clues escalate is an alias of jobs",
    "credit": "alias: credit expire [--dry-run] = jobs run --only credit.expire",
    "worker": "the background task worker: file imports (worker [--batch] = db_worker)",
    "crypto": "keys of personal data at rest (crypto newkey|rotate|status|derived)",
}
# `wageguard worker` is django-tasks' database worker under the project's name.
ALIASES = {"worker": "db_worker"}


def _django(demo: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wageguard.settings")
    if demo:
        os.environ["WAGEGUARD_DEMO"] = "1"
    import django

    django.setup()


def _migrate() -> None:
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith(("sqlite3", "core.sqlite")):
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


# gunicorn's access log: %(U)s is the path without the query string, and the request id joins
# the line to the application's log and the audit trail.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'


def serve(host: str, port: int, workers: int | None) -> None:
    """Gunicorn with several workers: the production server, also behind `make demo`."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    workers = workers or min(2 * (os.cpu_count() or 1) + 1, 8)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "wageguard.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        # The path without its query string: searches (?q=<mobile>) never reach the log.
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # Requests whose headers are absurd are refused before Django sees them; bodies are
        # capped by BodyLimitMiddleware and, in production, by nginx (deploy/nginx.conf).
        "--limit-request-line",
        "8190",
        "--limit-request-fields",
        "100",
        "--timeout",
        os.environ.get("WAGEGUARD_TIMEOUT", "60"),
    ]
    if os.environ.get("WAGEGUARD_WORKER", "1") != "0":
        # The task worker beside the server (file imports). It stays this process's child
        # after the exec below, so one Ctrl+C ends both; production runs it as its own unit
        # (deploy/systemd/wageguard-worker.service) with WAGEGUARD_WORKER=0 here.
        subprocess.Popen([sys.executable, "-m", "wageguard.cli", "worker"])
        print("WageGuard task worker started (file imports)", flush=True)
    print(f"WageGuard serving http://{host}:{port}/ ({workers} workers)", flush=True)
    os.execv(sys.executable, argv)


def _bank_file(out: Path | None) -> None:
    """The demo's sample of a bank's payment records, to import with the bank's profile."""
    from wageguard.demo.bank_profiles import write_sample

    path = write_sample(out)
    if path is None:
        print("no demo project with a roster in 武侯区: run `wageguard demo` first")
    else:
        print(f"银行代发明细示例 / sample bank file: {path}")
        print("  导入：/imports/payments/，导入配置选“中国建设银行四川省分行”")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="wageguard", description="WageGuard 根治欠薪综合监管平台")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="migrate, load the demo province, print logins, serve")
    demo.add_argument("--no-serve", action="store_true", help="prepare the data and exit")
    demo.add_argument("--size", choices=["small", "province"], default="small")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    bank = sub.add_parser(
        "demo-bank-file", help="write a demo bank's payment file (建行's headers) for an import"
    )
    bank.add_argument("--out", type=Path, default=None, help="default: var/demo/…-示例.csv")
    srv = sub.add_parser("serve", help="run the production server (gunicorn)")
    srv.add_argument("--host", default=os.environ.get("WAGEGUARD_HOST", "127.0.0.1"))
    srv.add_argument("--port", type=int, default=int(os.environ.get("WAGEGUARD_PORT", 8000)))
    srv.add_argument("--workers", type=int, default=None)
    sub.add_parser("migrate", help="apply database migrations")
    for name, text in PASSTHROUGH.items():
        sub.add_parser(name, help=text, add_help=False)
    sub.add_parser("manage", help="any Django management command", add_help=False)

    if argv and (argv[0] in PASSTHROUGH or argv[0] == "manage"):
        _django()
        from django.core.management import execute_from_command_line

        rest = argv[1:] if argv[0] == "manage" else argv
        rest = [ALIASES.get(rest[0], rest[0]), *rest[1:]] if rest else rest
        execute_from_command_line(["wageguard", *rest])
        return

    args = parser.parse_args(argv)
    if args.command == "demo":
        _django(demo=True)
        _migrate()
        import logging

        from wageguard.demo.province import print_logins, seed

        # Thousands of demo texts would bury the logins printed below; they are still recorded.
        logging.getLogger("wageguard.sms").setLevel(logging.WARNING)
        print_logins(seed(size=args.size))
        logging.getLogger("wageguard.sms").setLevel(logging.INFO)
        _bank_file(None)
        if not args.no_serve:
            serve(args.host, args.port, None)
    elif args.command == "demo-bank-file":
        _django(demo=True)
        _bank_file(args.out)
    elif args.command == "serve":
        _django()
        serve(args.host, args.port, args.workers)
    elif args.command == "migrate":
        _django()
        _migrate()
    else:
        parser.print_help()


if __name__ == "__main__":
    main()
