"""UCDP Georeferenced Event Dataset (GED) -> incidents rows.

The GED CSV (ucdp.uu.se/downloads, codebook version 23.1 onwards): one row per event with
`best`, `low` and `high` death estimates (the fatality range: low -> fatalities_min, high ->
fatalities_max, best kept in `fatalities_best`), `where_prec` (1 exact place ... 6 country,
7 international waters or airspace) and `date_prec` (1 exact day ... 5 more than a year),
`country_id` a Gleditsch-Ward number. Licence CC BY 4.0 (cite Sundberg and Melander 2013 and
Davies et al.).

Precision codes are mapped to the contract's coarser words and kept as given in
`geo_precision_source` / `date_precision_source`: where_prec 1 -> place, 2 -> nearby_place,
3-4 -> admin1, 5-6 -> country; 7 (no country) is set aside. date_prec 1 -> day, 2-3 -> month,
4-5 -> year.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dashboard_core.importers import countries
from dashboard_core.importers.base import ROW, Chunk, Format, ReadContext
from dashboard_core.importers.files import Probe
from dashboard_core.importers.mapping import coordinates, numbers, set_aside
from dashboard_core.importers.tables import csv_frames

REQUIRED = {"id", "type_of_violence", "where_prec", "date_prec", "date_start", "date_end",
            "best", "low", "high", "latitude", "longitude", "country"}  # fmt: skip
WHERE_PREC = {"1": "place", "2": "nearby_place", "3": "admin1", "4": "admin1", "5": "country",
              "6": "country"}  # fmt: skip
DATE_PREC = {"1": "day", "2": "month", "3": "month", "4": "year", "5": "year"}
VIOLENCE = {"1": ("armed_clash", "state-based conflict"),
            "2": ("armed_clash", "non-state conflict"),
            "3": ("attack", "one-sided violence")}  # fmt: skip


def _header(probe: Probe) -> int | None:
    for i, record in enumerate(probe.records[:5]):
        if {c.strip().lstrip("\ufeff").lower() for c in record} >= REQUIRED:
            return i
    return None


def _dates(ctx: ReadContext, raw: pd.DataFrame, column: str) -> pd.Series:
    text = raw[column].astype("string").str.strip().str[:10]
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna()
    if bad.any():
        first = bad[bad].index[0]
        raise ctx.fail(
            f"holds {raw.at[first, column]!r}",
            row=raw.at[first, ROW],
            column=column,
            expected="a date YYYY-MM-DD",
        )
    return parsed


def _text(raw: pd.DataFrame, column: str) -> pd.Series:
    if column not in raw:
        return pd.Series("", index=raw.index, dtype="string")
    return raw[column].astype("string").fillna("")


@dataclass
class UcdpGed:
    format: Format

    def matches(self, probe: Probe) -> bool:
        return probe.kind == "csv" and _header(probe) is not None

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        at = _header(ctx.probe) or 0
        header = [c.strip().lstrip("\ufeff").lower() for c in ctx.probe.records[at]]
        names: dict = {}
        for raw in csv_frames(ctx.probe, at, progress=ctx.progress):
            raw.columns = [*header, ROW]
            ctx.report.rows_read += len(raw)
            yield Chunk("incidents", self._map(ctx, raw, names))

    def _map(self, ctx: ReadContext, raw: pd.DataFrame, names: dict) -> pd.DataFrame:
        where = raw["where_prec"].astype("string").str.strip()
        raw = set_aside(
            raw, where == "7", "international waters or airspace (where_prec 7)", ctx.report
        )
        where = where[raw.index]
        iso3 = pd.Series([
            countries.iso3_from_gleditsch_ward(code, name)
            for code, name in zip(raw.get("country_id", raw["country"]), raw["country"],
                                  strict=True)
        ], index=raw.index, dtype="string")  # fmt: skip
        raw = set_aside(raw, iso3.isna(), "country not recognised", ctx.report)
        iso3, where = iso3[raw.index], where[raw.index]
        unknown = ~where.isin(list(WHERE_PREC))
        if unknown.any():
            first = unknown[unknown].index[0]
            raise ctx.fail(
                f"holds {where[first]!r}",
                row=raw.at[first, ROW],
                column="where_prec",
                expected="a UCDP precision code 1-7",
            )
        date_prec = raw["date_prec"].astype("string").str.strip()
        start, end = _dates(ctx, raw, "date_start"), _dates(ctx, raw, "date_end")
        low = numbers(ctx, raw, "low", integer=True)
        best = numbers(ctx, raw, "best", integer=True)
        high = numbers(ctx, raw, "high", integer=True)
        disordered = (low > best) | (best > high)
        if disordered.any():
            first = disordered[disordered].index[0]
            raise ctx.fail(f"low {low[first]:.0f}, best {best[first]:.0f}, high {high[first]:.0f}",
                           row=raw.at[first, ROW], column="best",
                           expected="low <= best <= high")  # fmt: skip
        lat, lon = coordinates(ctx, raw, "latitude", "longitude")
        violence = raw["type_of_violence"].astype("string").str.strip()
        kind = violence.map(lambda v: VIOLENCE.get(v, ("other", "violence"))[0])
        words = violence.map(lambda v: VIOLENCE.get(v, ("other", "violence"))[1])
        actors = _text(raw, "side_a") + "; " + _text(raw, "side_b")
        place = _text(raw, "where_description")
        out = pd.DataFrame({
            "incident_id": "ucdp-ged-" + raw["id"].astype("string").str.strip(),
            "date_start": start, "date_end": end,
            "date_precision": date_prec.map(DATE_PREC).fillna("year"),
            "country_iso3": iso3, "counterpart_iso3": pd.NA, "location": place,
            "admin1": raw.get("adm_1", pd.Series(pd.NA, index=raw.index)).astype("string"),
            "lat": lat, "lon": lon, "geo_precision": where.map(WHERE_PREC),
            "event_type": kind, "actors": actors,
            "fatalities_min": low, "fatalities_max": high, "fatalities_best": best,
            "injuries": pd.NA, "event_count": 1,
            "summary": words.str.capitalize() + " (UCDP GED, " + _text(raw, "conflict_name")
            + "): " + best.astype(
                "Int64").astype(str) + " deaths (best estimate; low " + low.astype("Int64")
            .astype(str) + ", high " + high.astype("Int64").astype(str) + ")",
            "date_precision_source": "UCDP date_prec " + date_prec,
            "geo_precision_source": "UCDP where_prec " + where,
            "event_type_source": "UCDP type_of_violence " + violence + ": " + words,
            ROW: raw[ROW],
        })  # fmt: skip
        inside = ctx.scope_mask(out, "incidents")
        ctx.tally(out.loc[inside, "fatalities_best"].groupby(_labels(out[inside])).sum())
        return out

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        return frame["fatalities_best"].groupby(_labels(frame)).sum()


def _labels(frame: pd.DataFrame) -> pd.Series:
    return "deaths (best), " + frame["country_iso3"].astype("string")


IMPORTERS = (
    UcdpGed(
        Format(
            "ucdp-ged",
            "UCDP Georeferenced Event Dataset (CSV)",
            "Uppsala Conflict Data Program (UCDP)",
            ("incidents",),
            "CC BY 4.0 (cite Sundberg and Melander 2013; Davies et al.)",
            "UCDP GED codebook, version 23.1 and later (ucdp.uu.se/downloads)",
            attribution="UCDP Georeferenced Event Dataset, Uppsala University",
        )
    ),
)
