"""Dispatch report benchmark: time to generate a weekly round's documents (issue 13: the weekly
report in under 10 s) over 1,000,000 clues and 200,000 cases.

Run: `.venv/bin/python bench/dispatch_report.py [--clues 1000000] [--cases 200000] [--db PATH]
[--rounds 3]`

Seeding is bench/kpis.py's (bench/inbox.py's clue generator, then cases with worker lines, into a
fresh migrated and bootstrapped SQLite file; `--db` keeps it for another run). Two weekly rounds
of the province are created (the last 14 days, the second following the first, so the report
carries a trend) and 成都 submits its report. Timed in-process, median of `--rounds` after one
warm-up: the briefing alone (`meeting.briefing.build`: the KPIs of the province and its 21
prefectures for the round and for the previous round, the reports, rankings, opinion), and
`documents.services.generate` of the report and of the bulletin (briefing, Word, Excel, stored
with their hash), with the number of queries and the files' sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inbox  # bench/inbox.py: setup and the clue generator
import kpis  # bench/kpis.py: the case generator and the timer

GOAL_S = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clues", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--db", help="SQLite file to create or reuse (default: a temporary one)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wg-bench-report-") as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / "report.sqlite3"
        inbox.setup(db_path, Path(tmp))
        from django.core.management import call_command

        from wageguard.cases.models import CaseWorker, EnforcementCase
        from wageguard.clues.models import Clue
        from wageguard.dispatch.documents import services
        from wageguard.dispatch.documents.models import DispatchDocument
        from wageguard.dispatch.meeting import briefing
        from wageguard.dispatch.rounds import services as rounds
        from wageguard.dispatch.rounds.models import DispatchRound, ProgressReport
        from wageguard.org.models import User

        call_command("migrate", interactive=False, verbosity=0)
        have = Clue.objects.count()
        if have < args.clues:
            call_command("bootstrap", verbosity=0)
            print(f"generating {args.clues - have:,} clues into {db_path}")
            print(f"generated in {inbox.generate(args.clues - have):.0f} s")
        have_cases = EnforcementCase.objects.count()
        if have_cases < args.cases:
            print(f"generating {args.cases - have_cases:,} cases")
            print(f"generated in {kpis.generate_cases(args.cases - have_cases):.0f} s")
        users = inbox.users()
        user = users["province Sichuan"]
        User.objects.filter(pk=user.pk).update(role="taskforce")
        user.refresh_from_db()
        today = dt.date.today()
        second = DispatchRound.objects.filter(title="基准调度", previous__isnull=False).first()
        if second is None:
            first = rounds.create_round(
                user,
                title="基准调度",
                start=today - dt.timedelta(days=13),
                end=today - dt.timedelta(days=7),
                due_date=today - dt.timedelta(days=6),
                cadence="weekly",
            )
            second = rounds.next_round(user, first)
            chengdu = users.get("city Chengdu")
            if chengdu is not None:
                User.objects.filter(pk=chengdu.pk).update(role="supervisor")
                chengdu.refresh_from_db()
                rounds.submit(
                    chengdu,
                    ProgressReport.objects.get(round=second, region_id="510100"),
                    "本周集中化解欠薪线索，成都市各区县按期办结。",
                )
        results = []
        ms, n, b = kpis.timed(lambda: briefing.build(user, second), args.rounds)
        received = next(f.value for f in b.report.total.figures if f.key == "clues_received")
        results.append(("briefing (meeting screen's numbers)", ms, n, ""))
        for kind in ("report", "bulletin"):
            ms, n, rows = kpis.timed(lambda k=kind: services.generate(user, second, k), args.rounds)
            sizes = ", ".join(f"{r.format} {r.size / 1024:.0f} KB" for r in rows)
            results.append((f"generate {kind} (Word + Excel)", ms, n, sizes))
        print(
            f"\nDispatch documents: {Clue.objects.count():,} clues, "
            f"{EnforcementCase.objects.count():,} cases, {CaseWorker.objects.count():,} worker "
            f"lines; weekly round {second.start} — {second.end} ({received:,} clues received), "
            f"previous round for the trend; SQLite, median of {args.rounds}, in-process"
        )
        print(f"{'what':<40}{'s':>8}{'queries':>9}  files")
        for what, ms, n, sizes in results:
            flag = "" if ms / 1000 < GOAL_S else "  > goal"
            print(f"{what:<40}{ms / 1000:>8.2f}{n:>9}  {sizes}{flag}")
        print(f"goal: < {GOAL_S} s; archived documents: {DispatchDocument.objects.count()}")


if __name__ == "__main__":
    main()
