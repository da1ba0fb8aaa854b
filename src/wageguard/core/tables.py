"""Reading a table from a file people or systems send (CSV or XLSX), row by row.

A province's payroll month is millions of rows: nothing here holds a file in memory. XLSX is read
with openpyxl's read-only mode, CSV with the csv module over a decoding stream (UTF-8 with or
without a BOM, else GB18030, the encoding Chinese Excel saves CSV in).

The header is checked before the first row is given out, so a file with a missing or renamed
column is refused whole, naming the column, before anything is written. A sender whose headers
differ from the columns' aliases (a bank's 记账日期 for the payment date) is read with an import
profile's mapping {field: header} (`core.profiles`), whose headers win over the aliases.

Every text cell is cleaned by `core.text` (control and format characters removed; line breaks
kept only in a column marked `multiline`), the same cleaning as the pages and the API.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .text import clean_row, clean_text, is_clean

KINDS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    """One column a reader accepts: its field name, the headers it may carry, and whether a file
    without it is refused."""

    field: str
    headers: tuple[str, ...]
    required: bool = False
    multiline: bool = False

    @property
    def title(self) -> str:
        return self.headers[0]


def kind_of(name: str) -> str:
    lowered = (name or "").lower()
    for kind in KINDS:
        if lowered.endswith("." + kind):
            return kind
    raise ValidationError({"file": _("仅支持 .csv 或 .xlsx 文件")})


def _key(header: Any) -> str:
    return clean_text(str(header or "")).strip().lower()


def _header_map(
    header: list[Any],
    columns: tuple[Column, ...],
    mapping: Mapping[str, str] | None = None,
    source: str = "",
) -> list[str]:
    """The field each column of the file fills ("" for a column nobody reads).

    A profile's `mapping` {field: header} wins over the columns' fixed aliases: its header names
    its field even where it is another field's alias, and a mapped field is found by its
    profile's header only (a bank's file may carry both 交易日期 and 记账日期; the profile says
    which one is the payment date). A mapped header absent from the file refuses the file, naming
    both the header the profile expected and the column it stands for."""
    titles = {c.field: c.title for c in columns}
    mapping = {f: h for f, h in (mapping or {}).items() if h and f in titles}
    by_header = {
        h.strip().lower(): c.field
        for c in columns
        if c.field not in mapping
        for h in (*c.headers, c.field)
    }
    by_header.update({_key(h): f for f, h in mapping.items()})
    names = [by_header.get(_key(h), "") for h in header]
    for field, expected in mapping.items():
        if field not in names:
            values = {"header": expected, "column": titles[field], "profile": source}
            message = (
                _("文件缺少列“%(header)s”（导入配置“%(profile)s”中对应“%(column)s”）")
                if source
                else _("文件缺少列“%(header)s”（对应“%(column)s”）")
            )
            raise ValidationError({"file": message % values})
    missing = [c.title for c in columns if c.required and c.field not in names]
    if missing:
        raise ValidationError(
            {"file": _("文件缺少必需的列：%(columns)s") % {"columns": "、".join(missing)}}
        )
    return names


def _decoded(stream: IO[bytes]) -> io.TextIOBase:
    """UTF-8 (a BOM is dropped) when the start of the file decodes as UTF-8, else GB18030."""
    head = stream.read(64 * 1024)
    stream.seek(0)
    try:
        head.decode("utf-8")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 64 KiB boundary is still UTF-8.
        encoding = "utf-8-sig" if exc.start >= len(head) - 3 else "gb18030"
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


def read_table(
    stream: IO[bytes],
    kind: str,
    columns: tuple[Column, ...],
    mapping: Mapping[str, str] | None = None,
    source: str = "",
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as the file shows it, {field: value}) for every non-empty row; unknown
    columns are dropped. Raises ValidationError on "file" for an unreadable file, a missing
    required column or a header the `mapping` (an import profile's {field: header}, named
    `source` in messages) expects and the file lacks, before the first row."""
    rows, close = _rows(stream, kind)
    try:
        header = _first(rows)
        names = _header_map(list(header), columns, mapping, source)
        blocks = [c.field for c in columns if c.multiline]
        number = 1
        while True:
            try:
                values = next(rows)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError):
                raise ValidationError(
                    {"file": _("第 %(row)d 行无法读取") % {"row": number + 1}}
                ) from None
            number += 1
            if not values or all(v in (None, "") for v in values):
                continue
            if kind == "csv" and is_clean("".join(values)):
                # A CSV row of printable NFC text (nearly all of them) needs only stripping.
                yield number, {n: v.strip() for n, v in zip(names, values, strict=False) if n}
                continue
            row = {n: v for n, v in zip(names, values, strict=False) if n}
            yield number, clean_row(row, blocks)
    finally:
        close()


def read_header(stream: IO[bytes], kind: str) -> list[str]:
    """The cleaned, non-empty headers of a file's first row, in order (a sample file shown when
    an import profile is made)."""
    rows, close = _rows(stream, kind)
    try:
        header = _first(rows)
    finally:
        close()
    out = []
    for cell in header:
        text = clean_text(str(cell if cell is not None else "")).strip()
        if text and text not in out:
            out.append(text)
    return out


def _first(rows: Iterator[tuple[Any, ...]]) -> tuple[Any, ...]:
    try:
        header = next(rows, None)
    except (csv.Error, UnicodeDecodeError):
        raise ValidationError({"file": _("无法读取 CSV 文件")}) from None
    if not header:
        raise ValidationError({"file": _("文件是空的")})
    return header


def _rows(stream: IO[bytes], kind: str) -> tuple[Iterator[tuple[Any, ...]], Any]:
    """The file's rows as tuples, and the function that closes what was opened to read them
    (the caller's stream stays open: it owns it)."""
    rows: Iterator[tuple[Any, ...]]
    book = text = None
    if kind == "xlsx":
        try:
            book = load_workbook(stream, read_only=True, data_only=True)
            rows = book.worksheets[0].iter_rows(values_only=True)
        except Exception:
            raise ValidationError({"file": _("无法读取 Excel 文件（需为 .xlsx）")}) from None
    elif kind == "csv":
        text = _decoded(stream)
        rows = (tuple(r) for r in csv.reader(text))
    else:
        raise ValidationError({"file": _("仅支持 .csv 或 .xlsx 文件")})

    def close() -> None:
        if book is not None:
            book.close()
        if text is not None:
            text.detach()

    return rows, close


def count_rows(stream: IO[bytes], kind: str) -> int | None:
    """Data rows in the file, for a progress bar: lines of a CSV (a quoted value holding a line
    break makes this an upper bound), an XLSX sheet's declared size. None when unknown."""
    if kind == "csv":
        lines = 0
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            lines += chunk.count(b"\n")
        stream.seek(0)
        return max(lines - 1, 0)
    try:
        book = load_workbook(stream, read_only=True)
        total = book.worksheets[0].max_row
        book.close()
    except Exception:
        return None
    finally:
        stream.seek(0)
    return max((total or 1) - 1, 0) or None


def headers_of(columns: tuple[Column, ...]) -> list[str]:
    """The headers a template file carries, in order: the first spelling of each column."""
    return [c.title for c in columns]


def fields_by_title(columns: tuple[Column, ...]) -> Mapping[str, str]:
    return {c.field: c.title for c in columns}
