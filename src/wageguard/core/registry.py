"""Named slots a higher app fills in its `AppConfig.ready()` so a lower app can show or run what
it cannot import (the case page shows the credit list's card; the jobs command runs every app's
jobs). NetBox's `register_model_view` is the model: the lower app declares the slot, the higher
app registers into it, nobody imports upward.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Registry(Generic[T]):
    """An ordered set of named entries. Registering a name twice is a programming error (two apps
    claiming one slot), caught at start-up rather than by a page that shows one of them."""

    purpose: str
    _entries: dict[str, tuple[int, T]] = field(default_factory=dict)

    def register(self, name: str, entry: T, order: int = 100) -> T:
        if name in self._entries:
            raise ValueError(f"{self.purpose}: {name!r} is registered twice")
        self._entries[name] = (order, entry)
        return entry

    def decorator(self, name: str, order: int = 100) -> Callable[[T], T]:
        """`@registry.decorator("name")` over a function or class registers it as it is."""
        return lambda entry: self.register(name, entry, order)

    def get(self, name: str) -> T:
        return self._entries[name][1]

    def names(self) -> list[str]:
        return [name for name, _entry in self.items()]

    def items(self) -> list[tuple[str, T]]:
        """By order, then name: the same order on every page and in every run."""
        ranked = sorted(self._entries.items(), key=lambda kv: (kv[1][0], kv[0]))
        return [(name, entry) for name, (_order, entry) in ranked]

    def __iter__(self) -> Iterator[T]:
        return (entry for _name, entry in self.items())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __len__(self) -> int:
        return len(self._entries)
