"""Where the time to a drawn map goes, phase by phase, for one cold load of a map page.

    uv run python scripts/trace_map_load.py [--page /trade] [--runs 3] [--app DIR] [--profile]

Serves the app in DIR (default: this checkout) and opens the page in a fresh browser context
(empty HTTP cache) at 1920x1080. An init script timestamps, in the page's own clock
(`performance.now()`, 0 = navigation start): the websocket's messages (the first one carrying
the deck JSON is found by its `ctx-land` layer id), the deck.gl Deck found behind the canvas,
the Deck initialised, each layer first seen and first loaded, every draw
(`deckRenderer.renderLayers` wrapped, with its duration) and gaps between animation frames (the
GPU process, software WebGL here, still busy with the last frame). It also sums the time of
WebGL calls by name and lists long animation frames with their scripts. Resource timing adds
the JavaScript bundles and the `/map-data/` fetches (start, end, bytes). `--profile` also records
a CPU profile (Chrome DevTools Protocol) up to the map drawn and prints the main thread's self
time by function.

Prints one table per run and the median of each mark. A benchmark, not a test: exits 0.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from bench_maps import serve  # noqa: E402
from tests.browser.helpers import FIND_DECK_JS, app_url, launch_chromium  # noqa: E402

INIT_JS = (
    """
(() => {
  if (window.__camT) return;
  const T = window.__camT = {marks: [], layers: {}, draws: []};
  const mark = (name, extra) => T.marks.push(Object.assign({name, t: performance.now()}, extra));
  T.mark = mark;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      mark('ws created');
      this.addEventListener('open', () => mark('ws open'));
      this.addEventListener('message', (ev) => {
        const t = performance.now();
        const d = ev.data;
        let size = 0, deck = false;
        if (d instanceof ArrayBuffer) {
          size = d.byteLength;
          deck = new TextDecoder().decode(new Uint8Array(d)).includes('ctx-land');
        } else if (typeof d === 'string') { size = d.length; deck = d.includes('ctx-land'); }
        T.marks.push({name: 'ws message', t, size, deck});
      });
    }
  };
  T.long = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        T.long.push({t: e.startTime, dur: e.duration, blocking: e.blockingDuration,
          render: e.renderStart ? e.renderStart - e.startTime : 0,
          style: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
          scripts: (e.scripts || []).map(s => ({dur: s.duration, invoker: s.invoker,
            fn: s.sourceFunctionName, url: s.sourceURL, pos: s.sourceCharPosition}))});
      }
    }).observe({type: 'long-animation-frame', buffered: true});
  } catch (e) { T.noLoaf = String(e); }
  T.gl = {};
  T.slow = [];
  for (const C of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
    if (!C) continue;
    for (const name of Object.getOwnPropertyNames(C.prototype)) {
      const desc = Object.getOwnPropertyDescriptor(C.prototype, name);
      if (!desc || typeof desc.value !== 'function' || name === 'constructor') continue;
      const orig = desc.value;
      C.prototype[name] = function (...a) {
        const t0 = performance.now();
        const out = orig.apply(this, a);
        const dt = performance.now() - t0;
        const g = T.gl[name] || (T.gl[name] = {n: 0, ms: 0});
        g.n += 1; g.ms += dt;
        if (dt > 15) T.slow.push({name, t: t0, dur: dt});
        return out;
      };
    }
  }
  const findDeck = """
    + FIND_DECK_JS
    + """;
  let deck = null;
  const tick = () => {
    const now = performance.now();
    if (!T.canvas && document.querySelector('[data-testid="stDeckGlJsonChart"] canvas')) {
      T.canvas = now;
    }
    if (!T.element && document.querySelector('[data-testid="stDeckGlJsonChart"]')) {
      T.element = now;
    }
    if (!deck && T.canvas) {
      deck = findDeck(0);
      if (deck) {
        T.deckFound = now;
        const r = deck.deckRenderer;
        if (r && r.renderLayers && !r.__camWrapped) {
          const orig = r.renderLayers.bind(r);
          r.renderLayers = (...a) => {
            const t0 = performance.now();
            if (console.timeStamp) console.timeStamp('camdraw:' + t0);
            const out = orig(...a);
            T.draws.push({t: t0, dur: performance.now() - t0});
            return out;
          };
          r.__camWrapped = true;
        }
      }
    }
    if (deck) {
      if (!T.initialized && deck.isInitialized) T.initialized = now;
      T.ticks = (T.ticks || 0) + 1;
      // no frame for a while: the GPU process (software WebGL) is still busy with the last one
      if (T.lastTick && now - T.lastTick > 100) {
        T.marks.push({name: 'tick gap', t: T.lastTick, dur: now - T.lastTick});
      }
      T.lastTick = now;
      const lm = deck.layerManager;
      const land = lm && lm.getLayers().find(l => l.id === 'ctx-land');
      if (land && land.internalState) {
        const a = land.internalState.asyncProps && land.internalState.asyncProps.data;
        const st = !a ? 'none' : (a.resolvedLoadCount ? 'resolved' : 'pending');
        if (st !== T.landState) {
          T.marks.push({name: 'ctx-land data ' + st, t: now});
          T.landState = st;
        }
      }
      const layers = deck.layerManager ? deck.layerManager.getLayers() : [];
      for (const l of layers) {
        const s = T.layers[l.id] || (T.layers[l.id] = {type: l.constructor.layerName, seen: now});
        if (!s.loaded && l.isLoaded) s.loaded = now;
      }
      if (!T.ready && layers.length && layers.every(
          l => l.isLoaded || l.constructor.layerName === 'BitmapLayer')) T.ready = now;
    }
    if (!T.ready || T.draws.length === 0 || now - T.ready < 1500) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""
)

