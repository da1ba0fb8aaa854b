"""Personal data at rest (issue 10): ID and mobile numbers written through the real services are
nowhere in the database's bytes, nor is a tracking secret; a full number still finds its clue
and its person; keys rotate; a missing or wrong key is an error that says so."""

import re
import subprocess
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from tests import factories
from wageguard.cases.models import CaseWorker
from wageguard.cases.services import investigation
from wageguard.clues.models import ArrearsLine, Clue, Message
from wageguard.clues.services.arrears import add_arrears_line
from wageguard.clues.services.duplicates import suggestions
from wageguard.core import crypto
from wageguard.core.models import AuditEvent
from wageguard.org import services as org_services
from wageguard.org.bootstrap import create_agencies
from wageguard.org.models import User
from wageguard.org.rules import Role
from wageguard.parties.models import Person
from wageguard.parties.services import person_for

KEY_A = crypto.new_key()
KEY_B = crypto.new_key()


class Numbers:
    """Distinct, valid numbers for each kind of row, so a leak names its source."""

    def __init__(self) -> None:
        people = factories.people(seed=4242)
        self.reporter = people.person()
        self.worker_id = people.id_number()
        self.line_id = people.id_number()
        self.person_id = people.id_number()
        self.staff_phone = people.phone()


@pytest.fixture
def numbers() -> Numbers:
    return Numbers()


def _write_everything(n: Numbers) -> dict:
    """A public clue (its SMS record and audit trail), an arrears line, a case with a worker and
    a legal representative, and a staff member with a mobile: all through the services."""
    create_agencies("51")
    data = factories.clue_submission(
        reporter_name=n.reporter.name, id_number=n.reporter.id_number, phone=n.reporter.phone
    )
    taken = factories.clue_intake(data)
    inspector = factories.user("crypt-insp", Role.INSPECTOR, "510107")
    colleague = factories.user("crypt-insp-2", Role.INSPECTOR, "510107")
    add_arrears_line(
        inspector, taken.clue, worker_name="李四", id_number=n.line_id, amount_owed=Decimal(900)
    )
    case = factories.case(inspector, workers=[factories.worker(id_number=n.worker_id)])
    case = factories.under_investigation(case, inspector, [inspector, colleague])
    investigation.add_person(
        case, inspector, role="legal_representative", name="赵六", id_number=n.person_id
    )
    admin = factories.user("crypt-admin", Role.ADMIN, "510107")
    org_services.create_user(
        admin,
        username="crypt-clerk",
        password="Pw-123456789",
        agency=admin.agency,
        role=Role.CLERK,
        phone=n.staff_phone,
    )
    return {"clue": taken.clue, "secret": taken.secret, "inspector": inspector, "case": case}


