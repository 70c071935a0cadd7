"""Load test: N concurrent sessions over Streamlit's WebSocket protocol, as browsers open them.

Each session is a `streamlit_session.BrowserSession` (beside this script): the requests a
browser tab makes, its WebSocket, the BackMsg that runs the page, then filter changes as rerun
BackMsgs with new widget states for the sidebar's `years` slider and `countries` multiselect.

    uv run python scripts/loadtest.py --spawn single --sessions 50 --arrive-within 10
    uv run python scripts/loadtest.py --spawn proxied --workers 2 --profile steady
    uv run python scripts/loadtest.py --url http://127.0.0.1:8501 --pid 1234

Profiles: `arrive` (N sessions arrive within T seconds, each renders the page; all stay open
until the last one has rendered, then close) and `steady` (the same arrival, then every session
changes a filter every few seconds for D seconds). Reports errors, time to the first complete
render (from the session's first request to the script's end), rerun times (p50, p95, max),
WebSocket bytes per session (uncompressed message sizes) and the server's memory (RSS of the
server's process tree, sampled four times a second).

Bounded: at most MAX_SESSIONS sessions, MAX_DURATION_S seconds of steady reruns, a hard deadline
for the whole run; loopback addresses only (the tool refuses any other host). Exits 0 whatever
the figures; with --check, exits 1 if any session failed to render or saw an error (CI smoke).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import random
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from websockets.exceptions import WebSocketException

from dashboard_core.serving import processes
from dashboard_core.serving.processes import Child

sys.path.insert(0, str(Path(__file__).resolve().parent))
from streamlit_session import (  # noqa: E402
    KEY_COUNTRIES,
    KEY_YEARS,
    BrowserSession,
    LoadTestError,
    SessionReport,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
MAX_SESSIONS = 200
MAX_DURATION_S = 600
MAX_ARRIVAL_S = 300
SAMPLE_EVERY_S = 0.25
DISTINCT_FIRST_YEAR, DISTINCT_YEARS, DISTINCT_LAST_YEAR = 2000, 25, 2025


# --- where the server is: loopback only ------------------------------------------------------


def require_loopback(url: str) -> tuple[str, int]:
    """(host, port) of `url`, or a ValueError if any address it resolves to is not loopback."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"{url!r}: give an http:// URL of a server on this machine")
    port = parts.port or 80
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise ValueError(f"{parts.hostname!r} does not resolve: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_loopback:
            raise ValueError(
                f"{parts.hostname} resolves to {address}, which is not a loopback address: "
                "this load test only runs against a server on this machine"
            )
    return parts.hostname, port


# --- server memory: RSS of a process tree, sampled -------------------------------------------


class MemorySampler:
    """Samples the RSS of a process tree in the background; keeps every sample."""

    def __init__(self, root: int | None) -> None:
        self.root = root
        self.samples: list[tuple[float, int]] = []
        self._task: asyncio.Task | None = None

    def now(self) -> int:
        return processes.tree_rss(self.root) if self.root else 0

    async def _run(self) -> None:
        while True:
            self.samples.append((time.monotonic(), self.now()))
            await asyncio.sleep(SAMPLE_EVERY_S)

    def start(self) -> None:
        if self.root:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    def peak(self) -> int:
        return max((rss for _, rss in self.samples), default=0)


# --- the run ----------------------------------------------------------------------------------


@dataclass
class Plan:
    base_url: str
    path: str
    query: str
    sessions: int
    arrive_within_s: float
    profile: str
    duration_s: float
    interval_s: float
    render_timeout_s: float
    reconnect: bool
    seed: int
    distinct_views: bool = False


def session_query(plan: Plan, index: int) -> str:
    """The query string session `index` arrives with: the plan's, or with --distinct-views a
    start year of its own (2000 + index mod 25), so sessions miss each other's caches."""
    if not plan.distinct_views:
        return plan.query
    years = f"years={DISTINCT_FIRST_YEAR + index % DISTINCT_YEARS}&years={DISTINCT_LAST_YEAR}"
    return f"{plan.query}&{years}" if plan.query else years


async def _one_session(
    plan: Plan,
    index: int,
    pool,
    all_rendered: asyncio.Event,
    rendered: list[int],
    steady_start: asyncio.Event,
) -> SessionReport:
    report = SessionReport(index=index)
    session = BrowserSession(plan.base_url, plan.path, session_query(plan, index), report, pool)
    rng = random.Random(plan.seed + index)
    try:
        await asyncio.sleep(index * plan.arrive_within_s / max(plan.sessions, 1))
        report.first_render_s = await session.open_page(plan.render_timeout_s)
        rendered.append(index)
        if len(rendered) == plan.sessions:
            all_rendered.set()
        if plan.reconnect:
            await session.reconnect(plan.render_timeout_s)
        await all_rendered.wait()
        if plan.profile == "steady":
            await steady_start.wait()
            end = time.monotonic() + plan.duration_s
            await asyncio.sleep(rng.uniform(0, plan.interval_s))
            while time.monotonic() < end:
                await session.change_filter(plan.render_timeout_s)
                await asyncio.sleep(plan.interval_s * rng.uniform(0.5, 1.5))
    except (LoadTestError, WebSocketException, OSError) as exc:
        report.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        if report.first_render_s is None:  # never rendered: do not hold the others back
            rendered.append(index)
            if len(rendered) == plan.sessions:
                all_rendered.set()
        await session.close()
    return report


async def _warm_up(plan: Plan, pool, count: int) -> SessionReport | None:
    """`count` sessions render the page at once (one per worker behind a proxy: the proxy sends
    each to the process with the fewest open connections), then close. Their errors count."""
    if count <= 0:
        return None
    sessions = [
        BrowserSession(plan.base_url, plan.path, plan.query, SessionReport(index=-1 - i), pool)
        for i in range(count)
    ]

    async def render(session: BrowserSession) -> None:
        try:
            session.report.first_render_s = await session.open_page(plan.render_timeout_s)
        except (LoadTestError, WebSocketException, OSError) as exc:
            session.report.errors.append(f"{type(exc).__name__}: {exc}")

    await asyncio.gather(*(render(s) for s in sessions))
    for session in sessions:
        await session.close()
    slowest = max(sessions, key=lambda s: s.report.first_render_s or float("inf"))
    slowest.report.errors = [e for s in sessions for e in s.report.errors]
    return slowest.report


async def run_plan(plan: Plan, server_pid: int | None, warm_up: int) -> dict:
    sampler = MemorySampler(server_pid)
    with ThreadPoolExecutor(max_workers=min(64, plan.sessions + 1)) as pool:
        warm = await _warm_up(plan, pool, warm_up)
        await asyncio.sleep(1.0 if warm_up else 0)  # let the warm-up session's run settle
        rss_before = sampler.now()
        sampler.start()
        all_rendered, steady_start = asyncio.Event(), asyncio.Event()
        rendered: list[int] = []
        t0 = time.monotonic()
        tasks = [
            asyncio.create_task(_one_session(plan, i, pool, all_rendered, rendered, steady_start))
            for i in range(plan.sessions)
        ]
        await all_rendered.wait()
        rendered_after_s = time.monotonic() - t0
        await asyncio.sleep(1.0)  # the last runs' session state settles before the reading
        rss_all_open = sampler.now()
        steady_start.set()
        reports = await asyncio.gather(*tasks)
        await sampler.stop()
    return {
        "plan": asdict(plan),
        "server_pid": server_pid,
        "warm_up": asdict(warm) if warm else None,
        "all_rendered_after_s": rendered_after_s,
        "rss_before": rss_before,
        "rss_all_open": rss_all_open,
        "rss_peak": max(sampler.peak(), rss_all_open),
        "sessions": [asdict(r) for r in reports],
    }


# --- figures ----------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(result: dict) -> dict:
    sessions = result["sessions"]
    n = len(sessions)
    renders = [s["first_render_s"] for s in sessions if s["first_render_s"] is not None]
    reruns = {
        k: [ms for s in sessions for ms in s["reruns_ms"][k]] for k in (KEY_YEARS, KEY_COUNTRIES)
    }
    every_rerun = reruns[KEY_YEARS] + reruns[KEY_COUNTRIES]
    errors = [f"session {s['index']}: {e}" for s in sessions for e in s["errors"]]
    workers: dict[str, int] = {}
    for s in sessions:
        if s["workers"]:
            workers[s["workers"][0]] = workers.get(s["workers"][0], 0) + 1
    mb = 2**20
    grown = result["rss_all_open"] - result["rss_before"]
    return {
        "sessions": n,
        "rendered": len(renders),
        "errors": errors,
        "first_render_s": _stats(renders),
        "rerun_ms": _stats(every_rerun),
        "rerun_ms_by_filter": {k: _stats(v) for k, v in reruns.items()},
        "bytes_first_render_kb": statistics.median(
            [s["bytes_first_render"] / 1024 for s in sessions] or [0]
        ),
        "bytes_total_kb": statistics.median([s["bytes_total"] / 1024 for s in sessions] or [0]),
        "rss_before_mb": result["rss_before"] / mb,
        "rss_all_open_mb": result["rss_all_open"] / mb,
        "rss_peak_mb": result["rss_peak"] / mb,
        "mb_per_session": grown / mb / n if n and result["server_pid"] else float("nan"),
        # an upper bound: the highest sample minus the baseline, shared out
        "mb_per_session_peak": (result["rss_peak"] - result["rss_before"]) / mb / n
        if n and result["server_pid"]
        else float("nan"),
        "sessions_per_worker": workers,
        "sticky_sessions": sum(1 for s in sessions if s["workers"] and len(set(s["workers"])) == 1),
        "resumed_sessions": sum(1 for s in sessions if s["resumed"]),
    }


def _stats(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values, default=float("nan")),
    }


