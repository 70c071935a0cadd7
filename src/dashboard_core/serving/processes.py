"""Child processes of `serve`: the Streamlit workers and the proxy. Started in their own
process group (a Ctrl-C in the terminal reaches the supervisor alone, which then stops them in
order) and, on Linux, told to receive SIGTERM if the supervisor itself dies. Also what the load
test and the benchmarks read about processes: a process tree, its memory, who listens on a port."""

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


# --- process trees, from /proc (Linux): who the children are, how much memory they hold ---


def _children_by_parent() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_pids(root: int) -> list[int]:
    """`root` and every process below it (children, grandchildren...)."""
    tree = _children_by_parent()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, ()))
    return found


def rss_bytes(pid: int) -> int:
    """Resident memory of one process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(root: int) -> int:
    """Resident memory of `root` and every process below it."""
    return sum(rss_bytes(pid) for pid in tree_pids(root))


def listening_pid(port: int) -> int | None:
    """The process listening on TCP `port` on this machine, found through /proc (or None)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with suppress(OSError), open(table, encoding="ascii") as fh:
            for line in fh.readlines()[1:]:
                cols = line.split()
                if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(cols[9])
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        with suppress(OSError):
            for fd in os.scandir(f"/proc/{entry.name}/fd"):
                with suppress(OSError):
                    link = os.readlink(fd.path)
                    if link.startswith("socket:[") and link[8:-1] in inodes:
                        return int(entry.name)
    return None