RESOURCES_JS = """
() => performance.getEntriesByType('resource').map(e => ({
  name: e.name, type: e.initiatorType, start: e.startTime, ttfb: e.responseStart,
  end: e.responseEnd, bytes: e.encodedBodySize, decoded: e.decodedBodySize}))
"""


def short(url: str) -> str:
    path = url.split("//", 1)[-1].split("/", 1)[-1]
    return "/" + path.split("?")[0]


def one_run(browser, base: str, page_path: str, query: str, profile: bool) -> dict:
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.add_init_script(INIT_JS)
    events: list[str] = []
    page.on("requestfailed", lambda r: events.append(f"request failed {r.url} {r.failure}"))
    page.on("console", lambda m: events.append(f"console {m.type}: {m.text[:200]}"))
    page.on("response", lambda r: r.status >= 400 and events.append(f"HTTP {r.status} {r.url}"))
    page.on("worker", lambda w: events.append(f"worker {w.url[:120]}"))
    cdp = None
    if profile:
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 250})
        cdp.send("Profiler.start")
    page.goto(app_url(base, page_path, query), wait_until="domcontentloaded")
    page.wait_for_function(
        "() => window.__camT && window.__camT.ready && window.__camT.draws.length > 0",
        timeout=120_000,
        polling=50,
    )
    prof = cdp.send("Profiler.stop")["profile"] if cdp else None
    page.wait_for_timeout(1600)  # later redraws
    marks = page.evaluate("() => JSON.parse(JSON.stringify(window.__camT))")
    resources = page.evaluate(RESOURCES_JS)
    nav = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {ttfb: n.responseStart, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd}; }"
    )
    context.close()
    return {"marks": marks, "resources": resources, "nav": nav, "profile": prof, "events": events}


def phases(run: dict) -> list[tuple[str, float, str]]:
    """(label, ms since navigation start, note) in time order."""
    out = []
    m, res, nav = run["marks"], run["resources"], run["nav"]
    out.append(("index.html first byte", nav["ttfb"], ""))
    out.append(("DOMContentLoaded", nav["dcl"], ""))
    js = [r for r in res if r["name"].endswith(".js")]
    deck_js = [r for r in js if "DeckGlJsonChart" in r["name"]]
    main_js = [r for r in js if "/index." in r["name"]]
    for r in main_js:
        out.append(("main bundle fetched", r["end"], f"{r['decoded'] / 1e3:.0f} kB"))
    if js:
        others = [r for r in js if r not in deck_js]
        last = max(others, key=lambda r: r["end"])
        out.append((f"last non-deck JS fetched ({len(others)})", last["end"], short(last["name"])))
    for r in deck_js:
        out.append(("deck.gl bundle fetch start", r["start"], ""))
        out.append(("deck.gl bundle fetched", r["end"], f"{r['decoded'] / 1e6:.2f} MB"))
    for mk in m["marks"]:
        if mk["name"].startswith("ctx-land data") or mk["name"] == "tick gap":
            out.append((mk["name"], mk["t"], f"{mk.get('dur', 0):.0f} ms"))
        if mk["name"] in ("ws created", "ws open"):
            out.append((mk["name"], mk["t"], ""))
    msgs = [mk for mk in m["marks"] if mk["name"] == "ws message"]
    if msgs:
        out.append(("ws first message", msgs[0]["t"], ""))
    decks = [mk for mk in msgs if mk["deck"]]
    if decks:
        out.append(("ws deck JSON received", decks[0]["t"], f"{decks[0]['size'] / 1e3:.0f} kB"))
    if m.get("element"):
        out.append(("deck element in DOM", m["element"], ""))
    if m.get("canvas"):
        out.append(("deck canvas in DOM", m["canvas"], ""))
    if m.get("deckFound"):
        out.append(("Deck object found", m["deckFound"], ""))
    if m.get("initialized"):
        out.append(("Deck initialised", m["initialized"], ""))
    for r in res:
        if "/map-data/" in r["name"] or "/map-tiles/" in r["name"]:
            note = f"{r['decoded'] / 1e3:.0f} kB ({r['bytes'] / 1e3:.0f} kB on wire)"
            out.append((f"fetch start {short(r['name'])}", r["start"], ""))
            out.append((f"fetch end {short(r['name'])}", r["end"], note))
    for lid, s in m["layers"].items():
        if s.get("loaded"):
            out.append((f"layer loaded {lid}", s["loaded"], s["type"]))
    if m.get("ready"):
        out.append(("all layers loaded (bench 'drawn')", m["ready"], ""))
    for i, d in enumerate(m["draws"][:6]):
        out.append((f"draw {i + 1}", d["t"], f"{d['dur']:.0f} ms"))
    for s in m.get("slow", [])[:12]:
        out.append((f"slow WebGL call {s['name']}", s["t"], f"{s['dur']:.0f} ms"))
    if len(m["draws"]) > 6:
        out.append((f"... {len(m['draws'])} draws in all", m["draws"][-1]["t"], ""))
    return sorted(out, key=lambda x: x[1])


