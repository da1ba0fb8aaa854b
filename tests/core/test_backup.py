"""`wageguard backup` and `wageguard restore` round trip (issue 10): an archive restored into a
fresh database finds every clue, case, document file and an intact audit chain."""

import json
import os
import subprocess
import sys
import tarfile
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from tests import factories
from tests.portal.conftest import pdf_bytes
from tests.portal.steps import report
from wageguard.cases.documents import issue as issue_document
from wageguard.clues.models import Attachment, Clue
from wageguard.core import crypto
from wageguard.core.backup import BackupError, backup, restore
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

CHECK = """
import json, django
django.setup()
from django.core.files.storage import default_storage
from wageguard.cases.models import CaseDocument, EnforcementCase
from wageguard.clues.models import Attachment, Clue
from wageguard.core.audit import verify_chain
files = [a.file.name for a in Attachment.objects.all()] + [
    d.file.name for d in CaseDocument.objects.all()
]
print(json.dumps({
    "clues": sorted(Clue.objects.values_list("tracking_code", flat=True)),
    "phones": sorted(Clue.objects.values_list("phone", flat=True)),
    "cases": sorted(EnforcementCase.objects.values_list("number", flat=True)),
    "documents": CaseDocument.objects.count(),
    "files": sorted(files),
    "files_present": all(default_storage.exists(f) for f in files),
    "audit": str(verify_chain()),
}))
"""


@pytest.fixture
def records(transactional_db, client, settings, tmp_path):
    """Committed rows (pg_dump and the SQLite backup read through their own connection): a
    reported clue with a PDF, a case with a numbered document, and the audit trail of both."""
    settings.MEDIA_ROOT = tmp_path / "media"
    create_agencies("51")
    pdf = SimpleUploadedFile("欠条.pdf", pdf_bytes(), content_type="application/pdf")
    assert report(client, factories.clue_submission(), [pdf]).status_code == 303
    inspector = factories.user("insp", Role.INSPECTOR, "510107")
    case = factories.case(inspector)
    issue_document(case, "order", None)
    return Clue.objects.get(), case


@pytest.fixture
def fresh_database(tmp_path):
    """A new, empty database of the same kind as the test's, as a DATABASE_URL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"wageguard_restore_{uuid.uuid4().hex[:10]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name])


def _in(database_url: str, var, *args: str, code: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"WAGEGUARD_TESTING"}}
    env.update(
        DATABASE_URL=database_url,
        WAGEGUARD_VAR=str(var),
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="wageguard.settings",
    )
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "wageguard.cli", *args]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_round_trip_into_a_fresh_database(records, fresh_database, tmp_path):
    clue, case = records
    archive = backup(tmp_path / "backups")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["vendor"] == connection.vendor and manifest["files"] == 2
    assert any(n.startswith("files/") and n.endswith(".pdf") for n in names)
    assert any(n.endswith(".docx") for n in names)

    var = tmp_path / "restored-var"
    out = _in(fresh_database, var, "restore", str(archive))
    assert "restored" in out and "intact" in out
    found = json.loads(_in(fresh_database, var, code=CHECK).strip().splitlines()[-1])
    assert found["clues"] == [clue.tracking_code]
    assert found["phones"] == [clue.phone] != [""], "decrypted with the keys kept apart"
    assert manifest["data_keys"] == [crypto.keyring().current]
    assert found["cases"] == [case.number]
    assert found["documents"] == 1 and len(found["files"]) == 2
    assert found["files_present"] is True
    assert found["audit"].startswith("intact")
    assert Attachment.objects.get().file.name in found["files"]


def test_restore_refuses_a_database_with_records(records, tmp_path, settings):
    archive = backup(tmp_path / "backups")
    with pytest.raises(BackupError, match="--force"):
        restore(archive)
    settings.WAGEGUARD_DATA_KEYS = [crypto.new_key()]
    with pytest.raises(BackupError, match="data key"):
        restore(archive, force=True)
    settings.WAGEGUARD_DATA_KEYS = []
    assert Clue.objects.get().phone == records[0].phone, "nothing was restored over it"
    with pytest.raises(CommandError, match="no such archive"):
        call_command("restore", str(tmp_path / "missing.tar"))
