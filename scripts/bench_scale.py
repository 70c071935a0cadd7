"""Scale benchmark: the /trade rerun benchmark against a trade table of N rows.

`write` makes a temporary data folder: a copy of data/ whose clean/trade.parquet holds the
embedded rows plus synthetic rows up to N, in the clean schema (the six focus reporters, every
partner country, TOTAL and the HS chapters, monthly periods 2000-2024, exports and imports).
Every synthetic row says what it is: source_id `synthetic-scale-benchmark` (a sources row titled
as synthetic), locator `synthetic row <n>`, a note, and verification `reported` so the pages flag
it. The folder is never under data/; point the app at it with CAM_DATA_DIR. Written with pyarrow
in chunks of CHUNK_ROWS rows, so memory stays bounded whatever N.

`run` writes such a folder for each size (or uses data/ itself for `embedded`), runs
scripts/bench_rerun.py on it in a child process (CAM_DATA_DIR set) under a memory limit and a
timeout, and reports the child's figures with its peak memory (largest RSS, sampled, and the
kernel's high-water mark).

    uv run python scripts/bench_scale.py write --rows 10000000 --out /tmp/cam-10m
    CAM_DATA_DIR=/tmp/cam-10m uv run streamlit run app.py
    uv run python scripts/bench_scale.py run --rows embedded 1000000 [--runs 8] [--mem-limit-gb 8]
    uv run python scripts/bench_scale.py run --rows 1000000 --runs 2 --check   # CI smoke

Exits 0 whatever the figures; with --check, exits 1 when a run failed (an exception on the page,
the memory limit, the timeout), never on a time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard_core.data.disk_cache import DERIVED_DIR
from dashboard_core.serving import processes

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
CHUNK_ROWS = 1_000_000
MAX_ROWS = 50_000_000
SOURCE_ID = "synthetic-scale-benchmark"
NOTE = "SYNTHETIC row written by scripts/bench_scale.py for benchmarks: not a real figure"
FIRST_YEAR, LAST_YEAR = 2000, 2024
REPORTERS = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")
FLOWS = ("export", "import")
# HS 2-digit chapters (77 is reserved in the Harmonized System) and the all-goods total.
COMMODITIES = ("TOTAL", *(f"{c:02d}" for c in range(1, 98) if c != 77))
PARTNER_GROUPS = ("focus", "neighbour", "partner")
# A large prime: row i takes combination (i * STRIDE) mod the number of combinations, so rows
# spread over reporters, partners, chapters and months without two rows sharing a key.
STRIDE = 2_147_483_647
RSS_POLL_S = 0.1


# --- writing the synthetic data folder ---------------------------------------------------------


def _partners() -> list[str]:
    countries = pq.read_table(DATA_DIR / "clean" / "countries.parquet", columns=["iso3", "group"])
    rows = countries.to_pylist()
    return sorted(r["iso3"] for r in rows if r["group"] in PARTNER_GROUPS)


def _strings(indices: np.ndarray, values: Sequence[str]) -> pa.Array:
    dictionary = pa.array(list(values), type=pa.large_string())
    return pa.DictionaryArray.from_arrays(pa.array(indices, type=pa.int32()), dictionary).cast(
        pa.large_string()
    )


def synthetic_chunk(
    start: int, count: int, partners: Sequence[str], schema: pa.Schema, seed: int
) -> pa.Table:
    """Rows start..start+count-1 of the synthetic table, in the clean trade schema."""
    months = (LAST_YEAR - FIRST_YEAR + 1) * 12
    # partners of a reporter: every listed country but itself
    sizes = (len(REPORTERS), len(partners) - 1, len(COMMODITIES), months, len(FLOWS))
    combos = int(np.prod(sizes))
    index = np.arange(start, start + count, dtype=np.int64)
    combo = index * STRIDE % combos  # below 2**63 for any index under MAX_ROWS
    combo, flow = np.divmod(combo, sizes[4])
    combo, month = np.divmod(combo, sizes[3])
    combo, commodity = np.divmod(combo, sizes[2])
    reporter, partner = np.divmod(combo, sizes[1])
    own_place = np.array([partners.index(r) for r in REPORTERS])[reporter]
    partner = partner + (partner >= own_place)  # skip the reporter itself
    first = np.datetime64(f"{FIRST_YEAR}-01", "M") + month.astype("timedelta64[M]")
    period_start = first.astype("datetime64[ms]")
    period_end = ((first + 1).astype("datetime64[D]") - 1).astype("datetime64[ms]")
    rng = np.random.default_rng([seed, start])
    value = np.round(rng.lognormal(mean=13.0, sigma=2.0, size=count), 0)
    numbers = pc.cast(pa.array(index), pa.string())
    locator = pc.binary_join_element_wise("synthetic row ", numbers, "")
    columns = {
        "reporter_iso3": _strings(reporter, REPORTERS),
        "partner_iso3": _strings(partner, partners),
        "flow": _strings(flow, FLOWS),
        "commodity": _strings(commodity, COMMODITIES),
        "period_start": pa.array(period_start, pa.timestamp("ms")),
        "period_end": pa.array(period_end, pa.timestamp("ms")),
        "year": pa.array(FIRST_YEAR + month // 12, pa.int64()),
        "measure": _strings(np.zeros(count, np.int32), ("observed",)),
        "value_usd": pa.array(value, pa.float64()),
        "value_original": pa.array(value, pa.float64()),
        "currency_original": _strings(np.zeros(count, np.int32), ("USD",)),
        "source_id": _strings(np.zeros(count, np.int32), (SOURCE_ID,)),
        "locator": pc.cast(locator, pa.large_string()),
        "verification": _strings(np.zeros(count, np.int32), ("reported",)),
        "note": _strings(np.zeros(count, np.int32), (NOTE,)),
        "period_type": _strings(np.zeros(count, np.int32), ("month",)),
        # one row per key, so each is the only (preferred) reading of its question
        "preferred": pa.array(np.ones(count, dtype=bool)),
    }
    arrays = [
        columns[f.name].cast(f.type) if f.name in columns else pa.nulls(count, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _source_row(rows: int, schema: pa.Schema) -> pa.Table:
    row = {
        "source_id": SOURCE_ID,
        "title": f"SYNTHETIC trade rows for the scale benchmark ({rows:,} rows in all): "
        "not real data",
        "publisher": "Central Asia Monitor benchmark (scripts/bench_scale.py)",
        "author": None,
        "published": None,
        "url": None,
        "seed_file": None,
        "licence": "synthetic: no licence, no source",
        "retrieved": time.strftime("%Y-%m-%d"),
        "kind": "reference",
    }
    return pa.Table.from_pylist([{f.name: row.get(f.name) for f in schema}], schema=schema)


def _refuse_inside_data(out: Path) -> None:
    out, data = out.resolve(), DATA_DIR.resolve()
    if out == data or data in out.parents or out in data.parents:
        raise ValueError(f"{out}: the synthetic folder must not be data/ or hold it or sit in it")


def write_synthetic(rows: int, out: Path, seed: int = 14) -> dict:
    """A copy of data/ at `out` whose trade table has `rows` rows (embedded + synthetic)."""
    _refuse_inside_data(out)
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out} exists and is not empty")
    t0 = time.perf_counter()
    # not data/derived: what a build kept there describes the embedded file, not this one
    shutil.copytree(DATA_DIR, out, dirs_exist_ok=True, ignore=_top_level(DERIVED_DIR))
    trade_path = out / "clean" / "trade.parquet"
    embedded = pq.read_table(DATA_DIR / "clean" / "trade.parquet")
    extra = rows - embedded.num_rows
    if extra < 0:
        raise ValueError(f"--rows {rows} is below the {embedded.num_rows} embedded rows")
    schema, partners = embedded.schema, _partners()
    with pq.ParquetWriter(trade_path, schema) as writer:
        writer.write_table(embedded)
        for start in range(0, extra, CHUNK_ROWS):
            writer.write_table(
                synthetic_chunk(start, min(CHUNK_ROWS, extra - start), partners, schema, seed),
                row_group_size=CHUNK_ROWS,
            )
    sources_path = out / "clean" / "sources.parquet"
    sources = pq.read_table(sources_path)
    pq.write_table(pa.concat_tables([sources, _source_row(rows, sources.schema)]), sources_path)
    _mark_datapackage(out / "datapackage.json", rows)
    return {"rows": rows, "synthetic": extra, "seconds": time.perf_counter() - t0,
            "bytes": trade_path.stat().st_size}  # fmt: skip


def _top_level(name: str):
    """A copytree `ignore` that skips `name` directly under the copied folder only."""

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [name] if Path(folder) == DATA_DIR and name in names else []

    return ignore


def _mark_datapackage(path: Path, rows: int) -> None:
    package = json.loads(path.read_text(encoding="utf-8"))
    package["version"] = f"synthetic-{rows}-{package.get('version', '')}"
    package["title"] = "SYNTHETIC benchmark copy: " + package.get("title", "")
    package.setdefault("sources", []).append(
        {"name": SOURCE_ID, "title": "SYNTHETIC trade rows for the scale benchmark"}
    )
    for resource_ in package.get("resources", []):
        if resource_.get("name") == "trade":
            resource_["rows"] = rows
            resource_["sources"] = sorted({*resource_.get("sources", []), SOURCE_ID})
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")


# --- running the rerun benchmark on it ----------------------------------------------------------


def _limit_memory(limit_bytes: int):
    def apply() -> None:  # in the child, before exec: address space cap as a backstop
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    return apply


def run_child(cmd: list[str], env: dict, mem_limit: int, timeout: float) -> dict:
    """Run `cmd`, sampling its RSS; kill it when RSS passes `mem_limit` or time runs out."""
    proc = subprocess.Popen(
        cmd, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, preexec_fn=_limit_memory(2 * mem_limit), start_new_session=True,
    )  # fmt: skip
    peak, verdict, lines = 0, "", []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    t0 = time.monotonic()
    while True:
        # wait4 rather than Popen.poll: it returns the child's resource usage (ru_maxrss)
        done, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if done:
            break
        rss = processes.rss_bytes(proc.pid)
        peak = max(peak, rss)
        if rss > mem_limit:
            verdict = (
                f"killed: RSS {rss / 2**30:.1f} GB passed the {mem_limit / 2**30:.1f} GB limit"
            )
        elif time.monotonic() - t0 > timeout:
            verdict = f"killed: still running after {timeout:.0f} s"
        if verdict:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(RSS_POLL_S)
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=5)
    return {
        "output": "".join(lines),
        "returncode": proc.returncode,
        "seconds": time.monotonic() - t0,
        "peak_rss_sampled": peak,
        "peak_rss_kernel": usage.ru_maxrss * 1024,
        "verdict": verdict,
    }


_PROBLEM = re.compile(r"raised|exception|failed|does not exist|no widget", re.IGNORECASE)


def problems_in(result: dict) -> list[str]:
    found = [result["verdict"]] if result["verdict"] else []
    if result["returncode"] not in (0, None) and not result["verdict"]:
        found.append(f"bench_rerun.py exited with code {result['returncode']}")
    found += [line for line in result["output"].splitlines() if _PROBLEM.search(line)]
    return found


def sizes(values: Sequence[str]) -> Iterator[int | None]:
    for value in values:
        if value == "embedded":
            yield None
        else:
            rows = int(float(value))
            if not 0 < rows <= MAX_ROWS:
                raise ValueError(f"--rows {value}: between 1 and {MAX_ROWS:,}")
            yield rows


def cmd_run(args: argparse.Namespace) -> int:
    failures = 0
    summary = []
    for rows in sizes(args.rows):
        with tempfile.TemporaryDirectory(prefix="cam-scale-") as tmp:
            env = dict(os.environ)
            # an empty disk cache: the first run works out the trade context, as on new data
            env["CAM_CACHE_DIR"] = str(Path(tmp) / "cache")
            label = "embedded"
            if rows is not None:
                made = write_synthetic(rows, Path(tmp) / "data", args.seed)
                env["CAM_DATA_DIR"] = str(Path(tmp) / "data")
                label = f"{rows:,}"
                print(
                    f"wrote {made['rows']:,} trade rows ({made['synthetic']:,} synthetic, "
                    f"{made['bytes'] / 2**20:.0f} MB) in {made['seconds']:.1f} s",
                    flush=True,
                )
            else:
                env.pop("CAM_DATA_DIR", None)
            cmd = [sys.executable, str(REPO_ROOT / "scripts" / "bench_rerun.py"),
                   "--runs", str(args.runs), "--pages", *args.pages]  # fmt: skip
            result = run_child(cmd, env, int(args.mem_limit_gb * 2**30), args.timeout)
        print(f"--- {label} trade rows ---")
        print(result["output"].rstrip())
        found = problems_in(result)
        peak = max(result["peak_rss_sampled"], result["peak_rss_kernel"]) / 2**30
        print(f"peak memory {peak:.2f} GB, wall {result['seconds']:.0f} s"
              + (f"; {'; '.join(found)}" if found else ""), flush=True)  # fmt: skip
        summary.append((label, peak, result["seconds"], "FAILED" if found else "ok"))
        failures += bool(found)
    print("\nrows           peak GB   wall s  status")
    for label, peak, seconds, status in summary:
        print(f"{label:<14} {peak:>7.2f} {seconds:>8.0f}  {status}")
    print("machine: shared, 2 cores; figures from one child process per size")
    return 1 if args.check and failures else 0


def cmd_write(args: argparse.Namespace) -> int:
    (rows,) = list(sizes([args.rows]))
    if rows is None:
        print("nothing to write for `embedded`: that is data/ itself", file=sys.stderr)
        return 2
    made = write_synthetic(rows, Path(args.out), args.seed)
    print(f"wrote {args.out}: {made['rows']:,} trade rows ({made['synthetic']:,} synthetic), "
          f"trade.parquet {made['bytes'] / 2**20:.0f} MB, in {made['seconds']:.1f} s")  # fmt: skip
    if not args.no_prepare:
        from dashboard_core.trade import transforms

        t0 = time.perf_counter()
        kept = transforms.prepare_context(Path(args.out) / "clean")
        where = Path(args.out) / "derived"
        print(f"kept the Trade context in {where} in {time.perf_counter() - t0:.1f} s"
              if kept else "could not keep the Trade context beside the data")  # fmt: skip
    print(f"use it with: CAM_DATA_DIR={args.out} uv run streamlit run app.py")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write", help="write a synthetic data folder")
    write.add_argument("--rows", required=True, help="rows of the trade table, e.g. 10000000")
    write.add_argument("--out", required=True, help="a new folder, not under data/")
    write.add_argument("--seed", type=int, default=14)
    write.add_argument(
        "--no-prepare",
        action="store_true",
        help="skip the Trade context kept beside the data (as `build` keeps it): a folder no "
        "server has read before",
    )
    write.set_defaults(func=cmd_write)
    run = sub.add_parser("run", help="the rerun benchmark at each size")
    run.add_argument("--rows", nargs="+", default=["embedded", "1000000"],
                     help="sizes: `embedded` (data/ as it is) or row counts")  # fmt: skip
    run.add_argument("--runs", type=int, default=8, help="filter changes per filter")
    run.add_argument("--pages", nargs="+", default=["/trade"])
    run.add_argument(
        "--mem-limit-gb",
        type=float,
        default=8.0,
        help="kill the run when its RSS passes this (address space capped at twice that)",
    )
    run.add_argument("--timeout", type=float, default=900.0, help="seconds per size")
    run.add_argument("--seed", type=int, default=14)
    run.add_argument("--check", action="store_true", help="exit 1 when a run failed")
    run.set_defaults(func=cmd_run)
    args = ap.parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:
        print(f"bench_scale: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
