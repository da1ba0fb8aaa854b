"""The audit chain: appends, verification, tampering found, updates and deletes refused."""

import hashlib
import io
import itertools
import json
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from wageguard.core import audit
from wageguard.core.audit import (
    GENESIS_HASH,
    AppendOnlyError,
    read_anchors,
    verify_chain,
    write_anchor,
)
from wageguard.core.checks import audit_writers_serialised, sqlite_problems
from wageguard.core.models import AuditEvent

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the refusing trigger exists on PostgreSQL only"
)


def _raw(sql: str, params: list | None = None) -> None:
    """Tamper behind the application's back, as someone with database access would.

    On PostgreSQL the table owner can switch the trigger off; inside the test's transaction it
    comes back on when the test ends.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")


def _chain(n: int = 5) -> list[AuditEvent]:
    return [audit.record("test.event", after={"i": i}, reason=f"r{i}") for i in range(n)]


def _verify_command() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_record_appends_a_linked_chain_and_verify_says_intact(make_user):
    actor = make_user("chain-admin", "admin", "510107")
    events = [audit.record("user.update", obj=actor, actor=actor, before={"a": 1}, after={"a": 2})]
    events += _chain(3)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    first = AuditEvent.objects.get(seq=1)
    assert (first.actor_id, first.actor_username, first.agency_region) == (
        actor.pk,
        "chain-admin",
        "510107",
    )
    assert first.agency_name == actor.agency.name and first.object_type == "org.user"
    assert first.object_id == str(actor.pk) and first.compute_hash() == first.hash
    report = verify_chain(batch_size=2)
    assert report.ok and report.count == 4 and report.head_seq == 4
    assert _verify_command().startswith("intact: 4 events")


def test_an_empty_log_is_intact():
    assert verify_chain().ok and _verify_command().startswith("intact: 0 events")


def test_request_supplies_actor_address_and_request_id(client, make_user):
    user = make_user("login-user", "clerk", "510107")
    client.post(
        "/login/",
        {"username": "login-user", "password": "pw-login-user"},
        HTTP_X_REQUEST_ID="req-12345",
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.filter(action="auth.login").latest("seq")
    assert event.actor_id == user.pk and event.request_id == "req-12345"
    assert event.client_address == "10.1.2.3"


def test_values_are_stored_exactly_as_hashed():
    event = audit.record(
        "test.values",
        after={
            "amount": Decimal("1234.50"),
            "day": date(2025, 1, 28),
            "ratio": 1e16,
            "nested": {"list": [1, "二", None], 3: True},
            "nul": "a\x00b",
        },
        reason="含中文\x00",
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.after["amount"] == "1234.50" and stored.after["day"] == "2025-01-28"
    assert stored.after["nested"]["3"] is True and "\x00" not in stored.after["nul"]
    assert stored.compute_hash() == stored.hash
    assert verify_chain().ok


def test_snapshot_is_json_safe_and_never_holds_secrets(make_user):
    user = make_user("snap-user", "clerk", "510107")
    data = audit.snapshot(user)
    assert "password" not in data
    assert data["agency"] == user.agency_id and isinstance(data["date_joined"], str)
    assert audit.snapshot(user, ["username", "password", "role"]) == {
        "username": "snap-user",
        "role": "clerk",
    }


def test_edited_content_is_found_and_the_command_fails():
    events = _chain(5)
    _raw("UPDATE core_auditevent SET reason = %s WHERE seq = 3", ["tampered"])
    report = verify_chain()
    assert not report.ok and report.bad_seq == 3 and report.bad_id == events[2].pk
    assert "hash" in report.reason and report.count == 2
    with pytest.raises(CommandError) as failure:
        _verify_command()
    assert failure.value.returncode != 0
    assert f"event id {events[2].pk} seq 3" in str(failure.value)


def test_edit_with_recomputed_hash_breaks_the_next_link():
    _chain(5)
    row = AuditEvent.objects.get(seq=2)
    row.reason = "rewritten"
    _raw(
        "UPDATE core_auditevent SET reason = %s, hash = %s WHERE seq = 2",
        ["rewritten", row.compute_hash()],
    )
    report = verify_chain()
    assert not report.ok and report.bad_seq == 3 and "prev_hash" in report.reason


def test_deleted_middle_row_leaves_a_gap():
    events = _chain(5)
    _raw("DELETE FROM core_auditevent WHERE seq = 3")
    report = verify_chain(batch_size=2)
    assert not report.ok and report.bad_seq == 4 and report.bad_id == events[3].pk
    assert "missing" in report.reason
    with pytest.raises(CommandError, match="seq 4"):
        _verify_command()


def test_deleted_and_renumbered_rows_break_the_link():
    _chain(5)
    _raw("DELETE FROM core_auditevent WHERE seq = 3")
    # Through negative numbers: PostgreSQL checks the unique seq row by row, in no set order.
    _raw("UPDATE core_auditevent SET seq = -seq WHERE seq > 3")
    _raw("UPDATE core_auditevent SET seq = -seq - 1 WHERE seq < 0")
    report = verify_chain()
    assert not report.ok and report.bad_seq == 3 and "prev_hash" in report.reason


def test_forged_rows_are_found():
    events = _chain(3)
    _raw(
        "INSERT INTO core_auditevent (seq, at, actor_username, actor_name, agency_name, "
        "agency_region, request_id, action, object_type, object_id, object_repr, reason, "
        "client_address, prev_hash, hash) VALUES (4, %s, '', '', '', '', '', 'user.delete', "
        "'', '', '', '', '', %s, %s)",
        [events[-1].at, events[-1].hash, "f" * 64],
    )
    report = verify_chain()
    assert not report.ok and report.bad_seq == 4 and "hash" in report.reason


def test_forged_row_before_the_chain_is_found():
    _chain(2)
    _raw(
        "INSERT INTO core_auditevent (seq, at, actor_username, actor_name, agency_name, "
        "agency_region, request_id, action, object_type, object_id, object_repr, reason, "
        "client_address, prev_hash, hash) VALUES (0, %s, '', '', '', '', '', 'x', "
        "'', '', '', '', '', %s, %s)",
        [AuditEvent.objects.get(seq=1).at, GENESIS_HASH, "e" * 64],
    )
    report = verify_chain()
    assert not report.ok and report.bad_seq == 0


def test_anchor_catches_deleted_newest_events():
    events = _chain(4)
    anchor = f"{events[-1].seq}:{events[-1].hash}"
    out = io.StringIO()
    call_command("audit", "verify", "--anchor", anchor, stdout=out)
    assert "intact: 4 events" in out.getvalue()
    _raw("DELETE FROM core_auditevent WHERE seq = 4")
    assert verify_chain().ok  # without an anchor a cut tail cannot be seen
    with pytest.raises(CommandError, match="anchor"):
        call_command("audit", "verify", "--anchor", anchor)
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("audit", "verify", "--anchor", "nonsense")


def test_model_and_queryset_refuse_changes():
    event = _chain(1)[0]
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(seq=99, action="x")])
    assert AuditEvent.objects.get(pk=event.pk).reason == "r0"
    assert verify_chain().ok


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET reason = 'x'",
        "DELETE FROM core_auditevent",
        "TRUNCATE core_auditevent",
    ],
)
def test_postgres_trigger_refuses_update_delete_truncate(sql):
    _chain(2)
    # Test sessions may TRUNCATE to flush between tests; production sessions may not.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL wageguard.audit_allow_truncate = 'off'")
        cursor.execute(sql)
    assert AuditEvent.objects.count() == 2 and verify_chain().ok


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite configuration")
def test_sqlite_writers_are_serialised_at_begin():
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert audit_writers_serialised() == []
    deferred = {"default": {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}}
    assert [e.id for e in sqlite_problems(deferred)] == ["core.E001"]


def _file_or_server_database() -> bool:
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and not connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    if not _file_or_server_database():
        pytest.skip("in-memory SQLite: threads cannot share a database with a busy timeout")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    audit.record("test.concurrent", after={"writer": n, "i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = verify_chain()
    assert report.ok and report.count == 60


def test_anonymous_actor_is_recorded_as_the_system():
    from django.contrib.auth.models import AnonymousUser

    event = audit.record("auth.login_failed", actor=AnonymousUser(), after={"username": "x"})
    assert event.actor_id is None and event.actor_username == "" and event.agency_region == ""


def _recompute_from(seq: int, prev_hash: str) -> None:
    """What someone with database access but without the key would do after deleting a row:
    renumber and recompute every later hash as a plain, unkeyed SHA-256 chain."""
    for event in AuditEvent.objects.filter(seq__gt=seq).order_by("seq"):
        canonical = json.dumps(
            event.content(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        new_hash = hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()
        _raw(
            "UPDATE core_auditevent SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.seq - 1, prev_hash, new_hash, event.pk],
        )
        prev_hash = new_hash


def test_a_deleted_row_and_a_recomputed_chain_fail_without_the_key():
    """Issue 10, finding 12: deleting one row and recomputing the chain passed verify."""
    events = _chain(5)
    _raw("DELETE FROM core_auditevent WHERE seq = 3")
    _recompute_from(3, events[1].hash)
    report = verify_chain()
    assert not report.ok and report.bad_seq == 3 and "hash" in report.reason


def test_the_key_comes_from_outside_the_database(settings):
    settings.WAGEGUARD_AUDIT_KEY = "one-key"
    event = _chain(1)[0]
    assert verify_chain().ok
    settings.WAGEGUARD_AUDIT_KEY = "another-key"
    assert not verify_chain().ok
    settings.WAGEGUARD_AUDIT_KEY = "one-key"
    assert event.compute_hash() == event.hash


def test_anchors_written_by_the_job_catch_a_cut_tail_by_default(settings):
    _chain(3)
    call_command("jobs", "run", "--only", "audit.anchor", stdout=io.StringIO())
    _chain(1)
    assert write_anchor() == AuditEvent.objects.values_list("seq", "hash").get(seq=4)
    assert write_anchor() is not None and len(read_anchors()) == 2  # no duplicate head
    assert "intact: 4 events" in _verify_command()
    _raw("DELETE FROM core_auditevent WHERE seq = 4")
    with pytest.raises(CommandError, match="anchor seq 4 is missing"):
        call_command("audit", "verify")
    out = io.StringIO()
    call_command("audit", "verify", "--no-anchors", stdout=out)  # the chain itself is whole
    assert "intact: 3 events" in out.getvalue()
    lines = settings.WAGEGUARD_AUDIT_ANCHORS.read_text().splitlines()
    assert [line.split()[0] for line in lines] == ["3", "4"]


def test_an_anchor_that_disagrees_with_the_chain_is_named():
    events = _chain(2)
    write_anchor()
    assert read_anchors() == [(2, events[1].hash)]
    report = verify_chain(anchors=[(1, "f" * 64)])
    assert not report.ok and report.bad_seq == 1 and "anchor" in report.reason