def print_summary(summary: dict, result: dict, label: str) -> None:
    plan = result["plan"]
    print(
        f"load test, profile {plan['profile']}: {plan['sessions']} sessions arriving within "
        f"{plan['arrive_within_s']:g} s on {plan['path']}"
        + (f"?{plan['query']}" if plan["query"] else "")
        + f", {label}"
    )
    if result["warm_up"]:
        warm = result["warm_up"]
        took = warm["first_render_s"] or float("nan")
        print(f"  warm-up (slowest)        {took:.2f} s, errors {len(warm['errors'])}")
    fr = summary["first_render_s"]
    print(
        f"  rendered                 {summary['rendered']}/{summary['sessions']}, "
        f"errors {len(summary['errors'])}, all rendered after "
        f"{result['all_rendered_after_s']:.1f} s"
    )
    print(
        f"  first render (s)         p50 {fr['p50']:.2f}  p95 {fr['p95']:.2f}  max {fr['max']:.2f}"
    )
    if plan["profile"] == "steady":
        rr = summary["rerun_ms"]
        print(
            f"  rerun (ms, n={rr['n']})  ".ljust(27)
            + f"p50 {rr['p50']:.0f}  p95 {rr['p95']:.0f}  max {rr['max']:.0f}"
        )
        for key, st in summary["rerun_ms_by_filter"].items():
            print(
                f"    {key:<22} p50 {st['p50']:.0f}  p95 {st['p95']:.0f}  max {st['max']:.0f}"
                f"  (n={st['n']})"
            )
    print(
        f"  WebSocket per session    first render {summary['bytes_first_render_kb']:.0f} kB, "
        f"whole session {summary['bytes_total_kb']:.0f} kB (median, uncompressed)"
    )
    if result["server_pid"]:
        print(
            f"  server memory (MB)       before {summary['rss_before_mb']:.0f}, all open "
            f"{summary['rss_all_open_mb']:.0f}, peak {summary['rss_peak_mb']:.0f}; "
            f"per session {summary['mb_per_session']:.2f} MB (all open), "
            f"{summary['mb_per_session_peak']:.2f} MB (peak)"
        )
    if summary["sessions_per_worker"]:
        spread = ", ".join(f"{w}: {n}" for w, n in sorted(summary["sessions_per_worker"].items()))
        print(
            f"  workers                  {spread}; {summary['sticky_sessions']}/"
            f"{summary['sessions']} sessions stayed on one worker"
        )
    if plan["reconnect"]:
        print(
            f"  reconnects               {summary['resumed_sessions']}/{summary['sessions']} "
            "resumed their server session"
        )
    for error in summary["errors"][:20]:
        print(f"  ERROR {error}")
    if len(summary["errors"]) > 20:
        print(f"  ... and {len(summary['errors']) - 20} more errors")