def profile_summary(prof: dict, marks: dict, top: int = 25) -> None:
    nodes = {n["id"]: n for n in prof["nodes"]}
    parent = {}
    for n in prof["nodes"]:
        for c in n.get("children", []):
            parent[c] = n["id"]
    t = prof["startTime"]
    stamps = []
    for sid, dt in zip(prof["samples"], prof["timeDeltas"], strict=True):
        t += dt
        stamps.append((sid, t))
    # Profiler time is in microseconds on another origin: align on the first sample ~ navigation.
    self_ms = collections.Counter()
    incl = collections.Counter()
    for sid, _ in stamps:
        n = nodes[sid]
        cf = n["callFrame"]
        self_ms[(cf["functionName"] or "(anonymous)", short(cf["url"]) if cf["url"] else "")] += 1
        seen = set()
        cur = sid
        while cur is not None:
            cfn = nodes[cur]["callFrame"]
            key = (cfn["functionName"] or "(anonymous)", short(cfn["url"]) if cfn["url"] else "")
            if key not in seen:
                incl[key] += 1
                seen.add(key)
            cur = parent.get(cur)
    interval = (stamps[-1][1] - stamps[0][1]) / max(1, len(stamps) - 1) / 1000
    print(f"  CPU profile: {len(stamps)} samples, {interval:.2f} ms each")
    print("  self time, top functions:")
    for (fn, url), c in self_ms.most_common(top):
        print(f"    {c * interval:8.0f} ms  {fn[:40]:<40} {url[-45:]}")
    wanted = (
        "compileShader", "linkProgram", "getProgramParameter", "getShaderParameter",
        "getShaderInfoLog", "texImage2D", "bufferData", "fillText", "measureText",
        "getImageData", "parse", "drawArraysInstanced", "drawElementsInstanced", "drawArrays",
        "readPixels", "(garbage collector)", "(program)", "(idle)",
    )  # fmt: skip
    print("  inclusive time of selected functions:")
    for (fn, url), c in sorted(incl.items(), key=lambda kv: -kv[1]):
        if fn in wanted:
            print(f"    {c * interval:8.0f} ms  {fn} {url[-40:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--page", default="/trade")
    ap.add_argument("--query", default="")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--app", type=Path, default=REPO_ROOT)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    log_dir = REPO_ROOT / "test-artifacts"
    log_dir.mkdir(exist_ok=True)
    table: dict[str, list[float]] = {}
    with serve(args.app.resolve(), log_dir) as base, sync_playwright() as p:
        browser = launch_chromium(p)
        warm = browser.new_page()
        warm.goto(app_url(base, "/"), timeout=120_000)  # the server's cold imports, untimed
        warm.wait_for_timeout(8000)
        warm.close()
        for i in range(args.runs):
            run = one_run(browser, base, args.page, args.query, args.profile)
            print(f"run {i + 1}: {args.page}")
            for label, ms, note in phases(run):
                print(f"  {ms:8.0f} ms  {label:<48} {note}")
                table.setdefault(label, []).append(ms)
            for e in run["events"]:
                print("  " + e)
            for e in run["marks"].get("long", []):
                if e["dur"] < 100:
                    continue
                print(
                    f"  long frame at {e['t']:.0f} ms, {e['dur']:.0f} ms"
                    f" (style+layout {e['style']:.0f} ms)"
                )
                for sc in e["scripts"]:
                    if sc["dur"] >= 20:
                        print(
                            f"     {sc['dur']:6.0f} ms {sc['invoker'][:60]} {sc['fn'][:30]}"
                            f" {short(sc['url'])[-40:]}:{sc['pos']}"
                        )
            gl = sorted(run["marks"]["gl"].items(), key=lambda kv: -kv[1]["ms"])[:10]
            print(
                "  WebGL calls by time: "
                + ", ".join(f"{k} {v['ms']:.0f} ms/{v['n']}" for k, v in gl)
            )
            if run["profile"]:
                profile_summary(run["profile"], run["marks"])
        browser.close()
    print(f"median of {args.runs} runs (ms since navigation start), {args.page}")
    for label, values in sorted(table.items(), key=lambda kv: statistics.median(kv[1])):
        print(f"  {statistics.median(values):8.0f}  {label}  (n={len(values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
