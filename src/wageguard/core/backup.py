"""`wageguard backup` and `wageguard restore`: the database and every uploaded file in one archive.

A bureau's records are the database and the files beside it (attachments, generated documents,
templates); a backup of one without the other restores cases whose documents are missing. The
archive is a tar holding `manifest.json`, the database and `files/` (the tree under MEDIA_ROOT):

- SQLite: SQLite's online backup API copies a consistent snapshot while the server runs;
- PostgreSQL: `pg_dump --format=custom` (a consistent snapshot too), restored with `pg_restore`.

Files are streamed into and out of the tar, never held in memory. A restore goes into the
configured database (empty, or `--force` to replace what is there), then walks the audit chain
and reports what it found. The keys of personal data at rest (core.crypto) are never in the
archive, only their ids: a restore refuses to start on a server that lacks one of them.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from . import crypto
from .audit import verify_chain
from .models import AuditEvent

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {done.stderr.strip()[-2000:]}")


def _dump_database(vendor: str, work: Path) -> Path:
    if vendor == "sqlite":
        out = work / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(out)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return out
    out = work / "database.pgdump"
    args, env = _pg_env()
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(out), *args],
        env,
    )
    return out


def backup(directory: Path) -> Path:
    """Writes `wageguard-backup-<time>.tar` into `directory` and returns its path."""
    vendor = _vendor()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = directory / f"wageguard-backup-{stamp}.tar"
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        database = _dump_database(vendor, Path(tmp))
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        manifest = {
            "format": FORMAT,
            "vendor": vendor,
            "created": timezone.now().isoformat(timespec="seconds"),
            "database": database.name,
            "audit_head": list(head) if head else None,
            "files": len(files),
            "file_bytes": sum(p.stat().st_size for p in files),
            # Which keys its personal data needs (ids only: the keys are never in the archive).
            "data_keys": sorted(crypto.keyring().ciphers),
        }
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, fileobj=_Bytes(data))
            tar.add(database, arcname=database.name)
            for path in files:
                tar.add(path, arcname=f"{FILES}/{path.relative_to(media).as_posix()}")
        partial.rename(archive)  # a half-written archive never carries the final name
    return archive


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.pos + size
        chunk, self.pos = self.data[self.pos : end], min(end, len(self.data))
        return chunk


@dataclass(frozen=True)
class Restored:
    vendor: str
    files: int
    audit: str


def _empty() -> bool:
    tables = set(connection.introspection.table_names())
    if AuditEvent._meta.db_table not in tables:
        return True
    return not AuditEvent.objects.exists()


def restore(archive: Path, *, force: bool = False) -> Restored:
    """Restores `archive` into the configured database and MEDIA_ROOT."""
    vendor = _vendor()
    with tarfile.open(archive, "r") as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        if manifest["vendor"] != vendor:
            raise BackupError(
                f"the backup is of {manifest['vendor']}, the configured database is {vendor}"
            )
        if not force and not _empty():
            raise BackupError("the database already holds records: restore with --force")
        missing = sorted(set(manifest.get("data_keys", [])) - set(crypto.keyring().ciphers))
        if missing:
            raise BackupError(
                f"the backup's ID and mobile numbers need data key(s) {', '.join(missing)}, "
                "which WAGEGUARD_DATA_KEYS does not hold: restore the keys kept apart from the "
                "backups first (docs/deploy.md)"
            )
        with tempfile.TemporaryDirectory() as tmp:
            tar.extract(manifest["database"], tmp, filter="data")
            _load_database(vendor, Path(tmp) / manifest["database"])
            media = Path(settings.MEDIA_ROOT)
            media.mkdir(parents=True, exist_ok=True)
            members = [m for m in tar.getmembers() if m.name.startswith(f"{FILES}/") and m.isfile()]
            staging = Path(tmp) / "media"
            tar.extractall(staging, members=members, filter="data")
            if (staging / FILES).exists():
                shutil.copytree(staging / FILES, media, dirs_exist_ok=True)
    report = verify_chain()
    return Restored(vendor, len(members), str(report))


def _load_database(vendor: str, dump: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connections.close_all()
        return
    connections.close_all()
    args, env = _pg_env()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            str(dump),
        ],
        env,
    )
