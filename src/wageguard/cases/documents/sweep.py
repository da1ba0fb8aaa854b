"""Deleting numbered documents' files that no row names (a rolled-back transaction's).

`documents.issue` writes a document's file inside the caller's transaction, before the commit,
so that a committed row always has its file. When the caller's transaction rolls back after
`issue` returned, the row is gone and the file stays: Django offers no hook on rollback. Such a
file holds workers' names, so it must not be kept; it is never served (downloads go through the
row), and this sweep deletes it once it is older than `GRACE`, an age no open transaction reaches
(a request or a job holds its transaction for seconds). Run hourly:
`wageguard manage cases sweep-files [--dry-run] [--all]`.
"""

import datetime as dt
from collections.abc import Iterator

from django.core.files.storage import Storage
from django.utils import timezone

from ..models import CaseDocument

ROOT = "cases/documents"
GRACE = dt.timedelta(hours=1)
_CHUNK = 500


def _storage() -> Storage:
    return CaseDocument._meta.get_field("file").storage


def _folders(storage: Storage, now: dt.datetime, everything: bool) -> list[str]:
    """The month folders to look at: this month's and last month's (files are filed by the
    month they were written, and an orphan is swept within hours), or all of them."""
    if not everything:
        first = timezone.localtime(now).date().replace(day=1)
        last_month = first - dt.timedelta(days=1)
        return [f"{ROOT}/{d:%Y/%m}" for d in (last_month, first)]
    if not storage.exists(ROOT):
        return []
    return [
        f"{ROOT}/{year}/{month}"
        for year in sorted(storage.listdir(ROOT)[0])
        for month in sorted(storage.listdir(f"{ROOT}/{year}")[0])
    ]


def _files(storage: Storage, folders: list[str]) -> Iterator[str]:
    for folder in folders:
        if storage.exists(folder):
            yield from (f"{folder}/{name}" for name in sorted(storage.listdir(folder)[1]))


def sweep_files(
    *, older_than: dt.timedelta = GRACE, dry_run: bool = False, everything: bool = False
) -> list[str]:
    """Deletes (or with `dry_run` only lists) document files older than `older_than` that no
    `CaseDocument` names; returns their storage names. Rows are looked up `_CHUNK` names at a
    time, so the queries grow with the folder, not per file."""
    storage = _storage()
    now = timezone.now()
    names = list(_files(storage, _folders(storage, now, everything)))
    orphans = []
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        named = set(CaseDocument.objects.filter(file__in=chunk).values_list("file", flat=True))
        for name in chunk:
            if name in named or now - storage.get_modified_time(name) < older_than:
                continue
            orphans.append(name)
            if not dry_run:
                storage.delete(name)
    return orphans
