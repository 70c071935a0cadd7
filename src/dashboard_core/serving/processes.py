"""Child processes of `serve`: the Streamlit workers and the proxy. Started in their own
process group (a Ctrl-C in the terminal reaches the supervisor alone, which then stops them in
order) and, on Linux, told to receive SIGTERM if the supervisor itself dies."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dashboard_core.data import paths

HEALTH_PATH = "/_stcore/health"
_PR_SET_PDEATHSIG = 1


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(command: Sequence[str], log: IO | None, cwd: Path, env: dict | None = None):
    """Start a child in its own process group; output to `log` (None: inherit ours)."""
    return subprocess.Popen(
        list(command),
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )


def streamlit_command(port: int, address: str = "127.0.0.1", app: Path | None = None) -> list[str]:
    """`streamlit run app.py` on address:port, as this interpreter runs it."""
    app = app or paths.PROJECT_ROOT / "app.py"
    return [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true",
    ]  # fmt: skip


@dataclass
class Child:
    """A named child process and where its output goes."""

    name: str
    command: list[str]
    log_path: Path | None
    health_url: str | None = None
    process: subprocess.Popen | None = None
    restarts: int = 0

    def start(self, cwd: Path, env: dict | None = None) -> None:
        if self.log_path is None:
            self.process = spawn(self.command, None, cwd, env)
            return
        with open(self.log_path, "a", encoding="utf-8") as log:  # the child keeps its own copy
            self.process = spawn(self.command, log, cwd, env)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, chars: int = 2000) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status == 200
    except OSError:
        return False


def wait_healthy(
    children: Sequence[Child], timeout: float, stopping: Callable[[], bool] = lambda: False
) -> str | None:
    """Poll every child's health URL until all answer 200. None when they do, else what went
    wrong (a child exited, the time ran out, or a stop was asked for)."""
    waiting = [c for c in children if c.health_url]
    deadline = time.monotonic() + timeout
    while waiting:
        if stopping():
            return "stopped before start-up finished"
        for child in list(waiting):
            if not child.running():
                code = child.process.returncode if child.process else None
                return f"{child.name} exited with code {code} during start-up"
            if healthy(child.health_url):
                waiting.remove(child)
        if waiting and time.monotonic() > deadline:
            names = ", ".join(c.name for c in waiting)
            return f"{names} not healthy after {timeout:g} s"
        time.sleep(0.2)
    return None


def stop_all(children: Sequence[Child], grace: float = 15.0) -> list[str]:
    """SIGTERM every running child, wait up to `grace` seconds in all, SIGKILL what remains.
    Returns the names of the children that had to be killed."""
    running = [c for c in children if c.running()]
    for child in running:
        with suppress(ProcessLookupError):
            child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    killed = []
    for child in running:
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(child.process.pid, signal.SIGKILL)
            child.process.wait(timeout=10)
            killed.append(child.name)
    return killed