def _database_bytes(tmp_path: Path) -> bytes:
    """Every byte the database holds, as a thief copying it would get them."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(connection.settings_dict["NAME"])
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    s = connection.settings_dict
    out = tmp_path / "dump.sql"
    subprocess.run(
        ["pg_dump", "-h", s["HOST"] or "127.0.0.1", "-U", s["USER"], "-f", str(out), s["NAME"]],
        check=True,
    )
    return out.read_bytes()


def test_copied_database_reveals_no_number_and_no_secret(transactional_db, numbers, tmp_path):
    written = _write_everything(numbers)
    assert Message.objects.filter(clue=written["clue"]).exists(), "the SMS record is written"
    raw = _database_bytes(tmp_path)
    assert written["clue"].tracking_code.encode() in raw, "the dump holds the clue's rows"
    needles = {
        "reporter ID": numbers.reporter.id_number,
        "reporter mobile": numbers.reporter.phone,
        "arrears line ID": numbers.line_id,
        "case worker ID": numbers.worker_id,
        "person ID": numbers.person_id,
        "staff mobile": numbers.staff_phone,
        "tracking secret": written["secret"],
    }
    leaks = [name for name, value in needles.items() if value.encode() in raw]
    assert leaks == []
    # ...and the application reads every one of them back.
    clue = Clue.objects.get(pk=written["clue"].pk)
    assert (clue.id_number, clue.phone) == (numbers.reporter.id_number, numbers.reporter.phone)
    assert ArrearsLine.objects.get(clue=clue).id_number == numbers.line_id
    assert CaseWorker.objects.get(case=written["case"]).id_number == numbers.worker_id
    assert Person.objects.get(name="赵六").id_number == numbers.person_id
    assert User.objects.get(username="crypt-clerk").phone == numbers.staff_phone
    assert Message.objects.get(clue=clue).phone == numbers.reporter.phone


def test_audit_events_keep_masked_numbers(db, numbers):
    written = _write_everything(numbers)
    event = AuditEvent.objects.filter(action="clue.arrears_add").get()
    assert event.after["id_number"] == "*" * 14 + numbers.line_id[-4:]
    assert "id_number_hash" not in event.after
    created = AuditEvent.objects.filter(action="user.create", object_repr="crypt-clerk").get()
    assert created.after["phone"] == "*******" + numbers.staff_phone[-4:]
    assert written["clue"].pk


def test_full_number_finds_partial_number_does_not(db, client, numbers):
    written = _write_everything(numbers)
    clue, reporter = written["clue"], numbers.reporter
    spaced = f"+86 {reporter.phone[:3]} {reporter.phone[3:7]}-{reporter.phone[7:]}"
    assert list(Clue.objects.filter(phone=spaced)) == [clue]
    assert list(Clue.objects.filter(id_number=reporter.id_number.lower())) == [clue]
    assert list(Clue.objects.filter(phone__in=["13900000000", reporter.phone])) == [clue]
    assert Clue.objects.exclude(phone="").count() == 1
    with pytest.raises(FieldError):
        list(Clue.objects.filter(phone__startswith=reporter.phone[:3]))
    with pytest.raises(FieldError):
        list(ArrearsLine.objects.filter(id_number=numbers.line_id))  # no hash: not searchable
    # The inbox finds the clue by the full number, typed as people type it, and not by a part.
    client.force_login(written["inspector"])
    for query, found in (
        (spaced, True),
        (reporter.id_number, True),
        (reporter.phone[:7], False),
        (reporter.id_number[:10], False),
    ):
        page = client.get("/clues/", {"q": query})
        assert page.status_code == 200
        assert (clue.tracking_code in page.content.decode()) is found, query
    # One person per ID number, found through the hash; duplicates by the reporter's mobile.
    assert person_for("别名", numbers.person_id) == Person.objects.get(name="赵六")
    assert Person.objects.filter(id_number=numbers.person_id).count() == 1
    again = factories.clue_intake(
        factories.clue_submission(
            phone=reporter.phone, employer_name="另一家单位有限公司", project_name="另一个项目"
        )
    ).clue
    found = {s.clue: s.reasons for s in suggestions(again, written["inspector"])}
    assert found[clue] == ["反映人手机号相同"]


def test_rotation_of_the_data_key(db, settings, numbers):
    settings.WAGEGUARD_DATA_KEYS = [KEY_A]
    written = _write_everything(numbers)
    key_a = crypto.keyring().current
    settings.WAGEGUARD_DATA_KEYS = [KEY_B, KEY_A]
    key_b = crypto.keyring().current
    assert Clue.objects.get().phone == numbers.reporter.phone, "both keys listed: A still reads"
    call_command("crypto", "rotate", "--batch-size", "2")
    settings.WAGEGUARD_DATA_KEYS = [KEY_B]
    clue = Clue.objects.get(pk=written["clue"].pk)
    assert (clue.phone, clue.id_number) == (numbers.reporter.phone, numbers.reporter.id_number)
    assert Person.objects.get(name="赵六").id_number == numbers.person_id
    assert CaseWorker.objects.get().id_number == numbers.worker_id
    assert User.objects.get(username="crypt-clerk").phone == numbers.staff_phone
    for column in crypto.columns():
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT {connection.ops.quote_name(column.column)} FROM "{column.table}"'
            )
            stored = [v for (v,) in cursor.fetchall() if v]
        assert all(v.startswith(f"wg1:{key_b}:") for v in stored), column.label
        assert not any(key_a in v for v in stored)
    # Run again: nothing left to do, and nothing changes (resumable).
    assert set(crypto.reseal_all().values()) == {0}


def test_rotation_of_the_index_key(db, settings, numbers):
    settings.WAGEGUARD_INDEX_KEYS = ["index-one"]
    written = _write_everything(numbers)
    settings.WAGEGUARD_INDEX_KEYS = ["index-two"]
    assert not Clue.objects.filter(phone=numbers.reporter.phone).exists(), "hashes are keyed"
    settings.WAGEGUARD_INDEX_KEYS = ["index-two", "index-one"]
    assert Clue.objects.filter(phone=numbers.reporter.phone).exists(), "old key still searched"
    call_command("crypto", "rotate")
    settings.WAGEGUARD_INDEX_KEYS = ["index-two"]
    assert list(Clue.objects.filter(phone=numbers.reporter.phone)) == [written["clue"]]
    assert Clue.objects.filter(id_number=numbers.reporter.id_number).exists()
    assert person_for("赵六", numbers.person_id).id_number == numbers.person_id
    assert Person.objects.count() == 1


def test_missing_or_wrong_key_is_an_error_not_garbage(db, settings, numbers):
    settings.WAGEGUARD_DATA_KEYS = [KEY_A]
    written = _write_everything(numbers)
    settings.WAGEGUARD_DATA_KEYS = [KEY_B]
    with pytest.raises(crypto.UnknownKey, match="not in WAGEGUARD_DATA_KEYS"):
        Clue.objects.get(pk=written["clue"].pk)
    settings.WAGEGUARD_DATA_KEYS = [KEY_A]
    token = crypto.encrypt(numbers.reporter.phone)
    forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    with pytest.raises(crypto.Tampered):
        crypto.decrypt(forged)
    with pytest.raises(crypto.CryptoError, match="not encrypted"):
        crypto.decrypt(numbers.reporter.phone)
    settings.WAGEGUARD_DATA_KEYS = ["too-short"]
    with pytest.raises(ImproperlyConfigured, match="entry 1"):
        crypto.keyring()


def test_migration_encrypts_plain_rows_and_back(db, numbers):
    """The data migration's function on rows as they were before it (plain), and undone."""
    create_agencies("51")
    clue = factories.clue_intake(
        factories.clue_submission(
            id_number=numbers.reporter.id_number, phone=numbers.reporter.phone
        )
    ).clue
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE clues_clue SET phone = %s, phone_hash = '' WHERE id = %s",
            [numbers.reporter.phone, clue.pk],
        )
    forward, backward = crypto.migrate_column("clues_clue", "phone", "phone_hash", "mobile")
    forward(None, connection.schema_editor())
    assert Clue.objects.get(phone=numbers.reporter.phone).pk == clue.pk
    backward(None, connection.schema_editor())
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_hash FROM clues_clue WHERE id = %s", [clue.pk])
        assert cursor.fetchone() == (numbers.reporter.phone, "")


