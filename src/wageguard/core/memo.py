"""Per-process memo with a time limit, for reference rows read on every request (divisions, the
bureau of a division, a province's settings) that change a few times a year.

Each memo expires after `seconds`, so every server process picks up a change within that time;
the process that makes the change clears it at once. `clear_all()` empties every memo (tests).
"""

import functools
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_registry: list[Callable[[], None]] = []


def memo(seconds: float = 60.0) -> Callable[[F], F]:
    def wrap(fn: F) -> F:
        store: dict[tuple, tuple[float, Any]] = {}
        lock = threading.Lock()

        @functools.wraps(fn)
        def inner(*args: Any) -> Any:
            now = time.monotonic()
            hit = store.get(args)
            if hit is not None and hit[0] > now:
                return hit[1]
            value = fn(*args)
            with lock:
                store[args] = (now + seconds, value)
            return value

        def clear() -> None:
            with lock:
                store.clear()

        inner.cache_clear = clear  # type: ignore[attr-defined]
        _registry.append(clear)
        return inner  # type: ignore[return-value]

    return wrap


def clear_all() -> None:
    for clear in _registry:
        clear()
