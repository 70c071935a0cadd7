"""Child processes of `serve`: start-up health, and a stop that leaves nothing behind."""

from __future__ import annotations

import sys
import time

from dashboard_core.serving import processes
from dashboard_core.serving.processes import Child

IGNORES_SIGTERM = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
)


def _child(name: str, code: str, tmp_path, health_url: str | None = None) -> Child:
    return Child(name, [sys.executable, "-c", code], tmp_path / f"{name}.log", health_url)


def test_stop_all_terminates_and_kills_what_ignores_sigterm(tmp_path):
    polite = _child("polite", "import time; time.sleep(60)", tmp_path)
    stubborn = _child("stubborn", IGNORES_SIGTERM, tmp_path)
    for child in (polite, stubborn):
        child.start(tmp_path)
    time.sleep(0.5)  # let the stubborn one install its handler
    killed = processes.stop_all([polite, stubborn], grace=1.0)
    assert killed == ["stubborn"]
    assert not polite.running() and not stubborn.running()


def test_wait_healthy_reports_a_child_that_exits_during_start_up(tmp_path):
    port = processes.free_port()
    child = _child("w1", "raise SystemExit(3)", tmp_path, f"http://127.0.0.1:{port}/_stcore/health")
    child.start(tmp_path)
    problem = processes.wait_healthy([child], timeout=20)
    assert problem == "w1 exited with code 3 during start-up"


def test_wait_healthy_gives_up_after_its_timeout(tmp_path):
    port = processes.free_port()
    child = _child("w1", "import time; time.sleep(60)", tmp_path, f"http://127.0.0.1:{port}/x")
    child.start(tmp_path)
    try:
        assert processes.wait_healthy([child], timeout=0.5) == "w1 not healthy after 0.5 s"
    finally:
        processes.stop_all([child], grace=2)


def test_children_run_in_their_own_process_group(tmp_path):
    import os

    child = _child("w1", "import time; time.sleep(60)", tmp_path)
    child.start(tmp_path)
    try:
        assert os.getpgid(child.pid) == child.pid != os.getpgid(0)
    finally:
        processes.stop_all([child], grace=2)


def test_process_tree_memory_and_listening_port(tmp_path):
    import os
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert processes.listening_pid(listener.getsockname()[1]) == os.getpid()
    child = _child("w1", "import time; time.sleep(60)", tmp_path)
    child.start(tmp_path)
    try:
        assert processes.tree_pids(os.getpid())[0] == os.getpid()
        assert child.pid in processes.tree_pids(os.getpid())
        assert processes.tree_rss(os.getpid()) > processes.rss_bytes(os.getpid()) > 0
    finally:
        processes.stop_all([child], grace=2)
    assert processes.rss_bytes(child.pid) == 0
