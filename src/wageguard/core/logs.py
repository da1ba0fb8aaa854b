"""Logs and error reports without personal data (probe finding 5: a failed export printed the
reporter's name to the log).

A traceback's frames are code (file, line, function, the source line), which operators need; the
exception's message is data: openpyxl's IllegalCharacterError quotes the cell, a database
IntegrityError quotes the row, a ValueError quotes the input. So the console formatter prints the
frames and the exception's type, and withholds every message in the chain. Error reports (the
debug page when DEBUG is off, mails to ADMINS) show no local variables and no POST values.
"""

import logging
import traceback
from types import TracebackType
from typing import Any

from django.views.debug import SafeExceptionReporterFilter

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and those it was raised from or during, outermost last (as Python prints)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(seen))


def format_without_messages(exc: BaseException) -> str:
    """A traceback as Python prints it, each exception's message replaced by its length."""
    parts: list[str] = []
    for index, each in enumerate(_chain(exc)):
        if index:
            parts.append(
                "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(each.__traceback__)))
        name = f"{type(each).__module__}.{type(each).__qualname__}"
        length = len(str(each))
        parts.append(
            f"{name}: [message withheld, {length} characters]\n" if length else f"{name}\n"
        )
    return "".join(parts).rstrip("\n")


class NoMessageFormatter(logging.Formatter):
    """The console formatter: tracebacks without exception messages; the log message itself is
    the caller's and must not carry personal data (the project's log calls name ids, not people)."""

    def formatException(self, ei: Any) -> str:
        return format_without_messages(ei[1]) if ei and ei[1] is not None else ""


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Django's error report (mails to ADMINS, the technical 500 page): no frame variables and
    no POST values at all, since any of them may be a reporter's name or ID number. With DEBUG
    on, on a developer's machine, Django's usual report."""

    def get_post_parameters(self, request: Any) -> dict:
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> list:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return []
