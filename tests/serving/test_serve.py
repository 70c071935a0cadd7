"""`python -m dashboard_core serve --workers 2` end to end: sessions opened through the proxy by
the load-test client render with no error, spread over both workers and stay on one; a worker
that dies is restarted; Ctrl-C stops every child. Not timed.

Needs HAProxy (`sudo apt-get install -y haproxy`): skips without it, except under CI=true,
where a missing HAProxy is a failure."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard_core.serving import processes, proxy

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", REPO_ROOT / "test-artifacts"))
START_TIMEOUT_S = 180
SESSIONS = 6
LOAD_TIMEOUT_S = 300


def _need_haproxy() -> None:
    try:
        proxy.find_haproxy()
    except proxy.ProxyMissingError as exc:
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"{exc} [CI=true, so this fails instead of skipping]", pytrace=False)
        pytest.skip(str(exc))


def _wait_for(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"serve exited {proc.returncode}:\n{log.read_text()[-3000:]}"
        if processes.healthy(url):
            return
        time.sleep(0.3)
    pytest.fail(
        f"serve did not answer {url} within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}"
    )


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _worker_pids(root: int) -> dict[int, int]:
    """pid -> port of every streamlit process under `root`."""
    found = {}
    for pid in processes.tree_pids(root)[1:]:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in cmd and b"--server.port" in cmd:
            found[pid] = int(cmd[cmd.index(b"--server.port") + 1])
    return found


def test_serve_two_workers_behind_the_proxy(tmp_path):
    _need_haproxy()
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "serve.log"
    with open(log, "w") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "dashboard_core", "serve", "--workers", "2",
             "--port", str(port), "--log-dir", str(tmp_path / "logs")],
            cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    children: list[int] = []
    try:
        _wait_for(f"{url}/_stcore/health", serve, log)
        children = processes.tree_pids(serve.pid)[1:]
        workers = _worker_pids(serve.pid)
        assert len(workers) == 2, f"expected two streamlit workers under serve, found {workers}"

        # sessions through the proxy: rendered, no error, spread over both, each on one
        report = tmp_path / "load.json"
        # a child process, as CI runs it (and free of any event loop another test left running)
        run = subprocess.run(
            [sys.executable, str(REPO_ROOT / "scripts" / "loadtest.py"), "--url", url,
             "--pid", str(serve.pid), "--sessions", str(SESSIONS), "--arrive-within", "2",
             "--profile", "steady", "--duration", "4", "--interval", "2", "--reconnect",
             "--warm-up", "0", "--json", str(report)],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=LOAD_TIMEOUT_S,
        )  # fmt: skip
        assert run.returncode == 0, run.stdout + run.stderr
        summary = json.loads(report.read_text())["summary"]
        assert summary["errors"] == []
        assert summary["rendered"] == SESSIONS
        assert sorted(summary["sessions_per_worker"]) == ["w1", "w2"], summary
        assert summary["sticky_sessions"] == SESSIONS, "a session's requests reached two workers"
        assert summary["resumed_sessions"] == SESSIONS, "a reconnect landed on another process"
        assert summary["rerun_ms"]["n"] > 0, "no filter change was timed"

        # a worker that dies is restarted on its port, and the proxy keeps answering
        dead_pid, dead_port = next(iter(workers.items()))
        os.kill(dead_pid, signal.SIGKILL)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            again = _worker_pids(serve.pid)
            if dead_port in again.values() and processes.healthy(
                f"http://127.0.0.1:{dead_port}/_stcore/health"
            ):
                break
            assert processes.healthy(f"{url}/_stcore/health", timeout=10), (
                "the proxy stopped answering"
            )
            time.sleep(0.5)
        else:
            pytest.fail(f"the killed worker was not restarted:\n{log.read_text()[-3000:]}")
        children = processes.tree_pids(serve.pid)[1:]

        # Ctrl-C stops the proxy and every worker, and serve exits cleanly
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=60) == 0, log.read_text()[-3000:]
        left = [pid for pid in children if _alive(pid)]
        assert not left, f"still running after serve stopped: {left}"
        assert not processes.healthy(f"{url}/_stcore/health", timeout=1)
        assert sorted(p.name for p in (tmp_path / "logs").iterdir()) == ["w1.log", "w2.log"]
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait(timeout=10)
        for pid in children:  # never leave a worker behind, even when an assertion failed
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