# --- a server to test, when asked to start one -----------------------------------------------


def spawn_server(kind: str, workers: int, log_path: Path) -> tuple[Child, str]:
    """One `streamlit run app.py`, or `serve --workers N`, on a free loopback port."""
    port = processes.free_port()
    if kind == "single":
        cmd = processes.streamlit_command(port)
    else:
        cmd = [sys.executable, "-m", "dashboard_core", "serve", "--workers", str(workers),
               "--port", str(port), "--address", "127.0.0.1"]  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    server = Child(kind, cmd, log_path, health_url=f"{base_url}{processes.HEALTH_PATH}")
    server.start(REPO_ROOT)
    problem = processes.wait_healthy([server], timeout=180)
    if problem:
        raise RuntimeError(f"{problem}; log tail:\n{server.log_tail(3000)}")
    return server, base_url


# --- command line -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--url", help="a running server on this machine, e.g. http://127.0.0.1:8501")
    where.add_argument(
        "--spawn",
        choices=("single", "proxied"),
        help="start a server for the run: one `streamlit run app.py`, or "
        "`python -m dashboard_core serve --workers N`",
    )
    ap.add_argument("--workers", type=int, default=2, help="with --spawn proxied")
    ap.add_argument(
        "--pid",
        type=int,
        help="root of the server's process tree (memory); "
        "default: the process listening on the URL's port",
    )
    ap.add_argument("--profile", choices=("arrive", "steady"), default="arrive")
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--arrive-within", type=float, default=10.0, metavar="SECONDS")
    ap.add_argument(
        "--duration",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="steady: how long every session keeps changing filters",
    )
    ap.add_argument(
        "--interval",
        type=float,
        default=4.0,
        metavar="SECONDS",
        help="steady: mean pause between one session's filter changes",
    )
    ap.add_argument("--path", default="/trade")
    ap.add_argument(
        "--query", default="", help="query string of the page, e.g. years=2010&years=2020"
    )
    ap.add_argument(
        "--distinct-views",
        action="store_true",
        help="each session arrives with its own year range in the URL (cache misses)",
    )
    ap.add_argument("--render-timeout", type=float, default=120.0, metavar="SECONDS")
    ap.add_argument(
        "--reconnect",
        action="store_true",
        help="after its first render, each session reconnects with its session id "
        "(checks that it lands on the same server process)",
    )
    ap.add_argument(
        "--warm-up",
        type=int,
        default=None,
        metavar="N",
        help="sessions that render the page together before the measured ones arrive "
        "(default: one per worker; 0: none)",
    )
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--json", type=Path, help="write the full result (every session) here")
    ap.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a session did not render or saw an error (never on times)",
    )
    args = ap.parse_args(argv)
    if not args.url and not args.spawn:
        ap.error("give --url of a running server or --spawn single|proxied")
    if not 1 <= args.sessions <= MAX_SESSIONS:
        ap.error(f"--sessions must be between 1 and {MAX_SESSIONS}")
    if not 0 <= args.duration <= MAX_DURATION_S:
        ap.error(f"--duration must be between 0 and {MAX_DURATION_S} s")
    if not 0 <= args.arrive_within <= MAX_ARRIVAL_S:
        ap.error(f"--arrive-within must be between 0 and {MAX_ARRIVAL_S} s")
    if args.interval <= 0 or not 1 <= args.workers <= 16:
        ap.error("--interval must be positive and --workers between 1 and 16")
    return args


