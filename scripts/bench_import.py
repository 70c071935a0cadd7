"""Benchmark the importers on big synthetic files laid out as publishers ship them, every format.

    uv run python scripts/bench_import.py [--rows 1000000] [--runs 3] [--out /tmp/bench-import]
        [--formats acled-events ucdp-ged ...] [--mode stream|read]

Writes one file per format into --out (never under data/), each the rows of a small file in
that format repeated to --rows data rows (JSON documents, which the importers read whole, and
geometry, which GDAL reads feature by feature, to a tenth of that; the XLSX workbook to a
hundredth): the samples of tests/importers/samples.py and, where present, the real publisher
files of ../shared/realdata (read in place; the copies go to --out only). Then imports each
--runs times in a child process and prints rows read, file size, median seconds and the child's
peak memory (ru_maxrss).

--mode stream: what `import --dry-run` does (read, map, reconcile, discard chunk by chunk).
--mode read: what the app does with an upload (every row kept in memory as frames).
The figures are synthetic; only the layouts are real.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.importers.samples import (  # noqa: E402
    ACLED_AGG_CSV,
    ACLED_HEADER,
    COMTRADE_FIELDS,
    UCDP_HEADER,
    UNHCR_DATAFINDER,
    acled_row,
    comtrade_row,
    ucdp_row,
)

REAL = ROOT.parent / "shared" / "realdata"
PARTNERS = [(4, "AFG"), (860, "UZB"), (398, "KAZ"), (156, "CHN"), (643, "RUS"), (842, "USA")]
OPTIONS = {"statuz-sdmx": {"flow": "export"}}  # what that table does not say


def _lines(
    path: Path, rows: int, head: list[str], body: Iterator[str], encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding) as f:
        f.writelines(line + "\n" for line in head)
        for _, line in zip(range(rows), body, strict=False):
            f.write(line + "\n")
    return path


def _cycle(lines: list[str]) -> Iterator[str]:
    while True:
        yield from lines


def _real_lines(name: str, skip: int) -> tuple[list[str], list[str]] | None:
    path = REAL / name
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8-sig").splitlines()
    return text[:skip], [line for line in text[skip:] if line.strip()]


def comtrade_csv(folder: Path, rows: int) -> Path:
    def body() -> Iterator[str]:
        i = 0
        while True:
            code, iso = PARTNERS[i % len(PARTNERS)]
            period = f"{2000 + i % 24}{1 + i % 12:02d}"
            cmd = f"{1 + i % 97:02d}{i % 100:02d}"
            yield comtrade_row(417, "KGZ", "MX"[i % 2], code, iso, period, cmd, str(i % 10000))
            i += 1

    return _lines(folder / "comtrade.csv", rows, [COMTRADE_FIELDS], body())


def comtrade_json(folder: Path, rows: int) -> Path:
    names = COMTRADE_FIELDS.split(",")
    path = folder / "comtrade.json"
    with path.open("w") as f:
        f.write(f'{{"elapsedTime": "1s", "count": {rows}, "data": [')
        for i in range(rows):
            code, iso = PARTNERS[i % len(PARTNERS)]
            cells = comtrade_row(860, "UZB", "MX"[i % 2], code, iso, str(2000 + i % 24),
                                 f"{1 + i % 97:02d}", str(i % 10000)).split(",")  # fmt: skip
            f.write(("," if i else "") + json.dumps(dict(zip(names, cells, strict=True))))
        f.write("]}")
    return path


def acled_events(folder: Path, rows: int) -> Path:
    def body() -> Iterator[str]:
        i = 0
        while True:
            date = f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}"
            yield acled_row(f"KGZ{i}", date, "Kyrgyzstan", 417, "39.9", "70.8", i % 5)
            i += 1

    # the export tool writes a byte-order mark
    return _lines(folder / "acled.csv", rows, [ACLED_HEADER], body(), "utf-8-sig")


def acled_aggregated(folder: Path, rows: int) -> Path:
    head, *body = ACLED_AGG_CSV.splitlines()
    return _lines(folder / "acled_agg.csv", rows, [head], acled_months(body))


def acled_aggregated_xlsx(folder: Path, rows: int) -> Path:
    from openpyxl import Workbook

    head, *body = ACLED_AGG_CSV.splitlines()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Asia-Pacific")
    sheet.append(head.split(","))
    for _, line in zip(range(rows), acled_months(body), strict=False):
        sheet.append(line.split(","))
    path = folder / "acled_agg.xlsx"
    book.save(path)
    return path


def acled_months(body: list[str]) -> Iterator[str]:
    """The sample's three rows (country, two provinces) for month after month."""
    i = 0
    while True:
        year, month = 1997 + (i // 36) % 28, 1 + (i // 3) % 12
        line = body[i % 3].replace("2024-01-01", f"{year}-{month:02d}-01")
        yield line.replace("2024-01-31", f"{year}-{month:02d}-28")
        i += 1


def ucdp_ged(folder: Path, rows: int) -> Path:
    def body() -> Iterator[str]:
        i = 0
        while True:
            date = f"{1990 + i % 34}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            yield ucdp_row(i, 1 + i % 6, "Tajikistan", 702, 1, 2 + i % 3, 9, date)
            i += 1

    return _lines(folder / "ucdp.csv", rows, [UCDP_HEADER], body())


def unhcr_datafinder(folder: Path, rows: int) -> Path:
    head, *body = UNHCR_DATAFINDER.splitlines()[3:]

    def years() -> Iterator[str]:
        i = 0
        while True:
            yield body[i % len(body)].replace("2023", str(1990 + i % 35), 1)
            i += 1

    return _lines(folder / "unhcr.csv", rows, [head], years())


def unhcr_api_csv(folder: Path, rows: int) -> Path | None:
    real = _real_lines("unhcr/refugees_pkg_population_CA_AFG.csv", 1)
    return real and _lines(folder / "unhcr_api.csv", rows, real[0], _cycle(real[1]))


def unhcr_api_json(folder: Path, rows: int) -> Path:
    item = {"year": 2024, "coo_id": 1, "coo_name": "Afghanistan", "coo": "AFG",
            "coo_iso": "AFG", "coa_id": 2, "coa_name": "Uzbekistan", "coa": "UZB",
            "coa_iso": "UZB", "refugees": 5, "asylum_seekers": "-", "idps": 0, "stateless": 0,
            "ooc": 0, "oip": 12, "hst": 0, "returned_refugees": 0, "returned_idps": 0}  # fmt: skip
    path = folder / "unhcr_api.json"
    with path.open("w") as f:
        f.write('{"page": 1, "maxPages": 1, "items": [')
        for i in range(rows):
            f.write(("," if i else "") + json.dumps({**item, "year": 1990 + i % 35}))
        f.write("]}")
    return path


def statuz_sdmx(folder: Path, rows: int) -> Path | None:
    real = _real_lines("trade/statuz_sdmx_data_1105_UZB_exports_by_partner_2010-2023.csv", 1)
    return real and _lines(folder / "statuz.csv", rows, real[0], _cycle(real[1]))


def dtm_csv(folder: Path, rows: int) -> Path | None:
    real = _real_lines("iom_dtm/hdx_global-iom-dtm-from-api-admin-0-to-2_AFG.csv", 2)
    return real and _lines(folder / "dtm.csv", rows, real[0], _cycle(real[1]))


def dtm_json(folder: Path, rows: int) -> Path | None:
    source = REAL / "iom_dtm/dtm_api_displacement-admin1-admin0pcode-afg.json"
    if not source.is_file():
        return None
    items = json.loads(source.read_text(encoding="utf-8"))["result"]
    path = folder / "dtm.json"
    with path.open("w") as f:
        f.write('{"result": [')
        for i in range(rows):
            f.write(("," if i else "") + json.dumps(items[i % len(items)]))
        f.write("]}")
    return path


def worldbank_databank(folder: Path, rows: int) -> Path | None:
    real = _real_lines("wdi/databank_wdi_all_countries_population_CA_AFG.csv", 1)
    if real is None:
        return None
    data = [line for line in real[1] if len(line.split(",")[1]) == 3]  # not the footer
    return _lines(folder / "databank.csv", rows, real[0], _cycle(data))


def worldbank_bulk(folder: Path, rows: int) -> Path | None:
    real = _real_lines("wdi/wb_bulk_API_BX.TRF.PWKR.DT.GD.ZS_DS2_en_csv_v2_3686014_CA_AFG.csv", 5)
    if real is None:
        return None
    # the bulk layout with the population series' name and code (the values stay synthetic)
    renamed = [
        line.replace(
            '"Personal remittances, received (% of GDP)","BX.TRF.PWKR.DT.GD.ZS"',
            '"Population, total","SP.POP.TOTL"',
        )  # fmt: skip
        for line in real[1]
    ]
    return _lines(folder / "wb_bulk.csv", rows, real[0], _cycle(renamed))


def geojson_lines(folder: Path, rows: int) -> Path:
    path = folder / "routes.geojson"
    with path.open("w") as f:
        f.write('{"type": "FeatureCollection", "features": [')
        for i in range(rows):
            x, y = 66.0 + (i % 500) * 0.01, 37.0 + (i // 500 % 50) * 0.02
            line = [[x, y], [x + 0.5, y + 0.3], [x + 1, y]]
            feature = {"type": "Feature",
                       "properties": {"name": f"line {i}", "mode": "rail", "status": "planned"},
                       "geometry": {"type": "LineString", "coordinates": line}}  # fmt: skip
            f.write(("," if i else "") + json.dumps(feature))
        f.write("]}")
    return path


def geopackage_lines(folder: Path, rows: int) -> Path:
    import geopandas as gpd

    doc = json.loads(geojson_lines(folder, rows).read_text())
    frame = gpd.GeoDataFrame.from_features(doc["features"], crs="EPSG:4326")
    path = folder / "routes.gpkg"
    frame.to_file(path, driver="GPKG", engine="pyogrio")
    return path


# (label, importer format, builder, share of --rows)
FILES: list[tuple[str, str, Callable[[Path, int], Path | None], float]] = [
    ("unhcr-datafinder", "unhcr-datafinder", unhcr_datafinder, 1.0),
    ("unhcr-api-csv", "unhcr-api-csv", unhcr_api_csv, 1.0),
    ("unhcr-api-json", "unhcr-api-json", unhcr_api_json, 0.1),
    ("comtrade-csv", "comtrade-csv", comtrade_csv, 1.0),
    ("comtrade-json", "comtrade-json", comtrade_json, 0.1),
    ("statuz-sdmx", "statuz-sdmx", statuz_sdmx, 1.0),
    ("acled-events", "acled-events", acled_events, 1.0),
    ("acled-hdx-aggregated", "acled-hdx-aggregated", acled_aggregated, 1.0),
    ("acled-hdx (xlsx)", "acled-hdx-aggregated", acled_aggregated_xlsx, 0.01),
    ("ucdp-ged", "ucdp-ged", ucdp_ged, 1.0),
    ("iom-dtm-csv", "iom-dtm-csv", dtm_csv, 1.0),
    ("iom-dtm-json", "iom-dtm-json", dtm_json, 0.1),
    ("worldbank-databank", "worldbank-databank", worldbank_databank, 1.0),
    ("worldbank-bulk", "worldbank-bulk", worldbank_bulk, 1.0),
    ("geometry (geojson)", "geometry", geojson_lines, 0.1),
    ("geometry (gpkg)", "geometry", geopackage_lines, 0.1),
]


def _child(path: str, fmt: str, mode: str) -> None:
    from dashboard_core.importers import collect, stream

    start = time.perf_counter()
    run = stream(Path(path), fmt, options=OPTIONS.get(fmt))
    if mode == "read":
        result = collect(run)
        kept = sum(len(f) for f in result.frames.values())
    else:
        kept = sum(len(chunk.frame) for chunk in run.chunks)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{run.report.rows_read} {kept} {took:.3f} {peak:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="/tmp/bench-import")
    parser.add_argument("--formats", nargs="*", default=None, help="labels of FILES to run")
    parser.add_argument("--mode", choices=("stream", "read"), default="stream")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"mode {args.mode}, {args.runs} runs each (median time, highest peak)")
    print(
        f"{'file':<22}{'rows read':>11}{'mapped':>11}{'size MB':>9}{'median s':>10}{'peak MB':>9}"
    )
    for label, fmt, build, share in FILES:
        if args.formats and label not in args.formats:
            continue
        path = build(folder, max(10, int(args.rows * share)))
        if path is None:
            print(f"{label:<22} skipped: no publisher file at {REAL}")
            continue
        runs = []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(path), fmt, args.mode],
                capture_output=True,
                text=True,
            )
            if out.returncode:
                print(f"{label:<22} FAILED: {out.stderr.strip().splitlines()[-1]}")
                break
            read_, kept, took, peak = out.stdout.split()
            runs.append((int(read_), int(kept), float(took), float(peak)))
        if runs:
            size = path.stat().st_size / 1e6
            print(
                f"{label:<22}{runs[0][0]:>11,}{runs[0][1]:>11,}{size:>9.1f}"
                f"{statistics.median(r[2] for r in runs):>10.1f}{max(r[3] for r in runs):>9.0f}"
            )
        path.unlink()


if __name__ == "__main__":
    main()
