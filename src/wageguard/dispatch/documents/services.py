"""Generating, archiving and finding a round's documents (issue 13 item 4).

The figures come from one place, `meeting.briefing.build(viewer, round)`, the same call the
meeting screen makes; this module only prints them (context, word, excel) and stores the files.

Who:
- generate on demand: the province's bureau with the "request" verb on progress reports (the task
  force that runs the round, `rounds.services.may_request`), for a round it sees;
- see and download: viewers whose jurisdiction holds the round's province (the province's own
  bureau). The documents hold every prefecture's figures and reports and name the lagging units,
  so a prefecture (which sees the round through its own report) and a county get 404: the
  province sends the bulletin out through its own channels;
- the scheduled job (`dispatch.round-documents`, daily): the day after a round's due date it
  writes the report and the bulletin once (a conditional unique constraint makes running it
  again a no-op). It computes as the round's bureau with the whole province in view
  (`system_viewer`): an unsaved superuser bound to the bureau that created the round, never
  stored and never signed in, so `restrict()` passes every row of the province and the lists'
  root is the province, exactly what the province's task force sees. `generated_by` stays empty
  and the audit event is the system's.

The file and the transaction: rendered in memory, then written as the last step before the row
and its audit event, and deleted at once if these fail (as cases.documents.issue does).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.org.models import User

from ..meeting import briefing
from ..rounds import services as rounds
from ..rounds.models import DispatchRound
from . import context, excel, word
from .models import DispatchDocument
from .rules import CATCH_UP, CONTENT_TYPES, SCHEDULE_DELAY, Format, Kind, is_scheduled_due


def may_see_visible(user: Any, dispatch_round: DispatchRound) -> bool:
    """`may_see` for a round already read through `rounds.visible_rounds(user)` (no query)."""
    return bool(rounds.may_view(user) and user.in_jurisdiction(dispatch_round.region_id))


def may_see(user: Any, dispatch_round: DispatchRound) -> bool:
    """Whether `user` may list and download the round's documents (see the module's text)."""
    return (
        may_see_visible(user, dispatch_round)
        and rounds.visible_rounds(user).filter(pk=dispatch_round.pk).exists()
    )


def may_generate(user: Any, dispatch_round: DispatchRound) -> bool:
    return rounds.may_request(user) and may_see(user, dispatch_round)


def system_viewer(dispatch_round: DispatchRound) -> User:
    """The viewer the scheduled job computes as: the round's bureau, seeing its whole province.
    Unsaved; never signs in."""
    viewer = User(username="system", is_superuser=True, is_active=True)
    viewer.agency = dispatch_round.created_by_agency
    return viewer


def download_name(document: DispatchDocument) -> str:
    """第2轮冬季专项行动调度（第2轮）调度情况报告-20261204-1842.docx"""
    stamp = timezone.localtime(document.generated_at).strftime("%Y%m%d-%H%M")
    return f"{document.round}{Kind(document.kind).label}-{stamp}.{document.format}"


def content_type(document: DispatchDocument) -> str:
    return CONTENT_TYPES[Format(document.format)]


@dataclass
class Rendered:
    kind: str
    computed_at: dt.datetime
    files: dict[str, bytes] = field(default_factory=dict)


def render(
    viewer: Any, dispatch_round: DispatchRound, kind: str, today: dt.date | None = None
) -> Rendered:
    """Both files of `kind` for the round as `viewer` sees it, in memory; nothing stored."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("请选择报告或通报")})
    b = briefing.build(viewer, dispatch_round, today=today)
    now = timezone.now()
    # An official document is written in Chinese whatever the page language of who asked.
    with translation.override(settings.LANGUAGE_CODE):
        data = context.build_context(b, kind, now)
        docx = word.render(kind, data)
        xlsx = excel.render(b, kind)
    return Rendered(kind, b.computed_at, {Format.DOCX: docx, Format.XLSX: xlsx})


def _store(
    dispatch_round: DispatchRound, rendered: Rendered, user: User | None
) -> list[DispatchDocument]:
    written: list[str] = []
    rows = []
    try:
        with transaction.atomic():
            for fmt, data in rendered.files.items():
                digest = hashlib.sha256(data).hexdigest()
                row = DispatchDocument(
                    round=dispatch_round,
                    kind=rendered.kind,
                    format=fmt,
                    size=len(data),
                    sha256=digest,
                    computed_at=rendered.computed_at,
                    generated_by=user,
                )
                row.file.save(f"{digest[:32]}.{fmt}", ContentFile(data), save=False)
                written.append(row.file.name)
                row.save()
                rows.append(row)
            audit.record(
                "dispatch.document_generate",
                obj=dispatch_round,
                actor=user,
                after={
                    "kind": rendered.kind,
                    "documents": [r.pk for r in rows],
                    "sha256": [r.sha256 for r in rows],
                    "computed_at": rendered.computed_at,
                    "scheduled": user is None,
                },
            )
    except BaseException:
        # The rows rolled back: their files must not stay behind.
        storage = DispatchDocument._meta.get_field("file").storage
        for name in written:
            storage.delete(name)
        raise
    return rows


def generate(
    user: User | None, dispatch_round: DispatchRound, kind: str, today: dt.date | None = None
) -> list[DispatchDocument]:
    """Writes and archives the Word and Excel files of `kind` (report or bulletin) for the
    round: on demand by the province's task force (`user`), or by the scheduled job
    (`user` None, computing as `system_viewer`)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("请选择报告或通报")})
    if user is not None and not may_generate(user, dispatch_round):
        raise PermissionDenied(_("只有省级调度专班可以生成调度报告和通报"))
    viewer = user if user is not None else system_viewer(dispatch_round)
    rendered = render(viewer, dispatch_round, kind, today=today)
    return _store(dispatch_round, rendered, user)


@dataclass
class Scheduled:
    written: list[tuple[int, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{pk} {kind}" for pk, kind in self.written]
        return [*out, f"dispatch documents: {len(self.written)}"]


def scheduled(today: dt.date | None = None, dry_run: bool = False) -> Scheduled:
    """The job: for each round whose due date was yesterday (or up to `rules.CATCH_UP` before,
    when the job did not run), the report and the bulletin, each once."""
    today = today or timezone.localdate()
    out = Scheduled()
    window = DispatchRound.objects.filter(
        due_date__lt=today, due_date__gte=today - SCHEDULE_DELAY - CATCH_UP
    ).select_related("region", "campaign", "previous", "created_by_agency__region")
    for r in window.order_by("due_date", "pk"):
        if not is_scheduled_due(r.due_date, today):
            continue
        done = set(
            DispatchDocument.objects.filter(round=r, generated_by__isnull=True).values_list(
                "kind", flat=True
            )
        )
        for kind in (Kind.REPORT, Kind.BULLETIN):
            if kind in done:
                continue
            if not dry_run:
                try:
                    generate(None, r, kind, today=today)
                except IntegrityError:  # another run of the job wrote it a moment ago
                    continue
            out.written.append((r.pk, kind))
    return out
