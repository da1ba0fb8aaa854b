"""Single files from npm packages served as static files, when the package's folder is too big to
collect whole (ECharts' dist/ holds 51 MB of builds; the pages need one 1 MB file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


class VendorFileFinder(BaseFinder):
    """Finds the files of `settings.VENDOR_FILES` ({static path: file on disk})."""

    def _files(self) -> dict[str, Path]:
        return {k: Path(v) for k, v in getattr(settings, "VENDOR_FILES", {}).items()}

    def check(self, **kwargs) -> list:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs):
        found = self._files().get(path)
        if found is None or not found.is_file():
            return [] if find_all else None
        return [str(found)] if find_all else str(found)

    def list(self, ignore_patterns) -> Iterator[tuple[str, FileSystemStorage]]:
        for static_path, file in self._files().items():
            if file.is_file():
                prefix = static_path[: -len(file.name)].rstrip("/")
                storage = FileSystemStorage(location=str(file.parent))
                storage.prefix = prefix
                yield file.name, storage
