"""A numbered document's file and the transaction around it: a failure inside `issue` removes
the file at once; a rollback of the caller's transaction leaves a file no row names, which
`cases.documents.sweep`
deletes once it is older than the grace period, never a committed document's."""

import datetime as dt
import os
import time

import pytest
from django.core.management import call_command
from django.db import transaction

from wageguard.cases import documents
from wageguard.cases.documents import numbered, sweep
from wageguard.cases.models import CaseDocument

from .conftest import direct_case


def _storage():
    return CaseDocument._meta.get_field("file").storage


def _age(name: str, hours: int) -> None:
    """Makes a stored file look `hours` old."""
    path = _storage().path(name)
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """A media folder of this test's own: the sweep looks at every file in it."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_issue_leaves_a_file_the_sweep_deletes(inspector):
    """Real transactions (no test wrapper): the caller's block fails after `issue` returned."""
    case = direct_case(inspector)
    kept = documents.issue(case, "order", inspector)  # committed
    with pytest.raises(Boom), transaction.atomic():
        orphan = documents.issue(case, "order", inspector).file.name
        raise Boom  # e.g. the measure's own history write failing afterwards
    storage = _storage()
    assert storage.exists(orphan) and storage.exists(kept.file.name)
    assert not CaseDocument.objects.filter(file=orphan).exists()
    # Young files are left alone: their transaction might still be open.
    assert sweep.sweep_files() == []
    _age(orphan, 2)
    _age(kept.file.name, 2)
    assert sweep.sweep_files(dry_run=True) == [orphan] and storage.exists(orphan)
    assert sweep.sweep_files() == [orphan]
    assert not storage.exists(orphan)
    assert storage.exists(kept.file.name)  # a committed document keeps its file
    assert sweep.sweep_files(older_than=dt.timedelta(0), everything=True) == []


@pytest.mark.django_db
def test_a_failure_inside_issue_removes_its_file(inspector, monkeypatch):
    case = direct_case(inspector)
    written = []
    save = _storage().save

    def spy(name, content, max_length=None):
        written.append(save(name, content, max_length=max_length))
        return written[-1]

    monkeypatch.setattr(_storage(), "save", spy)

    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(numbered.audit, "record", fail)
    with pytest.raises(Boom):
        documents.issue(case, "order", inspector)
    assert written and not _storage().exists(written[0])
    assert not CaseDocument.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_sweep_command(inspector, capsys):
    case = direct_case(inspector)
    with pytest.raises(Boom), transaction.atomic():
        orphan = documents.issue(case, "order", inspector).file.name
        raise Boom
    _age(orphan, 3)
    call_command("cases", "sweep-files", "--dry-run")
    assert f"[dry run] {orphan}" in capsys.readouterr().out
    assert _storage().exists(orphan)
    call_command("cases", "sweep-files", "--all")
    assert "removed: 1" in capsys.readouterr().out
    assert not _storage().exists(orphan)
