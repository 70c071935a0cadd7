"""Load test: N concurrent sessions over Streamlit's WebSocket protocol, as browsers open them.

Each session does what a browser tab does, minus drawing: GET the page's HTML (the proxy's
sticky cookie arrives here), GET /_stcore/health (Streamlit's XSRF cookie) and
/_stcore/host-config, open the WebSocket /_stcore/stream with the subprotocol list
["streamlit", <XSRF token>] and the cookies, send the BackMsg that runs the page (page name from
the URL path, the query string), and read ForwardMsgs until the script has finished. A filter
change is a rerun BackMsg carrying new widget states for the sidebar's `years` slider and
`countries` multiselect (found in the deltas by their user key); like the frontend, the client
lists the hashes of the cacheable messages it already holds, so unchanged elements come back as
references.

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
import http.cookiejar
import ipaddress
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert  # noqa: TID251 - the wire protocol, not the UI
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: TID251
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: TID251
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

REPO_ROOT = Path(__file__).resolve().parents[1]
MAX_SESSIONS = 200
MAX_DURATION_S = 600
MAX_ARRIVAL_S = 300
MAX_MESSAGE_BYTES = 64 * 2**20
KEY_YEARS = "years"
KEY_COUNTRIES = "countries"
WORKER_HEADER = "x-cam-worker"  # set by the proxy of `python -m dashboard_core serve`
SAMPLE_EVERY_S = 0.25
DISTINCT_FIRST_YEAR, DISTINCT_YEARS, DISTINCT_LAST_YEAR = 2000, 25, 2025
HTTP_TIMEOUT_S = 30
FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR


class LoadTestError(Exception):
    """A session could not do what a browser would have done; the message says what."""


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


# --- server memory: RSS of a process tree, from /proc ----------------------------------------


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
    tree = _children_by_parent()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, ()))
    return found


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(root: int) -> int:
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


class MemorySampler:
    """Samples the RSS of a process tree in the background; keeps every sample."""

    def __init__(self, root: int | None) -> None:
        self.root = root
        self.samples: list[tuple[float, int]] = []
        self._task: asyncio.Task | None = None

    def now(self) -> int:
        return tree_rss(self.root) if self.root else 0

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


# --- one session ------------------------------------------------------------------------------


@dataclass
class SessionReport:
    index: int
    session_id: str = ""
    workers: list[str] = field(default_factory=list)  # proxy worker of every response, in order
    first_render_s: float | None = None
    reruns_ms: dict[str, list[float]] = field(
        default_factory=lambda: {"years": [], "countries": []}
    )
    bytes_first_render: int = 0
    bytes_total: int = 0
    messages: int = 0
    errors: list[str] = field(default_factory=list)
    resumed: bool | None = None  # reconnected to the same server session (--reconnect)


def _user_key(element_id: str) -> str | None:
    """The user key of a Streamlit element id (`$$ID-<hash>-<key>`), as Streamlit splits it."""
    key = element_id.split("-", maxsplit=2)[-1]
    return None if key == "None" else key


def _page_name(path: str) -> str:
    return path.strip("/").split("/")[0]


class BrowserSession:
    """One browser tab on the app: its cookies, its WebSocket and the widget states it holds."""

    def __init__(self, base_url: str, path: str, query: str, report: SessionReport, http_pool):
        self.base_url = base_url.rstrip("/")
        self.path = "/" + path.strip("/")
        self.query = query.lstrip("?")
        self.report = report
        self._pool = http_pool
        self._jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self._jar))
        self._ws = None
        self._page_hash = ""
        self._widgets: dict[str, object] = {}  # user key -> last slider / multiselect proto
        self._values: dict[str, list] = {}  # user key -> the value this tab holds, as the frontend
        self._cached_hashes: set[str] = set()
        self._opened_with: dict[str, list] = {}
        self._index = report.index
        self._changes = {KEY_YEARS: 0, KEY_COUNTRIES: 0}

    # HTTP, as the browser does before it opens the WebSocket
    def _get(self, url: str) -> None:
        try:
            with self._opener.open(url, timeout=HTTP_TIMEOUT_S) as resp:
                resp.read()
                self._note_worker(resp.headers.get(WORKER_HEADER))
        except urllib.error.HTTPError as exc:
            raise LoadTestError(f"GET {url} answered HTTP {exc.code}") from exc
        except OSError as exc:
            raise LoadTestError(f"GET {url} failed: {exc}") from exc

    def _note_worker(self, worker: str | None) -> None:
        if worker:
            self.report.workers.append(worker)

    async def _http_preamble(self) -> None:
        loop = asyncio.get_running_loop()
        page = self.base_url + self.path + (f"?{self.query}" if self.query else "")
        for url in (
            page,
            f"{self.base_url}/_stcore/health",
            f"{self.base_url}/_stcore/host-config",
        ):
            await loop.run_in_executor(self._pool, self._get, url)

    def _cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self._jar)

    def _xsrf_token(self) -> str:
        return next((c.value for c in self._jar if c.name == "_streamlit_xsrf"), "")

    async def _connect(self, existing_session_id: str = "") -> None:
        ws_url = "ws" + self.base_url[len("http") :] + "/_stcore/stream"
        protocols = ["streamlit", self._xsrf_token() or "x"]
        if existing_session_id:
            protocols.append(existing_session_id)
        self._ws = await connect(
            ws_url,
            subprotocols=protocols,
            additional_headers={"Cookie": self._cookie_header()},
            origin=self.base_url,
            max_size=MAX_MESSAGE_BYTES,
            open_timeout=HTTP_TIMEOUT_S,
        )
        self._note_worker(self._ws.response.headers.get(WORKER_HEADER))

    # BackMsgs
    def _context(self, msg: BackMsg) -> None:
        info = msg.rerun_script.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = self.base_url + self.path + (f"?{self.query}" if self.query else "")
        info.color_scheme = "light"

    async def _send_rerun(self, widget_states: Sequence | None = None) -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = _page_name(self.path)
        state.page_script_hash = self._page_hash
        state.cached_message_hashes.extend(sorted(self._cached_hashes))
        for widget in widget_states or ():
            state.widget_states.widgets.append(widget)
        self._context(msg)
        await self._ws.send(msg.SerializeToString())

    async def _until_finished(self, timeout: float) -> int:
        """Read ForwardMsgs until the script has finished a run; returns the bytes read."""
        received = 0
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LoadTestError(f"the script did not finish within {timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self._ws.recv(), left)
            except TimeoutError as exc:
                raise LoadTestError(f"the script did not finish within {timeout:.0f} s") from exc
            received += len(data)
            self.report.messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(data)
            if self._handle(msg):
                self.report.bytes_total += received
                return received

    def _handle(self, msg: ForwardMsg) -> bool:
        """Note what matters in one ForwardMsg; True when it ends a complete run."""
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self._cached_hashes.add(msg.hash)
        if kind == "new_session":
            self._page_hash = msg.new_session.page_script_hash
            if msg.new_session.initialize.session_id:
                self.report.session_id = msg.new_session.initialize.session_id
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._note_element(msg.delta.new_element)
        elif kind == "page_not_found":
            self.report.errors.append(f"page not found: {self.path}")
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self.report.errors.append("script compilation exception")
        elif kind == "script_finished":
            if msg.script_finished == COMPILE_ERROR:
                self.report.errors.append("script finished with a compile error")
            return msg.script_finished in (FINISHED, COMPILE_ERROR)
        return False

    def _note_element(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            text = element.exception.message or element.exception.type or "exception"
            self.report.errors.append(f"exception: {text[:200]}")
        elif kind == "alert" and element.alert.format == Alert.Format.ERROR:
            self.report.errors.append(f"error alert: {element.alert.body[:200]}")
        elif kind in ("slider", "multiselect"):
            widget = getattr(element, kind)
            key = _user_key(widget.id)
            if key in (KEY_YEARS, KEY_COUNTRIES):
                self._hold(key, widget)

    def _hold(self, key: str, widget) -> None:
        """Keep the widget's value as the frontend does: the server's value when it sets one
        (`set_value`), the default for a widget seen for the first time, else the value the
        tab already holds."""
        known = self._widgets.get(key)
        if widget.set_value or known is None or known.id != widget.id:
            self._values[key] = _proto_value(widget)
        self._widgets[key] = widget

    # what a user does
    async def open_page(self, timeout: float) -> float:
        """Arrive: HTTP preamble, WebSocket, first run of the page. Seconds to the render."""
        t0 = time.perf_counter()
        await self._http_preamble()
        await self._connect()
        await self._send_rerun()
        self.report.bytes_first_render = await self._until_finished(timeout)
        self._opened_with = {k: list(v) for k, v in self._values.items()}
        return time.perf_counter() - t0

    def _next_filter(self) -> tuple[str, object]:
        """The next filter change of this session: the start year and the country selection in
        turn. Every change differs from the value held: the start year steps through the range;
        the selection loses one country, then gets the page's selection back."""
        key = KEY_YEARS if (self._index + sum(self._changes.values())) % 2 == 0 else KEY_COUNTRIES
        widget = self._widgets.get(key)
        if widget is None:
            raise LoadTestError(f"no widget with key {key!r} in the page's deltas")
        n = self._changes[key]
        self._changes[key] += 1
        if key == KEY_YEARS:
            lo, hi = widget.min, widget.max
            span = max(int(hi - lo), 1)
            value = [lo + 1 + (self._index + n) % span, hi]
        else:
            chosen = list(self._values.get(key, []))
            if not chosen:
                value = [widget.options[(self._index + n) % len(widget.options)]]
            elif n % 2 == 0:
                value = [
                    c for i, c in enumerate(chosen) if i != (self._index + n // 2) % len(chosen)
                ]
            else:
                value = list(self._opened_with.get(key, chosen))
        self._values[key] = value
        return key, _state(widget, value)

    async def change_filter(self, timeout: float) -> tuple[str, float]:
        key, state = self._next_filter()
        others = [_state(w, self._values[k]) for k, w in self._widgets.items() if k != key]
        t0 = time.perf_counter()
        await self._send_rerun([state, *others])
        await self._until_finished(timeout)
        elapsed_ms = (time.perf_counter() - t0) * 1000
        self.report.reruns_ms[key].append(elapsed_ms)
        return key, elapsed_ms

    async def reconnect(self, timeout: float) -> bool:
        """Drop the WebSocket and reconnect with the session id, as the frontend does after a
        network blip: True when the server resumed the same session (same process)."""
        before = self.report.session_id
        await self._ws.close()
        await self._connect(existing_session_id=before)
        await self._send_rerun()
        await self._until_finished(timeout)
        self.report.resumed = bool(before) and self.report.session_id == before
        return self.report.resumed

    async def close(self) -> None:
        if self._ws is not None:
            with suppress(Exception):
                await self._ws.close()


def _proto_value(widget) -> list:
    """A slider's or multiselect's value as its proto states it (or its default)."""
    if hasattr(widget, "raw_values"):  # multiselect: formatted option strings
        if widget.set_value:
            return list(widget.raw_values)
        return [widget.options[i] for i in widget.default]
    return list(widget.value) if widget.set_value and widget.value else list(widget.default)


def _state(widget, value: list):
    """The widget state a browser sends for this slider or multiselect holding `value`."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: TID251

    state = WidgetState(id=widget.id)
    if hasattr(widget, "raw_values"):
        state.string_array_value.data.extend(value)
    else:
        state.double_array_value.data.extend(value)
    return state


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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn_server(
    kind: str, workers: int, log_path: Path, env: dict
) -> tuple[subprocess.Popen, str]:
    port = free_port()
    if kind == "single":
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
    else:
        cmd = [
            sys.executable,
            "-m",
            "dashboard_core",
            "serve",
            "--workers",
            str(workers),
            "--port",
            str(port),
            "--address",
            "127.0.0.1",
        ]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    return proc, f"http://127.0.0.1:{port}"


def wait_healthy(proc: subprocess.Popen, base_url: str, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the server exited with code {proc.returncode}:\n{tail}")
        with suppress(OSError), urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer /_stcore/health within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


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
    proc = None
    log_dir = tempfile.TemporaryDirectory(prefix="cam-loadtest-")
    log_path = Path(log_dir.name) / "server.log"
    try:
        if args.spawn:
            proc, base_url = spawn_server(args.spawn, args.workers, log_path, dict(os.environ))
            wait_healthy(proc, base_url, log_path, timeout=180)
            server_pid = args.pid or proc.pid
            label = (
                "one streamlit process"
                if args.spawn == "single"
                else f"{args.workers} workers behind the proxy"
            )
        else:
            base_url = args.url.rstrip("/")
            server_pid = args.pid or listening_pid(require_loopback(base_url)[1])
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
        if proc is not None:
            stop_server(proc)
            if proc.returncode not in (0, -signal.SIGTERM):
                print(
                    f"the server exited with code {proc.returncode}; log tail:\n"
                    + log_path.read_text(errors="replace")[-2000:],
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
