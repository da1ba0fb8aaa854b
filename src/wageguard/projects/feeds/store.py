"""A batch of judged rows merged into its feed table by set-based SQL, through a staging table.

The rows are loaded into a temporary table of the connection (PostgreSQL `COPY`, SQLite
`executemany`: the fastest way in of each), and everything after is a handful of statements
whatever the batch's size: each row's roster worker found by the keyed hash of the ID number (a
correlated lookup on the roster's unique index), the rows counted as new, changed or unchanged
against what is stored (one grouped query, which also names the project-months to reconcile),
and what is new or changed written by one `INSERT ... SELECT ... ON CONFLICT (key) DO UPDATE`.
Rows sent again unchanged are written not at all.

Before this the rows were resolved and compared in Python and written through `executemany`;
the figures of both are in the README (bench/feeds.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.db import connection, models

from wageguard.core.crypto import EncryptedCharField

from ..models import RosterWorker
from .kinds import Feed

PK = "id"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _converter(model_field: models.Field) -> Callable[[Any], Any] | None:
    """Python value → what the staging load takes, None when it takes the value as it is: the
    roster's numbers encrypted as the ORM would; on SQLite dates and times in Django's text
    forms (PostgreSQL's `COPY` adapts them)."""
    if isinstance(model_field, EncryptedCharField):
        return lambda value: model_field.get_db_prep_save(value, connection)
    if connection.vendor == "postgresql":
        return None
    if isinstance(model_field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(model_field, models.DateField):
        return lambda value: None if value is None else value.isoformat()
    return None


@dataclass(frozen=True)
class Stage:
    """The staging table of one kind: `n` (the file's row number), the written columns, and for
    rows naming a worker by ID number the keyed hash they are looked up by."""

    feed: Feed

    @property
    def table(self) -> str:
        return f"wageguard_stage_{self.feed.kind}"

    @property
    def looks_up_worker(self) -> bool:
        return self.feed.per_worker and self.feed.kind != "roster"

    @property
    def columns(self) -> tuple[str, ...]:
        return self.feed.columns_written

    def fields(self) -> dict[str, models.Field]:
        by_attname = {f.attname: f for f in self.feed.model._meta.concrete_fields}
        return {c: by_attname[c] for c in self.columns}

    def create(self, cursor: Any) -> None:
        types = [f"{_q(c)} {f.db_type(connection)}" for c, f in self.fields().items()]
        extra = ["n integer"] + (["id_hash varchar(64)"] if self.looks_up_worker else [])
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {self.table} ({', '.join(extra + types)})"
        )
        cursor.execute(
            f"TRUNCATE {self.table}"
            if connection.vendor == "postgresql"
            else f"DELETE FROM {self.table}"
        )

    def load(self, cursor: Any, rows: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """Each (row number, values) into the table; `worker_id` is left empty to be looked up."""
        fields = self.fields()
        loaded = [c for c in self.columns if not (self.looks_up_worker and c == "worker_id")]
        names = ["n", *(["id_hash"] if self.looks_up_worker else []), *loaded]
        take = itemgetter(*names[1:])
        convert = [
            (i, f) for i, c in enumerate(names) if c in fields and (f := _converter(fields[c]))
        ]

        def tuples():
            for number, values in rows:
                row = (number, *take(values))
                if convert:
                    row = list(row)
                    for i, f in convert:
                        row[i] = f(row[i])
                yield row

        columns = ", ".join(_q(n) for n in names)
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                for row in tuples():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", tuples())

    # --- the roster worker of each row ------------------------------------------------------

    def find_workers(self, cursor: Any) -> list[int]:
        """Each row's roster worker by (project, keyed hash of the ID number); the row numbers
        of rows with none."""
        roster = _q(RosterWorker._meta.db_table)
        cursor.execute(
            f"UPDATE {self.table} SET worker_id = (SELECT r.id FROM {roster} r "
            f"WHERE r.project_id = {self.table}.project_id "
            f"AND r.id_number_hash = {self.table}.id_hash)"
        )
        cursor.execute(f"SELECT n FROM {self.table} WHERE worker_id IS NULL")
        return [n for (n,) in cursor.fetchall()]

    def set_workers(self, cursor: Any, found: dict[int, int]) -> None:
        """Rows matched by an older index key's hash (until `wageguard crypto rotate` ends)."""
        cursor.executemany(
            f"UPDATE {self.table} SET worker_id = %s WHERE n = %s",
            [(worker, n) for n, worker in found.items()],
        )

    def drop(self, cursor: Any, numbers: list[int]) -> None:
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {self.table} WHERE n IN ({marks})", chunk)

    # --- compare and write --------------------------------------------------------------------

    def _join(self) -> str:
        return " AND ".join(f"t.{_q(c)} = s.{_q(c)}" for c in self.feed.key)

    def _changed(self) -> str:
        """A stored row the staged one changes: a value differs, or a merged value widens."""
        differ = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
        merged = dict(self.feed.merge)
        compared = []
        for c in self.feed.values:
            if c in self.feed.key:
                continue
            op = {"min": "<", "max": ">"}.get(merged.get(c, ""), differ)
            compared.append(f"s.{_q(c)} {op} t.{_q(c)}")
        return " OR ".join(compared) or "FALSE"

    def _set(self, column: str) -> str:
        how = dict(self.feed.merge).get(column)
        if how is None:
            return f"{_q(column)} = EXCLUDED.{_q(column)}"
        # PostgreSQL's LEAST/GREATEST are SQLite's two-argument MIN/MAX.
        pg = connection.vendor == "postgresql"
        function = {"min": "LEAST" if pg else "MIN", "max": "GREATEST" if pg else "MAX"}[how]
        stored = f"{_q(self.feed.model._meta.db_table)}.{_q(column)}"
        return f"{_q(column)} = {function}({stored}, EXCLUDED.{_q(column)})"

    def compare(self, cursor: Any) -> Comparison:
        """Counts of new, changed and unchanged rows, and what they touch, in one grouped
        query: per project (and wage month, for monthly kinds), also the month a changed row
        held before (a payment moved to another month changes two months)."""
        target = _q(self.feed.model._meta.db_table)
        monthly = "month" in self.columns
        group = ["s.project_id"] + (["s.month", "t.month"] if monthly else [])
        cursor.execute(
            f"SELECT {', '.join(group)}, COUNT(*), "
            f"SUM(CASE WHEN t.{PK} IS NULL THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN t.{PK} IS NOT NULL AND ({self._changed()}) THEN 1 ELSE 0 END) "
            f"FROM {self.table} s LEFT JOIN {target} t ON {self._join()} "
            f"GROUP BY {', '.join(group)}"
        )
        out = Comparison()
        for row in cursor.fetchall():
            project, rest = row[0], row[1:]
            if monthly:
                month, before, rest = _day(rest[0]), _day(rest[1]), rest[2:]
            total, created, updated = (int(x or 0) for x in rest)
            out.created += created
            out.updated += updated
            out.unchanged += total - created - updated
            if created or updated:
                out.projects.add(project)
                if monthly:
                    out.touched.add((project, month))
                    if updated and before is not None:
                        out.touched.add((project, before))
        return out

    def write(self, cursor: Any) -> None:
        """New and changed rows into the feed table, one statement."""
        target = _q(self.feed.model._meta.db_table)
        names = ", ".join(_q(c) for c in self.columns)
        selected = ", ".join(f"s.{_q(c)}" for c in self.columns)
        updates = ", ".join(self._set(c) for c in self.columns if c not in self.feed.key)
        cursor.execute(
            f"INSERT INTO {target} ({names}) SELECT {selected} "
            f"FROM {self.table} s LEFT JOIN {target} t ON {self._join()} "
            f"WHERE t.{PK} IS NULL OR {self._changed()} "
            f"ON CONFLICT ({', '.join(_q(c) for c in self.feed.key)}) DO UPDATE SET {updates}"
        )


def _day(value: Any) -> dt.date | None:
    """A date as the database returns it (SQLite: text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass
class Comparison:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    touched: set[tuple[int, dt.date]] = field(default_factory=set)  # project-months to reconcile
    projects: set[int] = field(default_factory=set)  # projects with a row written
