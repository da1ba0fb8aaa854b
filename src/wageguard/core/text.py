"""The one cleaning of text that enters the system, on every channel (pages, API, imports).

Policy (security probe, issue 10 finding 5), and why:

- Control characters (Unicode category Cc: C0 U+0000-U+001F, DEL, C1 U+0080-U+009F) are removed,
  not refused. They are invisible, carry no meaning a reader could see, and arrive by accident
  (Word's manual line break is U+000B, a form feed from a scanner's text layer): refusing them
  would turn away a worker's report for something they cannot see. Stored, they break the
  county's Excel ledger and, on PostgreSQL, NUL cannot be stored at all.
- Line breaks: in a multi-line field (a description, a note) every line break (CR LF, CR, VT,
  FF, NEL, U+2028, U+2029) becomes "\\n" and a tab stays; in a one-line field (a name, an
  address, a code) line breaks and tabs become one space, so a pasted name keeps its words apart.
- Format characters (category Cf) are removed: zero-width spaces and joiners, the byte-order
  mark, soft hyphens, and the bidirectional overrides, embeddings and isolates (U+202A-U+202E,
  U+2066-U+2069). An override such as RLO (U+202E) makes a name read backwards in a ledger, and
  a zero-width space makes two equal-looking employer names differ for duplicate checks and the
  credit list. No field of a wage-arrears record needs them: right-to-left scripts (Uyghur)
  display correctly through the ordinary bidirectional algorithm without explicit overrides.
- Lone surrogates (category Cs, which a JSON `\\ud800` escape can produce) are removed: they
  cannot be encoded as UTF-8, so they would fail at the database.
- The result is NFC-normalised, so one name typed with a precomposed or a combining accent is
  stored once. Not NFKC: that would rewrite full-width brackets and digits that are part of
  Chinese names (（分公司）) and change what the reporter wrote.
- Leading and trailing white space is stripped (Django's forms did this already).

Pure (no Django), so imports, forms and API schemas share it; `core.xlsx` still drops control
characters when writing, as a second line for rows stored before this cleaning.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

# Every line break Unicode knows, CR LF first so it becomes one break, not two.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_KEPT_IN_BLOCKS = frozenset("\n\t")
_BREAKS_IN_LINE = re.compile(r"[\n\t]+")


def is_clean(value: str) -> bool:
    """The fast path: most input is printable text already in NFC, which cleaning only strips."""
    return value.isprintable() and unicodedata.is_normalized("NFC", value)


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`value` cleaned by the policy above; idempotent (cleaning twice changes nothing)."""
    if is_clean(value):
        return value.strip()
    value = _LINE_BREAKS.sub("\n", value)
    if not multiline:
        value = _BREAKS_IN_LINE.sub(" ", value)
    value = "".join(
        char
        for char in value
        if char in _KEPT_IN_BLOCKS or unicodedata.category(char) not in _REMOVED_CATEGORIES
    )
    # NFC after removal: a combining mark once separated by a removed character may compose.
    # Removing a lone surrogate first also keeps normalisation from failing.
    return unicodedata.normalize("NFC", value).strip()


def clean_value(value: Any, *, multiline: bool = False) -> Any:
    """A string cleaned, a list or tuple of strings cleaned item by item; anything else as is."""
    if isinstance(value, str):
        return clean_text(value, multiline=multiline)
    if isinstance(value, list | tuple):
        return type(value)(clean_value(item, multiline=multiline) for item in value)
    return value


def clean_row(row: Mapping[str, Any], multiline: Iterable[str] = ()) -> dict[str, Any]:
    """One imported row (an xlsx or JSON record): every text cell cleaned; the cells named in
    `multiline` keep their line breaks. Nested records (arrears lines) are cleaned too."""
    blocks = set(multiline)
    cleaned: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            cleaned[key] = clean_row(value, blocks)
        elif isinstance(value, list):
            cleaned[key] = [
                clean_row(item, blocks)
                if isinstance(item, Mapping)
                else clean_value(item, multiline=key in blocks)
                for item in value
            ]
        else:
            cleaned[key] = clean_value(value, multiline=key in blocks)
    return cleaned
