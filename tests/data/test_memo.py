"""The identity memo: once per object and key, bounded by dropping the least recently used."""

from __future__ import annotations

from dashboard_core.data.memo import IdentityMemo


def test_a_result_is_worked_out_once_per_object_and_key() -> None:
    memo: IdentityMemo[int] = IdentityMemo(4)
    calls: list[str] = []
    first, second = object(), object()

    def compute(name: str) -> int:
        calls.append(name)
        return len(calls)

    assert memo.get((first,), lambda: compute("a"), "k") == 1
    assert memo.get((first,), lambda: compute("a"), "k") == 1
    assert memo.get((second,), lambda: compute("b"), "k") == 2  # another object
    assert memo.get((first,), lambda: compute("c"), "other") == 3  # another key
    assert calls == ["a", "b", "c"]


def test_the_least_recently_used_entry_goes_first() -> None:
    memo: IdentityMemo[str] = IdentityMemo(2)
    a, b, c = object(), object(), object()
    memo.get((a,), lambda: "a")
    memo.get((b,), lambda: "b")
    memo.get((a,), lambda: "a again")  # a is used: b is now the oldest
    memo.get((c,), lambda: "c")
    assert len(memo) == 2
    assert memo.get((a,), lambda: "a recomputed") == "a"
    assert memo.get((b,), lambda: "b recomputed") == "b recomputed"
