"""One browser tab on a Streamlit app, over its WebSocket protocol, without drawing anything.

Used by scripts/loadtest.py. The session does what the frontend does: GET the page's HTML (a
proxy's sticky cookie arrives here), GET /_stcore/health (Streamlit's XSRF cookie) and
/_stcore/host-config, open /_stcore/stream with the subprotocols ["streamlit", <XSRF token>]
and the cookies, send the BackMsg that runs the page (page name from the URL path, the query
string) and read ForwardMsgs until the script has finished. A filter change is a rerun BackMsg
with new widget states for the sidebar's `years` slider and `countries` multiselect, found in
the deltas by their user key. Like the frontend, it keeps the value it holds for a widget the
server re-sends without one, and lists the hashes of the cacheable messages it already has, so
unchanged elements come back as references.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert  # noqa: TID251 - the wire protocol, not the UI
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: TID251
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: TID251
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: TID251
from websockets.asyncio.client import connect

MAX_MESSAGE_BYTES = 64 * 2**20
KEY_YEARS = "years"
KEY_COUNTRIES = "countries"
WORKER_HEADER = "x-cam-worker"  # set by the proxy of `python -m dashboard_core serve`
HTTP_TIMEOUT_S = 30
FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR


class LoadTestError(Exception):
    """A session could not do what a browser would have done; the message says what."""


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
        elif kind == "navigation" and msg.navigation.page_script_hash:
            # the page this run drew, as the frontend keeps it (new_session names the main script)
            self._page_hash = msg.navigation.page_script_hash
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

    state = WidgetState(id=widget.id)
    if hasattr(widget, "raw_values"):
        state.string_array_value.data.extend(value)
    else:
        state.double_array_value.data.extend(value)
    return state
