"""`python -m dashboard_core serve`: N `streamlit run app.py` processes on loopback ports behind
HAProxy with sticky sessions, as one command. The supervisor waits until every process answers
its health check, starts the proxy, restarts a process that dies, and on Ctrl-C or SIGTERM stops
the proxy and then every process. `--backend HOST:PORT` runs the proxy alone in front of app
processes started elsewhere (other machines: see the README's Deployment section)."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard_core.data import paths
from dashboard_core.serving import processes, proxy
from dashboard_core.serving.processes import Child

START_TIMEOUT_S = 180.0
MAX_RESTARTS = 5
RESTART_PAUSE_S = 2.0
POLL_S = 0.5
MAX_WORKERS = 32


@dataclass(frozen=True)
class ServeOptions:
    workers: int = 2
    port: int = 8501
    address: str = "127.0.0.1"
    backends: tuple[str, ...] = ()  # HOST:PORT of app processes started elsewhere
    proxy_binary: str | None = None
    log_dir: str | None = None


def parse_backend(text: str, index: int) -> proxy.Backend:
    host, sep, port = text.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--backend {text!r}: expected HOST:PORT, e.g. 10.0.0.11:8501")
    return proxy.Backend(name=f"app{index}", host=host, port=int(port))


class Supervisor:
    """Owns the children: starts them, watches them, stops them."""

    def __init__(self, options: ServeOptions, folder: Path, binary: Path) -> None:
        self.options = options
        self.folder = folder
        self.binary = binary
        self.stop = threading.Event()
        self.workers: list[Child] = []
        self.backends: list[proxy.Backend] = []
        self.proxy: Child | None = None

    def plan(self) -> None:
        """Decide the app processes (local workers on free loopback ports, or remote backends)
        and write the proxy's configuration."""
        if self.options.backends:
            self.backends = [
                parse_backend(text, i + 1) for i, text in enumerate(self.options.backends)
            ]
        else:
            for i in range(1, self.options.workers + 1):
                port = processes.free_port()
                name = f"w{i}"
                self.backends.append(proxy.Backend(name=name, host="127.0.0.1", port=port))
                self.workers.append(
                    Child(
                        name=name,
                        command=processes.streamlit_command(port),
                        log_path=self.folder / f"{name}.log",
                        health_url=f"http://127.0.0.1:{port}{processes.HEALTH_PATH}",
                    )
                )
        config = proxy.write_config(
            self.folder,
            proxy.render_config(self.options.address, self.options.port, self.backends),
        )
        problem = proxy.check_config(self.binary, config)
        if problem:
            raise RuntimeError(f"HAProxy rejects the generated configuration {config}:\n{problem}")
        self.proxy = Child(
            name="proxy",
            command=proxy.proxy_command(self.binary, config),
            log_path=None,  # its notices (a worker down or up) go to our stderr
            health_url=f"http://{_url_host(self.options.address)}:{self.options.port}"
            f"{processes.HEALTH_PATH}",
        )

    def children(self) -> list[Child]:
        return [c for c in (self.proxy, *self.workers) if c is not None]

    def start(self) -> None:
        for worker in self.workers:
            worker.start(paths.PROJECT_ROOT)
        problem = processes.wait_healthy(self.workers, START_TIMEOUT_S, self.stop.is_set)
        if problem:
            raise RuntimeError(problem + self._log_hint())
        self.proxy.start(paths.PROJECT_ROOT)
        problem = processes.wait_healthy([self.proxy], 30, self.stop.is_set)
        if problem:
            raise RuntimeError(f"the proxy did not come up: {problem}")

    def _log_hint(self) -> str:
        tails = [f"\n--- {w.name} log tail ---\n{w.log_tail()}" for w in self.workers]
        return "".join(t for t in tails if t.strip())

    def watch(self) -> int:
        """Until a stop is asked for: restart a worker that died; end if the proxy dies."""
        while not self.stop.wait(POLL_S):
            if not self.proxy.running():
                _say(f"the proxy exited with code {self.proxy.process.returncode}; stopping")
                return 1
            for worker in self.workers:
                died = not worker.running() and not self.stop.is_set()
                if died and not self._restart(worker):
                    return 1
        return 0

    def _restart(self, worker: Child) -> bool:
        code = worker.process.returncode
        if worker.restarts >= MAX_RESTARTS:
            _say(f"{worker.name} exited with code {code} after {MAX_RESTARTS} restarts; stopping")
            return False
        worker.restarts += 1
        _say(f"{worker.name} exited with code {code}; restarting ({worker.restarts}/"
             f"{MAX_RESTARTS}), log {worker.log_path}")  # fmt: skip
        if self.stop.wait(RESTART_PAUSE_S):
            return True
        worker.start(paths.PROJECT_ROOT)
        return True

    def shutdown(self) -> None:
        """The proxy first (no new requests), then every worker."""
        if self.proxy is not None:
            processes.stop_all([self.proxy], grace=5)
        killed = processes.stop_all(self.workers)
        if killed:
            _say(f"killed after the grace period: {', '.join(killed)}")

    def describe(self) -> str:
        url = f"http://{_url_host(self.options.address)}:{self.options.port}"
        lines = [
            f"Central Asia Monitor on {url} (HAProxy, sticky sessions, "
            f"{len(self.backends)} app processes)"
        ]
        for backend in self.backends:
            worker = next((w for w in self.workers if w.name == backend.name), None)
            where = f"http://{backend.address}"
            if worker is not None:
                lines.append(f"  {backend.name}  {where}  pid {worker.pid}  log {worker.log_path}")
            else:
                lines.append(f"  {backend.name}  {where}  (started elsewhere)")
        lines.append(f"  proxy  pid {self.proxy.pid}  config {self.folder / 'haproxy.cfg'}")
        lines.append("Ctrl-C stops the proxy and every app process.")
        return "\n".join(lines)


