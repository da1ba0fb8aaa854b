"""Durability (issue 3, "Done when"): the server is killed with SIGKILL during a burst of public
submissions; every submission answered 201 is stored complete, and none is stored half-written.

A real gunicorn (master + workers, in its own process group) serves a fresh SQLite file, prepared
by `wageguard migrate` and `wageguard bootstrap` in subprocesses. Client threads post valid
synthetic clues; while they are at it, the whole process group gets SIGKILL at once. Then the file
is opened as a fresh process would: each acknowledged clue must have its row, its "received"
history, its audit event and its SMS record; no stored clue may lack any of them; SQLite's
integrity check and `wageguard audit verify` must pass.
"""

import random
import sqlite3
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import _server

CLIENTS = 8
KILL_AFTER_ACCEPTED = 60  # submissions acknowledged before the kill
KILL_AT_LATEST = 15.0  # seconds, so a slow machine still kills mid-burst


def _burst(
    url: str, seed: int, accepted: list, errors: list, cut: list, stop: threading.Event
) -> None:
    gen = _server.synthetic(seed)
    with httpx.Client(base_url=url, timeout=10) as client:
        while not stop.is_set():
            body = _server.payload(gen)
            try:
                r = client.post("/api/v1/public/clues", json=body)
            except httpx.HTTPError:
                cut.append(seed)  # the server died under this client's request
                return
            if r.status_code == 201:
                accepted.append(r.json()["tracking_code"])
            else:
                errors.append((r.status_code, r.text[:200]))


def test_sigkill_during_burst_loses_no_acknowledged_clue(tmp_path):
    url = _server.fresh_sqlite(tmp_path)
    _server.prepare(url, var_dir=tmp_path)
    server = _server.Server(
        url,
        workers=2,
        worker_class="gthread",
        threads=4,
        var_dir=tmp_path,
        log_path=tmp_path / "gunicorn.log",
    )
    accepted: list[str] = []
    errors: list = []
    cut: list[int] = []
    stop = threading.Event()
    with server:
        threads = [
            threading.Thread(target=_burst, args=(server.url, seed, accepted, errors, cut, stop))
            for seed in range(CLIENTS)
        ]
        for t in threads:
            t.start()
        started = time.monotonic()
        # Kill at an unpredictable moment once the burst is well under way.
        target = KILL_AFTER_ACCEPTED + random.randrange(20)
        while len(accepted) < target and time.monotonic() - started < KILL_AT_LATEST:
            time.sleep(0.005)
        server.kill()
        acknowledged = list(accepted)
        for t in threads:
            t.join(15)
        stop.set()
    assert not errors, errors[:3]
    assert len(acknowledged) >= 10, "the burst barely started before the kill"
    assert cut, "no request was in flight when the server died"

    db = sqlite3.connect(_server.sqlite_path(url))
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        clues = dict(db.execute("SELECT tracking_code, id FROM clues_clue").fetchall())
        received = {
            row[0]
            for row in db.execute("SELECT clue_id FROM clues_cluehistory WHERE action = 'received'")
        }
        audited = {
            int(row[0])
            for row in db.execute(
                "SELECT object_id FROM core_auditevent "
                "WHERE action = 'clue.create' AND object_type = 'clues.clue'"
            )
        }
        texted = {row[0] for row in db.execute("SELECT DISTINCT clue_id FROM clues_message")}
        unsecured = db.execute("SELECT COUNT(*) FROM clues_clue WHERE secret_hash = ''").fetchone()[
            0
        ]
    finally:
        db.close()

    assert len(clues) >= len(acknowledged)
    missing = [code for code in acknowledged if code not in clues]
    assert not missing, f"{len(missing)} acknowledged clues lost, e.g. {missing[:3]}"
    ids = set(clues.values())
    assert ids <= received, f"clues without their 'received' history: {sorted(ids - received)[:5]}"
    assert ids <= audited, f"clues without their audit event: {sorted(ids - audited)[:5]}"
    assert ids <= texted, f"clues without their SMS record: {sorted(ids - texted)[:5]}"
    assert unsecured == 0, "clues stored without their secret"
    # Nothing points at a clue that is not there (history, audit and messages commit with it).
    assert received <= ids and audited <= ids and texted <= ids

    verify = _server.wageguard(url, "audit", "verify", var_dir=tmp_path, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "intact" in verify.stdout
