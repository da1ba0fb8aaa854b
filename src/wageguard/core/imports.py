"""Background imports of files: one way for every app (the housing department's project list, the
monthly attendance and payroll, the bank's payments).

An app registers an `Importer` in `IMPORTERS` (from its `AppConfig.ready()`): the columns it
reads and a function that takes one row and answers what became of it. `submit()` checks the
header at once (a missing column is refused before anything is stored or queued), refuses the
same file sent twice by one bureau, stores the file and queues `run_import` on the task worker
(django-tasks with its database backend: `wageguard worker`), so a long file neither holds a web
request nor dies with it. The worker reads the file row by row, commits in batches, records its
progress on the `ImportJob` for the progress bar, and writes every refused row (row number,
column, reason) to a CSV the uploader downloads.

A sender whose headers differ from the importer's aliases (each bank's payment records) is read
with an import profile (`core.profiles`): `submit(..., profile=)` checks the header with its
mapping and copies the mapping onto the job, so the worker reads the file the same way however
the profile changes afterwards.

A row function must be idempotent by the row's own key (a project code, a worker and month), so
a job run again after its worker was killed adds nothing twice.

Batch mode, for feeds of millions of rows (a province's payroll month is 3,000,000 lines): an
importer that gives `batch` instead of `row` receives `batch_size` rows at once and answers
(counts by outcome, refused rows). It validates every row in Python, resolves what the rows name
in a fixed number of queries, and writes with one `bulk_create(update_conflicts=True)` per batch,
inside the batch's transaction; a refused row costs only itself, as on the row path. The batch
function must be idempotent by the rows' keys too: a killed job is completed by running it again.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django_tasks import task

from . import audit, profiles
from .models import ImportJob, ImportProfile
from .registry import Registry
from .tables import Column, count_rows, kind_of, read_table
from .xlsx import spreadsheet_safe

BATCH = 500


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


RowFunction = Callable[[Any, dict[str, Any]], Outcome]
# (number, field or None, message) of one refused row
Refusal = tuple[int, str | None, str]
# (acting user, [(row number, {field: value})]) -> ({outcome: count}, refused rows)
BatchFunction = Callable[[Any, list[tuple[int, dict[str, Any]]]], tuple[dict, list[Refusal]]]


@dataclass(frozen=True)
class Importer:
    label: str | Promise
    columns: tuple[Column, ...]
    row: RowFunction | None  # (acting user, {field: value}) -> Outcome; ValidationError refuses
    permission: tuple[str, str]  # (action, model label) the uploader needs
    help: str | Promise = ""
    batch: BatchFunction | None = None  # batch mode (see the module's docstring), instead of row
    batch_size: int = BATCH


IMPORTERS: Registry[Importer] = Registry("file importers")


def _digest(uploaded: UploadedFile) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def visible_jobs(user: Any):
    """The jobs a user may look at: their own and their bureau's."""
    if getattr(user, "agency_id", None) is None:
        return ImportJob.objects.filter(created_by=user)
    return ImportJob.objects.filter(agency_id=user.agency_id)


