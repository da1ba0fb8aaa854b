"""The roster and the monthly feeds entering a project: one batch function for every kind, used
by the background import (`core.imports` batch mode) and by the API alike.

A batch goes through three steps, each in its own module:

1. `parse`: every row judged in Python (dates, amounts, the ID number's checksum), a refused row
   listed with its number, field and reason; the rest carry the keyed hash of the worker's ID.
2. Here: the projects the rows name resolved by code in one query and checked against the user's
   jurisdiction; a key sent twice in one batch kept once (the last row wins, as a corrected row
   sent again would).
3. `store`: the rows staged and merged by set-based SQL; each row's roster worker looked up, new
   and changed rows written, unchanged ones not.

A month of one project is made whole by idempotency rather than by one transaction per month: a
batch is one transaction, and a job killed between two batches of the same month is run again by
the worker (a job not DONE is re-run) or re-submitted, rewriting nothing it already wrote and
completing the month. After each batch the project-months it touched are reconciled again
(`reconcile.summarise`, in SQL) and their projects assessed, so the core systems' statuses follow
the feeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core.crypto import hasher, keyed_hash, keyed_hashes, keyring
from wageguard.core.imports import Importer, Outcome, Refusal, refusal
from wageguard.parties.rules import mask_id_number, normalise_name

from .. import reconcile, services
from ..models import Project, ProjectContractor, RosterWorker
from .kinds import FEEDS, Feed
from .parse import Parser
from .store import Stage

__all__ = ["BATCH_SIZE", "FEEDS", "MODEL", "READS", "Feed", "Result", "check", "importers", "run"]

MODEL = "projects.project"
# The read of the roster's personal data (audit.READ_ACTIONS, registered in ProjectsConfig.ready).
READS = ("project.roster",)
# Rows per batch and transaction: large enough that a batch's fixed statements are a small part
# of its time, small enough that its rows and their refusals sit in memory at ease.
BATCH_SIZE = 20000


@dataclass
class Result:
    counts: dict[str, int]
    errors: list[Refusal]
    touched: set[tuple[int, dt.date]]  # (project id, month) whose reconciliation may change
    projects: set[int]
    outside: str = ""  # the first refusal for a project outside the user's jurisdiction


def _who(values: dict) -> str:
    masked = mask_id_number(values["id_number"])
    return f"{values['name']}（{masked}）" if values.get("name") else masked


def _dedupe_key(feed: Feed) -> Callable[[dict], tuple]:
    """The natural key before workers are looked up: a worker is its project and ID hash."""
    names = [("project_id", "id_hash") if c == "worker_id" else (c,) for c in feed.key]
    return itemgetter(*[name for group in names for name in group])  # 2+ names: a tuple


def import_rows(kind: str, user: Any, numbered: list[tuple[int, dict[str, Any]]]) -> Result:
    """Judge and store one batch of rows of one kind (the module's docstring says how)."""
    feed = FEEDS[kind]
    parse = getattr(Parser(), feed.parse)
    errors: list[Refusal] = []
    parsed: list[tuple[int, dict]] = []
    for number, row in numbered:
        try:
            parsed.append((number, parse(row)))
        except ValidationError as exc:
            errors.append((number, *refusal(exc)))

    kept, outside = _in_jurisdiction(user, parsed, errors)
    if feed.per_worker:
        id_hash = hasher("id_number")
        for _number, values in kept:
            values["id_hash"] = id_hash(values["id_number"])
    if feed.kind == "roster":
        kept = _roster_keys(kept)
        kept = _with_contractors(kept, errors)
        now = timezone.now()
        for _number, values in kept:
            values["id_number_hash"] = values["id_hash"]
            values["mobile_hash"] = keyed_hash(values["mobile"], "mobile")
            values["updated_at"] = now

    # Last row of a key in the batch wins (merged values combine); the rows it replaced share
    # its fate.
    by_key: dict[tuple, tuple[int, dict]] = {}
    replaced: dict[int, list[int]] = {}
    key_of = _dedupe_key(feed)
    for number, values in kept:
        key = key_of(values)
        if key in by_key:
            earlier, before = by_key[key]
            replaced[number] = [*replaced.pop(earlier, []), earlier]
            for name, how in feed.merge:
                values[name] = (min if how == "min" else max)(values[name], before[name])
        by_key[key] = (number, values)

    counts = dict.fromkeys(Outcome, 0)
    if not by_key:
        return Result(counts, sorted(errors), set(), set(), outside)
    stage = Stage(feed)
    with connection.cursor() as cursor:
        stage.create(cursor)
        stage.load(cursor, by_key.values())
        if stage.looks_up_worker:
            missing = stage.find_workers(cursor)
            if missing:
                values_of = {n: v for n, v in by_key.values()}
                missing = _older_keys(stage, cursor, missing, values_of)
                for n in missing:
                    values = values_of[n]
                    message = _("%(who)s 不在项目 %(code)s 的实名制花名册中") % {
                        "who": _who(values),
                        "code": values["project_code"],
                    }
                    for number in (n, *replaced.pop(n, [])):
                        errors.append((number, "id_number", message))
                stage.drop(cursor, missing)
        found = stage.compare(cursor)
        if found.created or found.updated:
            stage.write(cursor)
    counts[Outcome.CREATED] = found.created
    counts[Outcome.UPDATED] = found.updated
    # Rows replaced by a later row of the same key count as unchanged.
    counts[Outcome.UNCHANGED] = found.unchanged + sum(len(r) for r in replaced.values())
    return Result(counts, sorted(errors), found.touched, found.projects, outside)


def _in_jurisdiction(
    user: Any, parsed: list[tuple[int, dict]], errors: list[Refusal]
) -> tuple[list[tuple[int, dict]], str]:
    """The rows whose project is registered and in the user's jurisdiction, with its id."""
    codes = {values["project_code"] for _n, values in parsed}
    projects = {
        code: (pk, region)
        for code, pk, region in Project.objects.filter(code__in=codes).values_list(
            "code", "pk", "region_id"
        )
    }
    may_change = user.can("change", MODEL)
    allowed = {code: user.in_jurisdiction(region) for code, (_pk, region) in projects.items()}
    kept: list[tuple[int, dict]] = []
    outside = ""
    for number, values in parsed:
        code = values["project_code"]
        found = projects.get(code)
        if found is None:
            errors.append((number, "project_code", _("项目编码 %(code)s 未登记") % {"code": code}))
        elif not may_change:
            errors.append((number, None, _("您的角色不能执行此操作")))
        elif not allowed[code]:
            message = _("项目 %(code)s 不在您的辖区内") % {"code": code}
            errors.append((number, "project_code", message))
            outside = outside or message
        else:
            values["project_id"] = found[0]
            kept.append((number, values))
    return kept, outside


def _roster_keys(kept: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """A known worker keeps the hash they are stored under (an older index key's, until
    `wageguard crypto rotate` rehashes it), so the merge updates them rather than adding them
    again. One index key (the usual case): nothing to look up."""
    if len(keyring().index_keys) < 2 or not kept:
        return kept
    older = {}
    for _number, values in kept:
        for h in keyed_hashes(values["id_number"], "id_number")[1:]:
            older[(values["project_id"], h)] = values
    for project_id, h in RosterWorker.objects.filter(
        project_id__in={v["project_id"] for _n, v in kept},
        id_number_hash__in=[h for _p, h in older],
    ).values_list("project_id", "id_number_hash"):
        if (project_id, h) in older:
            older[(project_id, h)]["id_hash"] = h
    return kept


def _older_keys(stage: Stage, cursor: Any, missing: list[int], values_of: dict) -> list[int]:
    """Rows with no worker under the current index key, looked up under the older keys; the
    row numbers still without one."""
    if len(keyring().index_keys) < 2:
        return missing
    wanted: dict[tuple[int, str], int] = {}
    for n in missing:
        values = values_of[n]
        for h in keyed_hashes(values["id_number"], "id_number")[1:]:
            wanted[(values["project_id"], h)] = n
    found = {}
    for pk, project_id, h in RosterWorker.objects.filter(
        project_id__in={p for p, _h in wanted}, id_number_hash__in=[h for _p, h in wanted]
    ).values_list("pk", "project_id", "id_number_hash"):
        if (project_id, h) in wanted:
            found[wanted[(project_id, h)]] = pk
    if found:
        stage.set_workers(cursor, found)
    return [n for n in missing if n not in found]


def _with_contractors(kept: list, errors: list[Refusal]) -> list:
    """The team named on a roster row: one of the project's subcontractors, by name."""
    wanted = {v["project_id"] for _n, v in kept if v["contractor"]}
    teams: dict[tuple[int, str], int] = {}
    if wanted:
        for pk, project_id, name in ProjectContractor.objects.filter(
            project_id__in=wanted
        ).values_list("pk", "project_id", "enterprise__name"):
            teams[(project_id, name)] = pk
            teams[(project_id, normalise_name(name))] = pk
    out = []
    for number, values in kept:
        name = values.pop("contractor")
        values["contractor_id"] = None
        if name:
            pk = teams.get((values["project_id"], name)) or teams.get(
                (values["project_id"], normalise_name(name))
            )
            if pk is None:
                message = _("%(name)s 不是项目 %(code)s 登记的分包单位") % {
                    "name": name,
                    "code": values["project_code"],
                }
                errors.append((number, "contractor", message))
                continue
            values["contractor_id"] = pk
        out.append((number, values))
    return out


def run(kind: str, user: Any, numbered: list[tuple[int, dict[str, Any]]]) -> Result:
    """One batch stored, its project-months reconciled and its projects assessed (call inside a
    transaction)."""
    result = import_rows(kind, user, numbered)
    if result.touched and kind == "clockins":
        reconcile.attendance_from_clock_days(result.touched)
    if result.touched:
        reconcile.summarise(result.touched)
    if result.projects:
        services.assess_many(list(Project.objects.filter(pk__in=result.projects)))
    return result


def _batch_for(kind: str) -> Callable:
    def batch(user: Any, numbered: list) -> tuple[dict, list[Refusal]]:
        result = run(kind, user, numbered)
        return result.counts, result.errors

    return batch


def importers() -> dict[str, Importer]:
    """The registered importer of each kind (ProjectsConfig.ready registers them)."""
    return {
        kind: Importer(
            label=feed.label,
            columns=feed.columns,
            row=None,
            permission=("change", MODEL),
            help=feed.help,
            batch=_batch_for(kind),
            batch_size=BATCH_SIZE,
        )
        for kind, feed in FEEDS.items()
    }


def check(user: Any) -> None:
    if not user.can("change", MODEL):
        raise PermissionDenied(_("您的角色不能执行此操作"))