def _url_host(address: str) -> str:
    if address in ("0.0.0.0", ""):
        return "127.0.0.1"
    return f"[{address}]" if ":" in address else address


def _say(text: str) -> None:
    print(f"serve: {text}", file=sys.stderr, flush=True)


def _on_signals(stop: threading.Event) -> None:
    def handler(signum, frame) -> None:
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, handler)


def serve(options: ServeOptions) -> int:
    """Run until Ctrl-C or SIGTERM. Exit code 0 on a requested stop, 1 when a child failed,
    2 when the setup is wrong (no HAProxy, a bad option)."""
    if not options.backends and not 1 <= options.workers <= MAX_WORKERS:
        _say(f"--workers must be between 1 and {MAX_WORKERS}")
        return 2
    try:
        binary = proxy.find_haproxy(options.proxy_binary)
    except proxy.ProxyMissingError as exc:
        _say(str(exc))
        return 2
    if options.log_dir:
        Path(options.log_dir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cam-serve-", dir=options.log_dir) as tmp:
        supervisor = Supervisor(options, Path(tmp), binary)
        _on_signals(supervisor.stop)
        try:
            supervisor.plan()
            supervisor.start()
            print(supervisor.describe(), flush=True)
            code = supervisor.watch()
        except (RuntimeError, ValueError) as exc:
            if supervisor.stop.is_set():  # Ctrl-C during start-up: a requested stop
                code = 0
            else:
                _say(str(exc))
                code = 2 if isinstance(exc, ValueError) else 1
        finally:
            supervisor.shutdown()
        if options.log_dir:  # keep the logs where asked: move them out of the temporary folder
            for worker in supervisor.workers:
                if worker.log_path and worker.log_path.exists():
                    os.replace(worker.log_path, Path(options.log_dir) / worker.log_path.name)
    if supervisor.stop.is_set() and code == 0:
        _say(f"stopped at {time.strftime('%H:%M:%S')}")
    return code