def submit(
    kind: str, uploaded: UploadedFile, user: Any, profile: ImportProfile | None = None
) -> tuple[ImportJob, bool]:
    """(the job, whether it is new). The same file of the same kind already imported by this
    bureau with the same column mapping answers with that job and queues nothing. A `profile`
    (`core.profiles`) must be of this kind and visible to the user; its mapping is checked
    against the header now and copied onto the job, which the worker reads with."""
    importer = IMPORTERS.get(kind)
    if not user.can(*importer.permission):
        raise PermissionDenied(_("您的角色不能导入此类文件"))
    mapping: dict[str, str] = {}
    if profile is not None:
        profile = profiles.find(user, kind, profile.pk)
        mapping = dict(profile.mapping)
    file_kind = kind_of(uploaded.name or "")
    if not uploaded.size:
        raise ValidationError({"file": _("文件是空的")})
    limit = settings.WAGEGUARD_MAX_IMPORT_BYTES
    if uploaded.size > limit:
        raise ValidationError({"file": _("文件超过 %(n)d MB") % {"n": limit // (1024 * 1024)}})
    # The header, before anything is stored: a renamed column refuses the whole file.
    uploaded.seek(0)
    header_check = read_table(
        uploaded, file_kind, importer.columns, mapping, profile.name if profile else ""
    )
    next(header_check, None)
    header_check.close()
    sha256 = _digest(uploaded)
    # The same file read with another mapping is another import (a corrected profile).
    for earlier in ImportJob.objects.filter(
        kind=kind, sha256=sha256, agency_id=user.agency_id
    ).exclude(state=ImportJob.State.FAILED):
        if (earlier.mapping or {}) == mapping:
            return earlier, False
    uploaded.seek(0)
    job = ImportJob(
        kind=kind,
        original_name=(uploaded.name or "")[-200:],
        sha256=sha256,
        size=uploaded.size,
        created_by=user,
        agency_id=user.agency_id,
        rows_total=count_rows(uploaded.file, file_kind),
        profile=profile,
        profile_name=profile.name if profile else "",
        mapping=mapping,
    )
    job.file.save(f"{sha256[:32]}.{file_kind}", uploaded, save=False)
    with transaction.atomic():
        job.save()
        audit.record(
            "import.submit",
            obj=job,
            after={
                "kind": kind,
                "name": job.original_name,
                "sha256": sha256,
                **({"profile": profile.pk, "mapping": mapping} if profile else {}),
            },
            actor=user,
        )
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job, True


class _Errors:
    """Refused rows, streamed to a CSV as they come (a file of a million bad rows never sits in
    memory), opened by Excel as UTF-8 thanks to the BOM."""

    def __init__(self, columns: tuple[Column, ...]) -> None:
        self.titles = {c.field: c.title for c in columns}
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)
        self.writer.writerow([_("行号"), _("列"), _("原因")])
        self.count = 0

    def add(self, number: int, field: str | None, message: str) -> None:
        column = self.titles.get(field or "", "" if field in (None, "__all__") else field)
        self.writer.writerow([number, spreadsheet_safe(column), spreadsheet_safe(message)])
        self.count += 1

    def content(self) -> ContentFile:
        return ContentFile(("\ufeff" + self.buffer.getvalue()).encode("utf-8"))


def refusal(exc: ValidationError) -> tuple[str | None, str]:
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        return field, messages[0]
    return None, exc.messages[0] if exc.messages else _("输入无效")


def process(job: ImportJob) -> ImportJob:
    """Run one job to its end in this process (the worker's task calls this). Rows are committed
    in batches of the importer's `batch_size`, each row on its own savepoint (or judged by the
    importer's batch function), so a refused row costs only itself."""
    importer = IMPORTERS.get(job.kind)
    user = job.created_by
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now(), message=""
    )
    counts = dict.fromkeys(Outcome, 0)
    errors = _Errors(importer.columns)
    read = 0
    try:
        with job.file.open("rb") as stream:
            # The mapping copied at submission: the profile may have changed since.
            rows = read_table(
                stream, kind_of(job.file.name), importer.columns, job.mapping, job.profile_name
            )
            while batch := list(islice(rows, importer.batch_size)):
                with transaction.atomic():
                    if importer.batch is not None:
                        got, refused = importer.batch(user, batch)
                        for outcome, n in got.items():
                            counts[Outcome(outcome)] += n
                        for refusal in refused:
                            errors.add(*refusal)
                    else:
                        _rows(importer, user, batch, counts, errors)
                read += len(batch)
                ImportJob.objects.filter(pk=job.pk).update(
                    rows_read=read,
                    created=counts[Outcome.CREATED],
                    updated=counts[Outcome.UPDATED],
                    unchanged=counts[Outcome.UNCHANGED],
                    refused=errors.count,
                )
    except ValidationError as exc:
        return _finish(job, ImportJob.State.FAILED, refusal(exc)[1], errors, read, counts)
    except Exception:  # the job says it failed; the worker's log has the traceback
        _finish(job, ImportJob.State.FAILED, _("导入中断，请重新提交"), errors, read, counts)
        raise
    return _finish(job, ImportJob.State.DONE, "", errors, read, counts)


def _rows(importer: Importer, user: Any, batch: list, counts: dict, errors: _Errors) -> None:
    """The row path: each row through `importer.row` on its own savepoint."""
    assert importer.row is not None
    for number, row in batch:
        try:
            with transaction.atomic():
                counts[importer.row(user, row)] += 1
        except ValidationError as exc:
            errors.add(number, *refusal(exc))
        except PermissionDenied as exc:
            errors.add(number, None, str(exc) or _("无权处理该行"))


def _finish(job, state, message, errors, read, counts) -> ImportJob:
    job.refresh_from_db()
    job.state, job.message, job.finished_at = state, message, timezone.now()
    job.rows_read = read
    job.created = counts[Outcome.CREATED]
    job.updated = counts[Outcome.UPDATED]
    job.unchanged = counts[Outcome.UNCHANGED]
    job.refused = errors.count
    if errors.count:
        job.errors_file.save(f"errors-{job.pk}.csv", errors.content(), save=False)
    job.save()
    audit.record(
        "import.finish",
        obj=job,
        after={
            "state": state,
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "refused": job.refused,
        },
        actor=job.created_by,
    )
    return job


@task()
def run_import(job_id: int) -> str:
    """The worker's entry point: a job already finished is left alone (a task delivered twice)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.state == ImportJob.State.DONE:
        return job.state
    return process(job).state