def test_production_is_told_when_the_keys_are_missing_or_malformed(settings):
    from wageguard.core.checks import personal_data_keys_of_their_own, personal_data_keys_readable

    settings.WAGEGUARD_DATA_KEYS, settings.WAGEGUARD_INDEX_KEYS = [], []
    assert {w.id for w in personal_data_keys_of_their_own()} == {"wageguard.W002"}
    assert len(personal_data_keys_of_their_own()) == 2
    settings.WAGEGUARD_DATA_KEYS, settings.WAGEGUARD_INDEX_KEYS = [KEY_A], ["an index key"]
    assert personal_data_keys_of_their_own() == []
    assert personal_data_keys_readable() == []
    settings.WAGEGUARD_DATA_KEYS = [KEY_A, "not-base64-of-32-bytes"]
    errors = personal_data_keys_readable()
    assert [e.id for e in errors] == ["wageguard.E002"] and "entry 2" in errors[0].msg


def test_a_server_without_keys_moves_to_keys_of_its_own(db, settings, numbers):
    """Data written under the SECRET_KEY-derived keys (the demo, an upgrade made before the
    keys were set) is re-encrypted and rehashed once the derived keys are listed after new ones."""
    settings.WAGEGUARD_DATA_KEYS, settings.WAGEGUARD_INDEX_KEYS = [], []
    written = _write_everything(numbers)
    out = StringIO()
    call_command("crypto", "derived", stdout=out)
    derived = dict(line.split(" entry: ") for line in out.getvalue().splitlines())
    settings.WAGEGUARD_DATA_KEYS = [KEY_B, derived["WAGEGUARD_DATA_KEYS"]]
    settings.WAGEGUARD_INDEX_KEYS = ["index of our own", derived["WAGEGUARD_INDEX_KEYS"]]
    call_command("crypto", "rotate", stdout=StringIO())
    settings.WAGEGUARD_DATA_KEYS, settings.WAGEGUARD_INDEX_KEYS = [KEY_B], ["index of our own"]
    assert list(Clue.objects.filter(phone=numbers.reporter.phone)) == [written["clue"]]
    assert Person.objects.get(id_number=numbers.person_id).name == "赵六"
    status = StringIO()
    call_command("crypto", "status", stdout=status)
    assert set(re.findall(r": (\d+) to rotate", status.getvalue())) == {"0"}


def test_a_number_saved_without_its_hash_is_refused(db, numbers):
    create_agencies("51")
    clue = factories.clue_intake().clue
    clue.phone = numbers.reporter.phone
    with pytest.raises(FieldError, match="phone_hash"):
        clue.save(update_fields=["phone"])
    clue.save(update_fields=["phone", "phone_hash"])
    assert list(Clue.objects.filter(phone=numbers.reporter.phone)) == [clue]
