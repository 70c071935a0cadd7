"""IOM Displacement Tracking Matrix (DTM) -> displacement rows.

Layouts: the HDX "global IOM DTM from API" CSV (admin 0 to 2 rows in one file, an HXL tag row
under the header: #country+code, #affected+idps, #date+reported, ...) and the DTM API's JSON
({"result": [...]}, one admin level per file). Each row is the number of internally displaced
people present (numPresentIdpInd) in an area at a reporting date, by round and reason.

Rows become stocks at their reporting date (period_start = period_end = reportingDate),
population_type idps, origin and location the country, with the area in admin1/admin2 and the
displacement reason in `subtype`. A file holding several admin levels counts the same people at
each level: the finest level is kept, coarser rows are set aside and reconciled against it.
DTM tables are small (one row per area and round) and are read whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dashboard_core.importers.base import ROW, Chunk, Format, ReadContext, Reconciliation
from dashboard_core.importers.files import Probe
from dashboard_core.importers.mapping import numbers, set_aside

REQUIRED = {"admin0Pcode", "numPresentIdpInd", "reportingDate"}
LAYOUTS = (
    "DTM API v2 documentation (dtm.iom.int/data-and-analysis/dtm-api) and HDX's "
    "hdx-scraper-iom-dtm output, as in ../shared/realdata/iom_dtm"
)


def _header(records: list[list[str]]) -> int | None:
    for i, record in enumerate(records[:5]):
        if {c.strip().lstrip("\ufeff") for c in record} >= REQUIRED:
            return i
    return None


@dataclass
class DtmImporter:
    format: Format

    def matches(self, probe: Probe) -> bool:
        if self.format.name == "iom-dtm-json":
            doc = probe.document
            rows = doc.get("result") if isinstance(doc, dict) else None
            return (probe.kind == "json" and isinstance(rows, list) and bool(rows)
                    and isinstance(rows[0], dict) and set(rows[0]) >= REQUIRED)  # fmt: skip
        return probe.kind == "csv" and _header(probe.records) is not None

    def _raw(self, ctx: ReadContext) -> pd.DataFrame:
        from dashboard_core.importers.acled import hxl_rows
        from dashboard_core.importers.tables import csv_frames

        if self.format.name == "iom-dtm-json":
            raw = pd.DataFrame(ctx.probe.document["result"])  # type: ignore[index]
            raw = raw.astype("string").fillna("")
            raw[ROW] = [f"result[{i}]" for i in range(len(raw))]
            return raw
        at = _header(ctx.probe.records) or 0
        skip = hxl_rows(ctx.probe.records, at)
        if skip:
            ctx.report.note("HXL tag row under the header skipped")
        header = [c.strip().lstrip("\ufeff") for c in ctx.probe.records[at]]
        frames = list(csv_frames(ctx.probe, at, skip, ctx.progress))
        for frame in frames:
            frame.columns = [*header, ROW]
        return pd.concat(frames, ignore_index=True)

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        raw = self._raw(ctx)
        ctx.report.rows_read += len(raw)
        if raw.empty:
            return
        iso3 = raw["admin0Pcode"].astype("string").str.strip().str.upper()
        date = pd.to_datetime(raw["reportingDate"].str[:10], format="%Y-%m-%d", errors="coerce")
        if date.isna().any():
            first = date[date.isna()].index[0]
            raise ctx.fail(
                f"holds {raw.at[first, 'reportingDate']!r}",
                row=raw.at[first, ROW],
                column="reportingDate",
                expected="a date such as 2017-03-30",
            )
        value = numbers(ctx, raw, "numPresentIdpInd")
        admin1 = _text(raw, "admin1Name")
        admin2 = _text(raw, "admin2Name")
        level = (admin1 != "").astype(int) + (admin2 != "").astype(int)
        if "adminLevel" in raw:
            level = numbers(ctx, raw, "adminLevel", integer=True).fillna(level).astype(int)
        out = pd.DataFrame({
            "origin_iso3": iso3, "location_iso3": iso3, "population_type": "idps",
            "measure": "stock", "group": "total", "period_start": date, "period_end": date,
            "year": date.dt.year.astype("int64"), "value": value, "operation": pd.NA,
            "admin1": admin1.replace("", pd.NA), "admin2": admin2.replace("", pd.NA),
            "admin_level": level, "subtype": _text(raw, "displacementReason").replace("", pd.NA),
            "dtm_round": _text(raw, "roundNumber"), "dtm_operation": _text(raw, "operation"),
            ROW: raw[ROW],
        })  # fmt: skip
        out = set_aside(out, out["value"].isna(), "no figure (numPresentIdpInd empty)", ctx.report)
        finest = out.groupby("origin_iso3")["admin_level"].transform("max")
        coarse = out["admin_level"] < finest
        for iso in sorted(set(out.loc[coarse, "origin_iso3"])):
            mine = out["origin_iso3"] == iso
            for lvl in sorted(set(out.loc[mine & coarse, "admin_level"])):
                ctx.report.reconciliations.append(Reconciliation(
                    f"IDPs summed over rounds, {iso}: admin {lvl} rows vs admin "
                    f"{int(finest[mine].max())} rows",
                    float(out.loc[mine & (out["admin_level"] == lvl), "value"].sum()),
                    float(out.loc[mine & ~coarse, "value"].sum()),
                ))  # fmt: skip
        out = set_aside(
            out,
            coarse,
            "coarser admin level than the file's finest (used as a check total)",
            ctx.report,
        )
        inside = ctx.scope_mask(out, "displacement")
        ctx.tally(out.loc[inside, "value"].groupby(_labels(out[inside])).sum())
        yield Chunk("displacement", out)

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        return frame["value"].groupby(_labels(frame)).sum()


def _labels(frame: pd.DataFrame) -> pd.Series:
    return "IDPs summed over rounds, " + frame["origin_iso3"].astype("string")


def _text(raw: pd.DataFrame, column: str) -> pd.Series:
    if column not in raw:
        return pd.Series("", index=raw.index, dtype="string")
    text = raw[column].astype("string").fillna("").str.strip()
    return text.mask(text.isin(["Not available", "NA"]), "")


def _format(name: str, label: str) -> Format:
    return Format(name, label, "International Organization for Migration (IOM DTM)",
                  ("displacement",), "IOM DTM terms of use (attribution to IOM DTM required)",
                  LAYOUTS, attribution="IOM Displacement Tracking Matrix (DTM)")  # fmt: skip


IMPORTERS = (
    DtmImporter(_format("iom-dtm-csv", "IOM DTM table (CSV, HXL-tagged)")),
    DtmImporter(_format("iom-dtm-json", "IOM DTM API (JSON)")),
)