def hard_deadline(args: argparse.Namespace) -> float:
    """Seconds after which the whole run is abandoned, whatever it is doing."""
    steady = args.duration + 2 * args.render_timeout if args.profile == "steady" else 0
    return 60 + args.arrive_within + 2 * args.render_timeout + steady


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    server = None
    log_dir = tempfile.TemporaryDirectory(prefix="cam-loadtest-")
    log_path = Path(log_dir.name) / "server.log"
    try:
        if args.spawn:
            server, base_url = spawn_server(args.spawn, args.workers, log_path)
            server_pid = args.pid or server.pid
            label = (
                "one streamlit process"
                if args.spawn == "single"
                else f"{args.workers} workers behind the proxy"
            )
        else:
            base_url = args.url.rstrip("/")
            server_pid = args.pid or processes.listening_pid(require_loopback(base_url)[1])
            label = f"server {base_url}" + (f" (pid tree {server_pid})" if server_pid else "")
        require_loopback(base_url)
        default_warm_up = args.workers if args.spawn == "proxied" else 1
        warm_up = default_warm_up if args.warm_up is None else max(0, min(args.warm_up, 16))
        plan = Plan(
            base_url=base_url,
            path=args.path,
            query=args.query,
            sessions=args.sessions,
            arrive_within_s=args.arrive_within,
            profile=args.profile,
            duration_s=args.duration,
            interval_s=args.interval,
            render_timeout_s=args.render_timeout,
            reconnect=args.reconnect,
            seed=args.seed,
            distinct_views=args.distinct_views,
        )
        result = asyncio.run(
            asyncio.wait_for(run_plan(plan, server_pid, warm_up), hard_deadline(args))
        )
    except (ValueError, RuntimeError, TimeoutError) as exc:
        print(f"load test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            processes.stop_all([server], grace=30)
            if server.process.returncode not in (0, -signal.SIGTERM):
                print(
                    f"the server exited with code {server.process.returncode}; log tail:\n"
                    + server.log_tail(),
                    file=sys.stderr,
                )
        log_dir.cleanup()
    summary = summarise(result)
    print_summary(summary, result, label)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "result": result}, indent=1))
    warm_errors = result["warm_up"]["errors"] if result["warm_up"] else []
    for error in warm_errors:
        print(f"  ERROR warm-up: {error}")
    failed = summary["errors"] or warm_errors or summary["rendered"] < summary["sessions"]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
