"""Cost of encrypting personal data at rest: rows/s with and without it, in one process.

Run: `.venv/bin/python bench/crypto.py [--intake 500] [--lines 20000] [--rounds 3]`

A fresh SQLite file under a temporary directory is migrated and given Sichuan's bureaus. Then,
alternating "encrypted" and "plain" rounds so both see the same warm caches and database size:

- **field**: `encrypt` + `keyed_hash` of one mobile and one ID number per row, no database: the
  pure cost `core.crypto` adds per row.
- **intake**: `clean_intake` then `clues.services.intake` per synthetic public clue (clue with an
  encrypted ID number and mobile and their two keyed hashes, history, audit event, SMS record).
- **import**: arrears lines (one encrypted ID number each) written by `bulk_create` in batches of
  1,000, the path a payroll import of millions of rows will take.

"plain" swaps `encrypt`/`decrypt`/`keyed_hashes` for pass-throughs in this process only, which is
what the same code costs without encryption; the database is thrown away afterwards.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
import time
from contextlib import nullcontext
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="wageguard-bench-crypto-")
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wageguard.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["WAGEGUARD_VAR"] = TMP
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from wageguard.org.bootstrap import create_agencies
    from wageguard.regions.loader import load_regions

    load_regions()
    create_agencies("51")


class Plain:
    """`core.crypto` with its three functions replaced by pass-throughs, for the baseline."""

    def __enter__(self) -> Plain:
        from wageguard.core import crypto

        self.crypto = crypto
        self.saved = crypto.encrypt, crypto.decrypt, crypto.keyed_hashes
        crypto.encrypt = crypto.decrypt = lambda value: value
        crypto.keyed_hashes = lambda value, normalise: [value or ""]
        return self

    def __exit__(self, *exc: object) -> None:
        self.crypto.encrypt, self.crypto.decrypt, self.crypto.keyed_hashes = self.saved


def field_rate(people: list) -> float:
    from wageguard.core import crypto

    t0 = time.perf_counter()
    for p in people:
        crypto.encrypt(p.phone), crypto.encrypt(p.id_number)
        crypto.keyed_hash(p.phone, "mobile"), crypto.keyed_hash(p.id_number, "id_number")
    return len(people) / (time.perf_counter() - t0)


def intake_rate(submissions: list[dict]) -> float:
    from wageguard.clues.services import intake
    from wageguard.clues.validation import clean_intake

    t0 = time.perf_counter()
    for data in submissions:
        intake(clean_intake(data, public=True))
    return len(submissions) / (time.perf_counter() - t0)


def import_rate(clue, ids: list[str]) -> float:
    from django.db import transaction

    from wageguard.clues.models import ArrearsLine

    t0 = time.perf_counter()
    for start in range(0, len(ids), 1000):
        with transaction.atomic():
            ArrearsLine.objects.bulk_create(
                ArrearsLine(clue=clue, worker_name="王五", id_number=i, amount_owed=Decimal(100))
                for i in ids[start : start + 1000]
            )
    return len(ids) / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intake", type=int, default=500, help="clues per intake round")
    parser.add_argument("--lines", type=int, default=20_000, help="arrears lines per import round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    setup()
    import logging

    logging.getLogger("wageguard.sms").setLevel(logging.WARNING)  # one line per clue otherwise
    from tests import factories

    from wageguard.clues.models import Clue

    synthetic = factories.people(seed=5)
    people = [synthetic.person() for _ in range(2000)]
    ids = [synthetic.id_number() for _ in range(args.lines)]

    def submissions() -> list[dict]:
        """Fresh reporters each round: intake returns a resubmitted clue instead of a new one."""
        return [
            factories.clue_submission(
                reporter_name=p.name, id_number=p.id_number, phone=p.phone, description=str(p)
            )
            for p in (synthetic.person() for _ in range(args.intake))
        ]

    factories.clue_intake()  # warm-up, and the clue the import rounds hang lines on
    clue = Clue.objects.first()
    rates: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for mode in ("encrypted", "plain"):
            with Plain() if mode == "plain" else nullcontext():
                rates.setdefault(("field", mode), []).append(field_rate(people))
                rates.setdefault(("intake", mode), []).append(intake_rate(submissions()))
                rates.setdefault(("import", mode), []).append(import_rate(clue, ids))
    per_row = 1e6 / max(rates[("field", "encrypted")])
    print(f"core.crypto per row (2 encryptions + 2 keyed hashes): {per_row:.1f} µs")
    print(f"{'path':8} {'plain rows/s':>14} {'encrypted rows/s':>18} {'cost':>8}")
    for path in ("intake", "import"):
        plain, sealed = max(rates[(path, "plain")]), max(rates[(path, "encrypted")])
        print(f"{path:8} {plain:14,.0f} {sealed:18,.0f} {1 - sealed / plain:8.1%}")


if __name__ == "__main__":
    main()
