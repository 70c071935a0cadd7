"""Results worked out once per object (a cached table, a figure's rows, a deck) and reused while
the same object comes back, as the UI's cached objects do on every rerun. Keyed by identity:
pandas frames cannot be hashed. Each entry holds its objects, so their ids cannot be reused by
other objects while it lives; the memo is bounded and drops the entry used least recently.
Shared between sessions' threads. Treat what it returns as read-only."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class IdentityMemo(Generic[T]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[Hashable, ...], tuple[tuple[object, ...], T]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def get(self, objects: tuple[object, ...], compute: Callable[[], T], *key: Hashable) -> T:
        """`compute()` once per (these very objects, key); not under the lock, so two threads
        may both compute a result the first time, and the last one is kept."""
        ident = (*(id(o) for o in objects), *key)
        with self._lock:
            held = self._entries.get(ident)
            if held is not None and all(a is b for a, b in zip(held[0], objects, strict=True)):
                self._entries.move_to_end(ident)
                return held[1]
        value = compute()
        with self._lock:
            self._entries[ident] = (objects, value)
            self._entries.move_to_end(ident)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
