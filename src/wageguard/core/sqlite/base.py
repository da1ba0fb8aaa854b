"""Django's SQLite backend, with write transactions queued on an OS file lock.

SQLite admits one writer at a time. A second writer that finds the database locked waits in
SQLite's busy handler, which sleeps in growing steps (up to 100 ms) before it looks again; under a
burst of public submissions from several server processes most of the time went into those sleeps.
Here every write transaction (Django opens them with BEGIN IMMEDIATE) first takes an exclusive
`flock` on a file beside the database: waiting writers sleep in the kernel and wake the moment the
lock is released, in arrival order, and the lock dies with its process. Readers never take it
(WAL lets them read during a write).
"""

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def _lock_path(self) -> str | None:
        name = str(self.settings_dict.get("NAME") or "")
        if not name or name == ":memory:" or name.startswith("file:"):
            return None
        return name + ".writer-lock"

    def _acquire_writer_lock(self) -> None:
        path = self._lock_path()
        if path is None:
            return
        fd = getattr(self, "_writer_fd", None)
        if fd is None:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            self._writer_fd = fd
        fcntl.flock(fd, fcntl.LOCK_EX)
        self._writer_locked = True

    def _release_writer_lock(self) -> None:
        if getattr(self, "_writer_locked", False):
            fcntl.flock(self._writer_fd, fcntl.LOCK_UN)
            self._writer_locked = False

    def _start_transaction_under_autocommit(self) -> None:
        self._acquire_writer_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writer_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_writer_lock()
            fd = getattr(self, "_writer_fd", None)
            if fd is not None:
                os.close(fd)
                self._writer_fd = None
