"""Results worked out once per object (a cached table, a figure's rows, a deck) and reused while
the same object comes back, as the UI's cached objects do on every rerun. Keyed by identity:
pandas frames cannot be hashed. Each entry holds its objects, so their ids cannot be reused by
other objects while it lives; the memo is bounded and emptied when full. Treat what it returns
as read-only."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class IdentityMemo(Generic[T]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: dict[tuple[Hashable, ...], tuple[tuple[object, ...], T]] = {}

    def get(self, objects: tuple[object, ...], compute: Callable[[], T], *key: Hashable) -> T:
        """`compute()` once per (these very objects, key)."""
        ident = (*(id(o) for o in objects), *key)
        held = self._entries.get(ident)
        if held is not None and all(a is b for a, b in zip(held[0], objects, strict=True)):
            return held[1]
        value = compute()
        if len(self._entries) >= self._size:
            self._entries.clear()
        self._entries[ident] = (objects, value)
        return value

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
