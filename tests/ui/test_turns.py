"""Page runs take turns: first come first served, a bounded number at once, a thread holding a
turn goes straight into a nested one, a long step lets the next in line go, and a wait cut short
leaves no ticket behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from dashboard_core.ui import frame, turns
from dashboard_core.ui.turns import Turns

WAIT_S = 5.0


def _waiting(t: Turns, n: int) -> None:
    """Until `n` threads stand in line."""
    deadline = time.monotonic() + WAIT_S
    while len(t._line) < n:
        assert time.monotonic() < deadline, "the threads never lined up"
        time.sleep(0.005)


def _start(target, *args) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


class Occupancy:
    """How many threads are inside a block at once, and the most there ever were."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self._lock = threading.Lock()

    @contextmanager
    def entered(self) -> Iterator[None]:
        with self._lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
        try:
            yield
        finally:
            with self._lock:
                self.inside -= 1


def test_runs_go_one_at_a_time_in_the_order_they_arrived():
    t = Turns(1)
    order: list[int] = []
    occupancy = Occupancy()

    def run(i: int) -> None:
        with t.turn(), occupancy.entered():
            order.append(i)
            time.sleep(0.002)

    threads = []
    with t.turn():  # the first run holds the turn while five more arrive one after another
        for i in range(5):
            threads.append(_start(run, i))
            _waiting(t, i + 1)
    for thread in threads:
        thread.join(WAIT_S)
    assert order == [0, 1, 2, 3, 4]
    assert occupancy.most == 1
    assert t._holding == 0 and not t._line


@pytest.mark.parametrize(("at_once", "expected"), [(2, 2), (0, 4)])
def test_at_most_at_once_hold_a_turn_and_zero_means_no_limit(at_once, expected):
    t = Turns(at_once)
    occupancy = Occupancy()
    go = threading.Event()

    def run() -> None:
        with t.turn(), occupancy.entered():
            go.wait(WAIT_S)

    threads = [_start(run) for _ in range(4)]
    time.sleep(0.1)
    go.set()
    for thread in threads:
        thread.join(WAIT_S)
    assert occupancy.most == expected


def test_a_run_that_waited_too_long_goes_anyway():
    t = Turns(1, max_wait_s=0.1)
    went_in = threading.Event()

    def late() -> None:
        with t.turn():
            went_in.set()

    with t.turn():  # a stuck run: never gives its turn back within the test
        started = time.monotonic()
        _start(late)
        assert went_in.wait(WAIT_S)
        assert 0.05 < time.monotonic() - started < WAIT_S
    assert t._holding == 0 and not t._line


def test_a_thread_holding_a_turn_goes_straight_into_a_nested_one():
    t = Turns(1)
    with t.turn(), t.turn():
        assert t.holds()
    assert not t.holds() and t._holding == 0


def test_a_long_step_lets_the_next_in_line_go_and_lines_up_again():
    t = Turns(1)
    events: list[str] = []
    stepped_aside = threading.Event()

    def uploader() -> None:
        with t.turn():
            events.append("upload starts")
            _start(other)
            _waiting(t, 1)
            with t.step_aside():
                stepped_aside.set()
                assert not t.holds()
                time.sleep(0.1)  # reading the file; the other run goes meanwhile
                events.append("file read")
            assert t.holds()
            events.append("upload shown")

    def other() -> None:
        with t.turn():
            events.append("other run")

    worker = _start(uploader)
    worker.join(WAIT_S)
    assert events == ["upload starts", "other run", "file read", "upload shown"]
    assert t._holding == 0
    with t.step_aside():  # without a turn: nothing to give
        assert not t.holds()


def test_a_wait_cut_short_leaves_no_ticket_behind(monkeypatch):
    t = Turns(1)
    failures: list[BaseException] = []

    def impatient() -> None:
        original = t._changed.wait

        def cut_short(*args, **kwargs):
            raise KeyboardInterrupt

        t._changed.wait = cut_short
        try:
            with t.turn():
                pass
        except KeyboardInterrupt as error:
            failures.append(error)
        finally:
            t._changed.wait = original

    with t.turn():
        thread = _start(impatient)
        thread.join(WAIT_S)
    assert failures and not t._line and t._holding == 0
    with t.turn():  # the line still moves
        assert t.holds()


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 1), ("2", 2), ("0", 0), ("-3", 1), ("many", 1)]
)
def test_runs_at_once_come_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv(turns.AT_ONCE_ENV, raising=False)
    else:
        monkeypatch.setenv(turns.AT_ONCE_ENV, value)
    assert turns.at_once_from_env() == expected


def test_a_page_runs_in_its_turn():
    held: list[bool] = []

    class Page:
        def run(self) -> None:
            held.append(turns.PAGE_RUNS.holds())

    frame.run_page(Page())
    assert held == [turns.PAGE_RUNS.at_once > 0]
    assert not turns.PAGE_RUNS.holds()


def test_a_fragment_rerun_takes_its_turn_and_a_page_run_lends_it_its_own(monkeypatch):
    monkeypatch.setattr(frame.st, "fragment", lambda body: body)  # the body alone, no script run
    monkeypatch.setattr(turns, "PAGE_RUNS", Turns(1))
    held: list[bool] = []

    def tabs(label: str) -> None:
        held.append(turns.PAGE_RUNS.holds())

    fragment = frame.fragment(tabs)
    assert (fragment.__module__, fragment.__qualname__) == (tabs.__module__, tabs.__qualname__)
    fragment("rerun of the fragment alone")

    class Page:
        def run(self) -> None:
            fragment("drawn by the page run")  # nested: no second turn, no deadlock

    frame.run_page(Page())
    assert held == [True, True]
    assert not turns.PAGE_RUNS.holds()
