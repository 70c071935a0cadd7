"""ACLED (Armed Conflict Location & Event Data) -> incidents rows.

Layouts:
- The event export (ACLED Explorer / API CSV): 31 columns (event_id_cnty, event_date, year,
  time_precision, disorder_type, event_type, sub_event_type, actor1, ..., iso, region, country,
  admin1-3, location, latitude, longitude, geo_precision, source, source_scale, notes,
  fatalities, tags, timestamp), often with a UTF-8 byte-order mark; older exports carry data_id,
  event_id_no_cnty and iso3 instead of disorder_type and tags; HDX copies add an HXL tag row.
  `event_date` has been written as 2023-02-16, "16 February 2023", 16-February-2023 and
  16/02/2023 over the years: one format is chosen per batch and every date must parse with it.
- HDX's aggregated files (CSV, or XLSX with one sheet per region group): admin-level rows with
  `events` and `fatalities` per month (Month/Year columns or reference_period_start/_end).
  Each row becomes one incidents row covering its month at admin precision, with `event_count`
  holding the number of events; the finest admin level in the file is kept and coarser rows
  are reconciled against it.

ACLED's terms of use forbid passing raw rows on: every row is marked raw_download_allowed =
false, and the source entry carries ACLED's attribution. ACLED's `notes` are kept in
`source_notes` (ACLED's words, shown, never downloaded); `summary` is composed from the
coded fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dashboard_core.importers import countries
from dashboard_core.importers.base import ROW, Chunk, Format, ReadContext, Reconciliation
from dashboard_core.importers.files import Probe
from dashboard_core.importers.mapping import coordinates, numbers, set_aside
from dashboard_core.importers.tables import csv_frames, sheet_frames

LICENCE = (
    "ACLED terms of use: attribution required; raw data may not be redistributed "
    "(acleddata.com/terms-of-use)"
)
ATTRIBUTION = "Armed Conflict Location & Event Data (ACLED), www.acleddata.com"
LAYOUTS = (
    "ACLED codebook and export tool columns (acleddata.com/knowledge-base/codebook); HDX "
    "ACLED datasets and the hdx-scraper-acled output (admin rows, events, fatalities, "
    "reference periods)"
)
EVENT_COLUMNS = {"event_id_cnty", "event_date", "event_type", "country", "latitude",
                 "longitude", "fatalities"}  # fmt: skip
AGGREGATE_COLUMNS = {"events", "fatalities"}
SUB_EVENT_TYPES: dict[str, str] = {
    "armed clash": "armed_clash",
    "government regains territory": "armed_clash",
    "non-state actor overtakes territory": "armed_clash",
    "attack": "attack",
    "abduction/forced disappearance": "attack",
    "sexual violence": "attack",
    "air/drone strike": "drone_strike",
    "shelling/artillery/missile attack": "rocket_attack",
    "remote explosive/landmine/ied": "explosion",
    "suicide bomb": "explosion",
    "grenade": "explosion",
    "chemical weapon": "attack",
    "peaceful protest": "protest",
    "protest with intervention": "protest",
    "excessive force against protesters": "protest",
    "violent demonstration": "protest",
    "mob violence": "protest",
}
TIME_PRECISION = {"1": "day", "2": "month", "3": "month"}
TIME_PRECISION_WORDS = {"1": "day", "2": "within a week", "3": "within a month"}
GEO_PRECISION = {"1": "place", "2": "nearby_place", "3": "admin1"}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y",
                "%m/%d/%Y", "%Y/%m/%d")  # fmt: skip
AGG_EVENT_TYPES = {"political_violence": "other", "civilian_targeting": "attack",
                   "demonstration": "protest"}  # fmt: skip


def _lower(names) -> list[str]:
    return [str(n).strip().lstrip("\ufeff").lower() for n in names]


def hxl_rows(records: list[list[str]], at: int) -> int:
    """1 when the row under the header is an HXL tag row (#date+occurred, ...), else 0."""
    if at + 1 >= len(records):
        return 0
    cells = [c.strip() for c in records[at + 1] if c.strip()]
    return int(bool(cells) and all(c.startswith("#") for c in cells))


def _header(probe: Probe, required: set[str]) -> int | None:
    for i, record in enumerate(probe.records[:10]):
        if required <= set(_lower(record)):
            return i
    return None


def parse_dates(ctx: ReadContext, frame: pd.DataFrame, column: str) -> pd.Series:
    """Dates in any of ACLED's historical formats, value by value; n/n/yyyy dates are read
    day first (ACLED's old layout) unless only month first reads all of them."""
    text = frame[column].astype("string").str.strip()
    parsed = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS[:5]:
        todo = parsed.isna()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    slashed = parsed.isna() & text.str.contains("/", regex=False).fillna(False)
    if slashed.any():
        for fmt in ("%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d"):
            trial = pd.to_datetime(text[slashed], format=fmt, errors="coerce")
            if trial.notna().all():
                parsed[slashed] = trial
                ctx.report.note(f"{column} written {fmt.replace('%', '')} in some rows")
                break
    bad = parsed.isna()
    if bad.any():
        first = bad[bad].index[0]
        raise ctx.fail(
            f"holds {text[first]!r}",
            row=frame.at[first, ROW],
            column=column,
            expected="a date such as 2023-02-16 or 16 February 2023",
        )
    return parsed


def _iso3(raw: pd.DataFrame, names: dict) -> pd.Series:
    by_name = pd.Series(countries.map_names(raw["country"], names), index=raw.index)
    if "iso3" in raw:
        given = raw["iso3"].astype("string").str.strip().str.upper()
        by_name = given.where(given.map(countries.is_iso3).astype(bool), by_name)
    elif "iso" in raw:
        numeric = raw["iso"].map(countries.iso3_from_numeric)
        by_name = numeric.where(numeric.notna(), by_name)
    return by_name.astype("string")


def _summary(raw: pd.DataFrame, kind: pd.Series, fatalities: pd.Series) -> pd.Series:
    place = raw["location"].astype("string").fillna("")
    admin = raw.get("admin1", pd.Series("", index=raw.index)).astype("string").fillna("")
    where = place.where(admin == "", place + ", " + admin)
    deaths = fatalities.map(lambda n: "no fatality reported" if n == 0 else
                            f"{int(n)} fatalit{'y' if n == 1 else 'ies'} reported")  # fmt: skip
    return kind.astype("string") + " at " + where + " (ACLED); " + deaths


@dataclass
class AcledEvents:
    format: Format

    def matches(self, probe: Probe) -> bool:
        return probe.kind == "csv" and _header(probe, EVENT_COLUMNS) is not None

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        at = _header(ctx.probe, EVENT_COLUMNS) or 0
        skip = hxl_rows(ctx.probe.records, at)
        if skip:
            ctx.report.note("HXL tag row under the header skipped")
        header = _lower(ctx.probe.records[at])
        names: dict = {}
        for raw in csv_frames(ctx.probe, at, skip, ctx.progress):
            raw.columns = [*header, ROW]
            ctx.report.rows_read += len(raw)
            yield Chunk("incidents", self._map(ctx, raw, names))

    def _map(self, ctx: ReadContext, raw: pd.DataFrame, names: dict) -> pd.DataFrame:
        iso3 = _iso3(raw, names)
        raw = set_aside(raw, iso3.isna(), "country not recognised", ctx.report)
        iso3 = iso3[raw.index]
        date = parse_dates(ctx, raw, "event_date")
        lat, lon = coordinates(ctx, raw, "latitude", "longitude")
        fatalities = numbers(ctx, raw, "fatalities", integer=True)
        tp = raw.get("time_precision", pd.Series("1", index=raw.index)).astype("string").str.strip()
        gp = raw.get("geo_precision", pd.Series("", index=raw.index)).astype("string").str.strip()
        sub = raw.get("sub_event_type", raw["event_type"]).astype("string").fillna("")
        kind = sub.str.lower().map(SUB_EVENT_TYPES).fillna("other")
        actors = raw.get("actor1", pd.Series("", index=raw.index)).astype("string").fillna("")
        if "actor2" in raw:
            other = raw["actor2"].astype("string").fillna("")
            actors = actors.where(other == "", actors + "; " + other)
        out = pd.DataFrame({
            "incident_id": "acled-" + raw["event_id_cnty"].astype("string").str.strip(),
            "date_start": date, "date_end": date,
            "date_precision": tp.map(TIME_PRECISION).fillna("month"),
            "country_iso3": iso3, "counterpart_iso3": pd.NA,
            "location": raw["location"].astype("string"),
            "admin1": raw.get("admin1", pd.Series(pd.NA, index=raw.index)).astype("string"),
            "lat": lat, "lon": lon, "geo_precision": gp.map(GEO_PRECISION).fillna("admin1"),
            "event_type": kind, "actors": actors,
            "fatalities_min": fatalities, "fatalities_max": fatalities, "injuries": pd.NA,
            "summary": _summary(raw, sub.where(sub != "", raw["event_type"]), fatalities),
            "event_count": 1,
            "date_precision_source": "ACLED time_precision " + tp + ": "
            + tp.map(TIME_PRECISION_WORDS).fillna("not stated"),
            "geo_precision_source": "ACLED geo_precision " + gp,
            "event_type_source": raw["event_type"].astype("string") + " / " + sub,
            "cited_source": raw.get("source", pd.Series(pd.NA, index=raw.index)),
            "source_notes": raw.get("notes", pd.Series(pd.NA, index=raw.index)),
            ROW: raw[ROW],
        })  # fmt: skip
        bad_lat = out["lat"].isna() | out["lon"].isna()
        out = set_aside(out, bad_lat, "no coordinates", ctx.report)
        inside = ctx.scope_mask(out, "incidents")
        ctx.tally(out.loc[inside, "fatalities_max"].groupby(_labels(out[inside])).sum())
        return out

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        return frame["fatalities_max"].groupby(_labels(frame)).sum()


_WHAT = {"fatalities_max": "fatalities", "event_count": "events"}


def _labels(frame: pd.DataFrame) -> pd.Series:
    return "fatalities, " + frame["country_iso3"].astype("string")


def _agg_header(rows: list[list[object]]) -> int | None:
    for i, row in enumerate(rows[:10]):
        names = set(_lower(c for c in row if c is not None))
        has_place = bool({"location_code", "iso3", "country"} & names)
        has_period = {"month", "year"} <= names or "reference_period_start" in names
        if names >= AGGREGATE_COLUMNS and has_place and has_period:
            return i
    return None


@dataclass
class AcledAggregated:
    format: Format

    def matches(self, probe: Probe) -> bool:
        if probe.kind == "xlsx":
            return any(_agg_header(rows) is not None for rows in probe.sheets.values())
        return probe.kind == "csv" and _agg_header(probe.records) is not None  # type: ignore

    def _frames(self, ctx: ReadContext) -> Iterator[pd.DataFrame]:
        probe = ctx.probe
        if probe.kind == "xlsx":
            for sheet, rows in probe.sheets.items():
                at = _agg_header(rows)
                if at is None:
                    ctx.report.note(f"sheet {sheet!r} is not an ACLED aggregate table: skipped")
                    continue
                for frame in sheet_frames(probe, sheet, at, ctx.progress):
                    frame.columns = [*_lower(frame.columns[:-1]), ROW]
                    yield frame
            return
        at = _agg_header(probe.records) or 0  # type: ignore[arg-type]
        skip = hxl_rows(probe.records, at)
        header = _lower(probe.records[at])
        for frame in csv_frames(probe, at, skip, ctx.progress):
            frame.columns = [*header, ROW]
            yield frame

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        # Aggregated files are small (one row per admin area, month and type): read whole so
        # admin levels can be compared.
        frames = list(self._frames(ctx))
        raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        ctx.report.rows_read += len(raw)
        if raw.empty:
            return
        yield Chunk("incidents", self._map(ctx, raw))

    def _map(self, ctx: ReadContext, raw: pd.DataFrame) -> pd.DataFrame:
        code = raw.get("location_code", raw.get("iso3"))
        if code is not None:
            iso3 = code.astype("string").str.strip().str.upper()
        else:
            iso3 = pd.Series(countries.map_names(raw["country"], {}), index=raw.index)
        raw = set_aside(
            raw, ~iso3.map(countries.is_iso3).astype(bool), "country not recognised", ctx.report
        )
        iso3 = iso3[raw.index].astype("string")
        if "reference_period_start" in raw:
            start = pd.to_datetime(raw["reference_period_start"].str[:10], errors="coerce")
            end = pd.to_datetime(raw["reference_period_end"].str[:10], errors="coerce")
        else:
            month = raw["month"].astype("string").str.strip()
            start = pd.to_datetime(raw["year"].str.strip() + " " + month, format="%Y %B",
                                   errors="coerce")  # fmt: skip
            start = start.fillna(
                pd.to_datetime(
                    raw["year"].str.strip() + "-" + month, format="%Y-%m", errors="coerce"
                )
            )
            end = start + pd.offsets.MonthEnd(0)
        if start.isna().any():
            first = start[start.isna()].index[0]
            raise ctx.fail(
                "has no readable period",
                row=raw.at[first, ROW],
                column="reference_period_start" if "reference_period_start" in raw else "month",
                expected="a month (January) and a year, or ISO dates",
            )
        events = numbers(ctx, raw, "events", integer=True)
        fatalities = numbers(ctx, raw, "fatalities", integer=True)
        admin1 = raw.get("admin1_name", raw.get("admin1", pd.Series(pd.NA, index=raw.index)))
        admin2 = raw.get("admin2_name", raw.get("admin2", pd.Series(pd.NA, index=raw.index)))
        level = admin2.fillna("").ne("").astype(int) + admin1.fillna("").ne("").astype(int)
        if "admin_level" in raw:
            level = numbers(ctx, raw, "admin_level", integer=True).fillna(level).astype(int)
        kind = raw.get("event_type", pd.Series("", index=raw.index)).astype("string").fillna("")
        out = pd.DataFrame({
            "incident_id": "acled-agg-" + iso3 + "-" + admin1.fillna("").astype(str) + "-"
            + admin2.fillna("").astype(str) + "-" + start.dt.strftime("%Y-%m") + "-" + kind,
            "date_start": start, "date_end": end, "date_precision": "month",
            "country_iso3": iso3, "counterpart_iso3": pd.NA,
            "location": admin2.where(admin2.fillna("") != "", admin1).astype("string"),
            "admin1": admin1.astype("string"), "lat": float("nan"), "lon": float("nan"),
            "geo_precision": level.map({0: "country"}).fillna("admin1"),
            "event_type": kind.str.lower().map(AGG_EVENT_TYPES).fillna("other"),
            "actors": pd.NA, "fatalities_min": fatalities, "fatalities_max": fatalities,
            "injuries": pd.NA, "event_count": events, "admin_level": level,
            "event_type_source": "ACLED aggregate: " + kind,
            "summary": kind.str.replace("_", " ") + ": " + events.astype("Int64").astype(str)
            + " events, " + fatalities.astype("Int64").astype(str) + " fatalities in the month"
            + " (ACLED aggregate)",
            ROW: raw[ROW],
        })  # fmt: skip
        finest = out.groupby("country_iso3")["admin_level"].transform("max")
        coarse = out["admin_level"] < finest
        for iso in sorted(set(out.loc[coarse, "country_iso3"])):
            mine = out["country_iso3"] == iso
            for column in ("fatalities_max", "event_count"):
                ctx.report.reconciliations.append(Reconciliation(
                    f"{_WHAT[column]}, {iso}: the file's coarser rows vs its finest",
                    float(out.loc[mine & coarse, column].sum()),
                    float(out.loc[mine & ~coarse, column].sum()),
                ))  # fmt: skip
        out = set_aside(
            out,
            coarse,
            "coarser admin level than the file's finest (used as a check total)",
            ctx.report,
        )
        inside = ctx.scope_mask(out, "incidents")
        ctx.tally(out.loc[inside, "fatalities_max"].groupby(_labels(out[inside])).sum())
        return out

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        return frame["fatalities_max"].groupby(_labels(frame)).sum()


def _format(name: str, label: str) -> Format:
    return Format(name, label, "ACLED", ("incidents",), LICENCE, LAYOUTS,
                  attribution=ATTRIBUTION, raw_rows_downloadable=False)  # fmt: skip


IMPORTERS = (
    AcledEvents(_format("acled-events", "ACLED event export (CSV)")),
    AcledAggregated(_format("acled-hdx-aggregated", "ACLED aggregated data from HDX")),
)
