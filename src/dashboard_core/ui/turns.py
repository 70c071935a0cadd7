"""Page runs take turns: one at a time per process, in the order they arrive.

All sessions of a process share one Python interpreter. When many page runs go at once, they
share it in 5 ms slices, so every one of them finishes late (and switching between a dozen
threads costs time of its own). Taken in turns, the first in line finishes first and the others
no later than before: with fifty sessions changing filters on two workers, the rerun p95 fell
from 0.9-2.3 s to 0.6-1.2 s and more reruns were done in the same minute (`scripts/loadtest.py`,
README "What two cores hold").

A long step that does not need the turn, such as reading an uploaded file, `steps_aside` and
lines up again after it. `CAM_PAGE_RUNS_AT_ONCE` sets how many runs go at once (default 1;
0 = no limit, every run at once as Streamlit does by itself).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

AT_ONCE_ENV = "CAM_PAGE_RUNS_AT_ONCE"
DEFAULT_AT_ONCE = 1
# A run that has waited this long goes anyway, beside the others: one stuck run (a query that
# hangs) slows the process down instead of stopping every other session in it.
MAX_WAIT_S = 10.0


class Turns:
    """At most `at_once` holders at a time, first come first served (0: no limit); a waiter
    goes in anyway after `max_wait_s`."""

    def __init__(self, at_once: int = DEFAULT_AT_ONCE, max_wait_s: float = MAX_WAIT_S) -> None:
        self.at_once = at_once
        self.max_wait_s = max_wait_s
        self._changed = threading.Condition()
        self._line: deque[object] = deque()
        self._holding = 0
        self._holders = threading.local()

    def holds(self) -> bool:
        """Whether this thread holds a turn."""
        return getattr(self._holders, "depth", 0) > 0

    def _take(self) -> None:
        ticket = object()
        deadline = time.monotonic() + self.max_wait_s
        with self._changed:
            self._line.append(ticket)
            try:
                while self._line[0] is not ticket or self._holding >= self.at_once:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break  # waited long enough: a stuck run must not hold up the rest
                    self._changed.wait(left)
            finally:
                self._line.remove(ticket)  # never leave a ticket that nobody will take
                self._changed.notify_all()
            self._holding += 1

    def _give_back(self) -> None:
        with self._changed:
            self._holding -= 1
            self._changed.notify_all()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for a turn and hold it for the block (a thread holding one goes straight in)."""
        if self.at_once <= 0 or self.holds():
            yield
            return
        self._take()
        self._holders.depth = 1
        try:
            yield
        finally:
            if self.holds():  # not when lining up again after stepping aside was cut short
                self._holders.depth = 0
                self._give_back()

    @contextmanager
    def step_aside(self) -> Iterator[None]:
        """Give the turn to the next in line for the block, then line up again."""
        if not self.holds():
            yield
            return
        self._holders.depth = 0
        self._give_back()
        try:
            yield
        finally:
            self._take()
            self._holders.depth = 1


def at_once_from_env() -> int:
    """`CAM_PAGE_RUNS_AT_ONCE`, or the default when unset or not a whole number >= 0."""
    try:
        value = int(os.environ.get(AT_ONCE_ENV, DEFAULT_AT_ONCE))
    except ValueError:
        return DEFAULT_AT_ONCE
    return value if value >= 0 else DEFAULT_AT_ONCE


PAGE_RUNS = Turns(at_once_from_env())
