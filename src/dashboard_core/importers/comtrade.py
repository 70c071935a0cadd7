"""UN Comtrade -> trade rows.

Layouts: the Comtrade+ CSV (data extraction download and the API's CSV: typeCode, freqCode,
refPeriodId, refYear, refMonth, period, reporterCode, reporterISO, ..., cmdCode, ...,
cifvalue, fobvalue, primaryValue, ...; headers in camelCase or capitalised), the API's JSON
({"count", "data": [records]}), and the legacy Comtrade CSV ("Trade Flow Code", "Reporter
Code", "Commodity Code", "Trade Value (US$)").

- `reporterCode`/`partnerCode` are Comtrade's own codes, not always M49 (842 is the United
  States, 699 India): the ISO columns are used where given, else countries.iso3_from_comtrade.
  Partner 0 (World) becomes WLD; areas that are not countries (Other Asia nes, Bunkers, Free
  zones...) are set aside.
- `primaryValue` is in US dollars: CIF for imports, FOB for exports (kept in `valuation`).
- `period` is YYYY (annual) or YYYYMM (monthly).
- Flows: M -> import, X -> export. Re-imports (RM) and re-exports (RX) are already inside M and
  X, so they are set aside rather than added a second time; other flow codes too.
- Rows broken down by second partner, customs procedure or mode of transport are set aside:
  the total row (partner2 0, customs C00, transport 0) is kept, so nothing counts twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dashboard_core.importers import countries
from dashboard_core.importers.base import ROW, Chunk, Format, ReadContext
from dashboard_core.importers.files import Probe
from dashboard_core.importers.mapping import numbers, set_aside
from dashboard_core.importers.tables import csv_frames

LAYOUTS = (
    "UN Comtrade+ data extraction CSV and API (comtradedeveloper.un.org; comtradeapicall "
    "getFinalData record fields); legacy Comtrade CSV as downloaded before 2023"
)
LICENCE = "UN Comtrade terms of use (cite UN Comtrade; bulk redistribution restricted)"
# Normalised header -> Comtrade+ field.
ALIASES: dict[str, str] = {
    "trade flow code": "flowCode_legacy",
    "reporter code": "reporterCode",
    "reporter iso": "reporterISO",
    "reporter": "reporterDesc",
    "partner code": "partnerCode",
    "partner iso": "partnerISO",
    "partner": "partnerDesc",
    "commodity code": "cmdCode",
    "commodity": "cmdDesc",
    "trade value (us$)": "primaryValue",
    "2nd partner code": "partner2Code",
    "customs proc. code": "customsCode",
    "mode of transport code": "motCode",
    "classification": "classificationCode",
}
FIELDS = {
    f.lower(): f
    for f in [
        "typeCode",
        "freqCode",
        "refPeriodId",
        "refYear",
        "refMonth",
        "period",
        "reporterCode",
        "reporterISO",
        "reporterDesc",
        "flowCode",
        "flowDesc",
        "partnerCode",
        "partnerISO",
        "partnerDesc",
        "partner2Code",
        "partner2ISO",
        "partner2Desc",
        "classificationCode",
        "cmdCode",
        "cmdDesc",
        "customsCode",
        "motCode",
        "cifvalue",
        "fobvalue",
        "primaryValue",
        "isAggregate",
        "aggrLevel",
    ]
}
REQUIRED = {"reporterCode", "partnerCode", "cmdCode", "period", "primaryValue"}
LEGACY_FLOWS = {"1": "M", "2": "X", "3": "RX", "4": "RM"}
FLOWS = {"M": "import", "X": "export"}


def canonical(names: list[str]) -> list[str]:
    out = []
    for name in names:
        key = str(name).strip().lower()
        out.append(ALIASES.get(key) or FIELDS.get(key) or str(name).strip())
    return out


def _is_comtrade(columns: list[str]) -> bool:
    names = set(canonical(columns))
    return names >= REQUIRED and bool({"flowCode", "flowCode_legacy"} & names)


def _records_at(probe: Probe) -> int | None:
    for i, record in enumerate(probe.records[:5]):
        if _is_comtrade(record):
            return i
    return None


def _iso(frame: pd.DataFrame, side: str) -> pd.Series:
    """ISO3 of reporter or partner: Comtrade's ISO column where it is a real ISO3 code, else
    its own code mapped (World -> WLD)."""
    codes = frame[f"{side}Code"].map(countries.iso3_from_comtrade)
    if f"{side}ISO" in frame:
        given = frame[f"{side}ISO"].astype("string").str.strip().str.upper()
        world = given.isin(["W00", "WLD"])
        valid = given.map(countries.is_iso3).astype(bool)
        codes = given.where(valid, codes.where(~world, "WLD"))
        codes = codes.where(~world, "WLD")
    return codes.astype("string")


@dataclass
class ComtradeImporter:
    format: Format

    def matches(self, probe: Probe) -> bool:
        if self.format.name == "comtrade-json":
            doc = probe.document
            data = doc.get("data") if isinstance(doc, dict) else None
            return (
                probe.kind == "json"
                and isinstance(data, list)
                and bool(data)
                and isinstance(data[0], dict)
                and _is_comtrade(list(data[0]))
            )
        return probe.kind == "csv" and _records_at(probe) is not None

    def _frames(self, ctx: ReadContext) -> Iterator[pd.DataFrame]:
        if self.format.name == "comtrade-json":
            frame = pd.DataFrame(ctx.probe.document["data"])  # type: ignore[index]
            frame = frame.astype("string").fillna("")
            frame.columns = canonical(list(frame.columns))
            frame[ROW] = [f"data[{i}]" for i in range(len(frame))]
            yield frame
            return
        at = _records_at(ctx.probe)
        header = canonical(ctx.probe.records[at])  # type: ignore[index]
        for frame in csv_frames(ctx.probe, at or 0, progress=ctx.progress):
            frame.columns = [*header, ROW]
            yield frame

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        for raw in self._frames(ctx):
            ctx.report.rows_read += len(raw)
            yield Chunk("trade", self._map(ctx, raw))

    def _map(self, ctx: ReadContext, raw: pd.DataFrame) -> pd.DataFrame:
        report = ctx.report
        if "flowCode" not in raw and "flowCode_legacy" in raw:
            raw["flowCode"] = (
                raw["flowCode_legacy"].str.strip().map(LEGACY_FLOWS).fillna(raw["flowCode_legacy"])
            )
        flow_code = raw["flowCode"].astype("string").str.strip().str.upper()
        again = flow_code.isin(["RM", "RX"])
        raw = set_aside(
            raw, again, "re-imports/re-exports (RM, RX): already part of M and X", report
        )
        flow_code = flow_code[raw.index]
        other = ~flow_code.isin(list(FLOWS))
        for code in sorted(set(flow_code[other]))[:10]:
            report.set_rows_aside(
                f"flow code {code!r} not mapped (only M and X)",
                raw.loc[other & (flow_code == code), ROW],
            )
        raw, flow_code = raw[~other], flow_code[~other]
        for column, total, what in (
            ("partner2Code", {"0", ""}, "second partner"),
            ("customsCode", {"C00", ""}, "customs procedure"),
            ("motCode", {"0", ""}, "mode of transport"),
        ):
            if column in raw:
                split = ~raw[column].astype("string").str.strip().isin(total)
                raw = set_aside(
                    raw, split, f"broken down by {what} (the total row is kept)", report
                )
        flow_code = flow_code[raw.index]
        reporter, partner = _iso(raw, "reporter"), _iso(raw, "partner")
        unknown = reporter.isna() | (reporter == "WLD")
        raw = set_aside(
            raw, unknown, "reporter is not a country Comtrade code maps to ISO3", report
        )
        partner, reporter, flow_code = partner[raw.index], reporter[raw.index], flow_code[raw.index]
        area = partner.isna()
        raw = set_aside(
            raw, area, "partner is an area, not a country (e.g. Other Asia nes)", report
        )
        partner, reporter, flow_code = partner[raw.index], reporter[raw.index], flow_code[raw.index]
        period = raw["period"].astype("string").str.strip()
        good = period.str.fullmatch(r"(19|20)\d\d(0[1-9]|1[0-2])?").fillna(False)
        if not good.all():
            first = good[~good].index[0]
            raise ctx.fail(
                f"holds {period[first]!r}",
                row=raw.at[first, ROW],
                column="period",
                expected="YYYY (annual) or YYYYMM (monthly)",
            )
        monthly = period.str.len() == 6
        start = pd.to_datetime(period.where(monthly, period + "01"), format="%Y%m")
        end = (start + pd.offsets.MonthEnd(0)).where(monthly, start + pd.offsets.YearEnd(0))
        value = numbers(ctx, raw, "primaryValue")
        flow = flow_code.map(FLOWS)
        out = pd.DataFrame({
            "reporter_iso3": reporter, "partner_iso3": partner, "flow": flow,
            "commodity": raw["cmdCode"].astype("string").str.strip().str.upper()
            .replace({"TOTAL": "TOTAL"}),
            "period_start": start, "period_end": end, "year": start.dt.year.astype("int64"),
            "measure": "observed", "value_usd": value, "value_original": value,
            "currency_original": "USD", "unit_original": "units",
            "valuation": flow.map({"import": "CIF", "export": "FOB"}),
            "flow_code": flow_code, ROW: raw[ROW],
        })  # fmt: skip
        for extra, name in (("cmdDesc", "commodity_label"), ("classificationCode", "hs_version")):
            if extra in raw:
                out[name] = raw[extra].astype("string")
        inside = ctx.scope_mask(out, "trade")
        ctx.tally(out.loc[inside, "value_usd"].groupby(_labels(out[inside])).sum())
        return out

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        return frame["value_usd"].groupby(_labels(frame)).sum()


def _labels(frame: pd.DataFrame) -> pd.Series:
    return "USD, " + frame["flow"].astype("string") + "s reported by " + frame["reporter_iso3"]


def _format(name: str, label: str) -> Format:
    return Format(
        name,
        label,
        "UN Comtrade (United Nations Statistics Division)",
        ("trade",),
        LICENCE,
        LAYOUTS,
        attribution="UN Comtrade database, comtradeplus.un.org",
    )


IMPORTERS = (
    ComtradeImporter(_format("comtrade-csv", "UN Comtrade (CSV)")),
    ComtradeImporter(_format("comtrade-json", "UN Comtrade API (JSON)")),
)
