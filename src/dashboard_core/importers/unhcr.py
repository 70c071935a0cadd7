"""UNHCR Refugee Population Statistics -> displacement rows.

Three layouts, every table (population, solutions, flows, asylum applications, demographics,
IDMC):
- Refugee Data Finder downloads (unhcr.org/refugee-statistics/download): long column names such
  as "Country of origin (ISO)" and "Refugees under UNHCR's mandate" (also with a curly
  apostrophe), the "Returned IDPss" typo, `-` for none, sometimes lines of metadata before the
  header, sometimes zipped with footnotes.csv; exports trimmed to names only are mapped to ISO3.
- The API's and the refugees R package's CSV with short names (year, coo_iso, coa_iso, ...).
- The API's JSON pages ({"page", "maxPages", "items": [...]}).

Same rules as the pipeline (pipeline/unhcr.py): empty, `-` and `*` cells are gaps; the zeros
that the wide population table fills in for every category of a row are left out; UNHCR's
non-ISO codes (UNK, XXA, STA, UKN) are kept as given. Asylum applications counted in cases
(app_pc C) are set aside: the contract counts people. Demographics import the row total by
population type and location; the age and sex bands are reconciled against the row's own
totals, not imported (the contract's groups are not UNHCR's age bands).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dashboard_core.data import contract
from dashboard_core.importers import countries
from dashboard_core.importers.base import ROW, Chunk, Format, ReadContext
from dashboard_core.importers.files import Probe
from dashboard_core.importers.mapping import numbers, set_aside, year_periods, years
from dashboard_core.importers.tables import csv_frames

LICENCE = "CC BY 4.0 (UNHCR Refugee Population Statistics Database)"
ATTRIBUTION = "UNHCR Refugee Data Finder, www.unhcr.org/refugee-statistics"
LAYOUTS = (
    "UNHCR Refugee Data Finder download CSV and API documentation "
    "(api.unhcr.org/docs/refugee-statistics.html); refugees R package 2025.12 data dictionary"
)

# Data Finder long names (normalised: lower case, straight apostrophes) -> API short names.
LONG_NAMES: dict[str, str] = {
    "year": "year",
    "country of origin": "coo_name",
    "country of origin (iso)": "coo_iso",
    "country of asylum": "coa_name",
    "country of asylum (iso)": "coa_iso",
    "refugees under unhcr's mandate": "refugees",
    "asylum-seekers": "asylum_seekers",
    "returned refugees": "returned_refugees",
    "idps of concern to unhcr": "idps",
    "returned idpss": "returned_idps",
    "returned idps": "returned_idps",
    "stateless persons": "stateless",
    "others of concern": "ooc",
    "other people in need of international protection": "oip",
    "venezuelans displaced abroad": "oip",
    "host community": "hst",
    "resettlement arrivals": "resettlement",
    "naturalisation": "naturalisation",
    "applied": "applied",
    "authority": "procedure_type",
    "application type": "app_type",
    "stage of procedure": "dec_level",
    "decision level": "dec_level",
    "cases / persons": "app_pc",
    "population type": "pop_type",
    "location": "location",
    "urban/rural": "loc_type",
    "accommodation type": "acc_type",
    "total": "total",
    "internally displaced persons (idmc)": "total",
    "idps (idmc)": "total",
}
for _sex, _s in (("female", "f"), ("male", "m")):
    for _band, _b in (("0 - 4", "0_4"), ("5 - 11", "5_11"), ("12 - 17", "12_17"),
                      ("18 - 59", "18_59"), ("60 or more", "60"), ("unknown", "other"),
                      ("total", "total")):  # fmt: skip
        LONG_NAMES[f"{_sex} {_band}"] = f"{_s}_{_b}"

AGE_BANDS = ("0_4", "5_11", "12_17", "18_59", "60", "other")
# table -> {short column: (population_type, measure, subtype)}
VALUES: dict[str, dict[str, tuple[str, str, str | None]]] = {
    "population": {
        "refugees": ("refugees", "stock", None),
        "asylum_seekers": ("asylum_seekers", "stock", None),
        "returned_refugees": ("returned_refugees", "flow", None),
        "idps": ("idps", "stock", None),
        "returned_idps": ("returned_idps", "flow", None),
        "stateless": ("stateless", "stock", None),
        "ooc": ("others_of_concern", "stock", None),
        "oip": ("other_in_need", "stock", None),
        "hst": ("host_community", "stock", None),
    },
    "solutions": {
        "returned_refugees": ("returned_refugees", "flow", None),
        "resettlement": ("resettlement", "flow", None),
        "naturalisation": ("naturalisation", "flow", None),
        "returned_idps": ("returned_idps", "flow", None),
    },
    "flows": {
        "refugees": ("new_arrivals", "flow", "refugees"),
        "refugee_like": ("new_arrivals", "flow", "refugee_like"),
        "oip": ("new_arrivals", "flow", "other_in_need"),
        "asylum_seekers": ("asylum_applications", "flow", "new_applications"),
    },
    "asylum_applications": {"applied": ("asylum_applications", "flow", None)},
    "demographics": {"total": ("", "stock", None)},  # type from pop_type
    "idmc": {"total": ("idps", "stock", "conflict and violence (IDMC)")},
}
POP_TYPES: dict[str, tuple[str, str | None]] = {
    "REF": ("refugees", None),
    "ROC": ("refugees", "refugee_like"),
    "ASY": ("asylum_seekers", None),
    "OIP": ("other_in_need", None),
    "VDA": ("other_in_need", "venezuelans_displaced_abroad"),
    "IDP": ("idps", None),
    "IOC": ("idps", "idp_like"),
    "STA": ("stateless", None),
    "OOC": ("others_of_concern", None),
    "HST": ("host_community", None),
    "RET": ("returned_refugees", None),
    "RDP": ("returned_idps", None),
}
ZERO_FILLED = ("population",)  # wide tables whose zeros are fill, not figures


def _norm(name: object) -> str:
    return countries.normalise_name(str(name)).replace(" (iso)", " (iso)")


def short_names(header: list[str]) -> list[str]:
    """Data Finder long names -> short names; short names stay as they are."""
    return [LONG_NAMES.get(_norm(c), str(c).strip()) for c in header]


def table_of(columns: set[str]) -> str | None:
    """Which UNHCR table a set of (short) column names is, if any."""
    if "year" not in columns:
        return None
    has_iso = {"coo_iso", "coa_iso"} <= columns
    has_names = {"coo_name", "coa_name"} <= columns
    if not (has_iso or has_names):
        return None
    if "pop_type" in columns and "total" in columns:
        return "demographics"
    if "applied" in columns:
        return "asylum_applications"
    if "refugee_like" in columns and "idps" not in columns:
        return "flows"
    if {"resettlement", "naturalisation"} & columns and "refugees" not in columns:
        return "solutions"
    if "refugees" in columns and {"idps", "stateless", "asylum_seekers"} & columns:
        return "population"
    values = {c for t in VALUES.values() for c in t} | set(LONG_NAMES.values())
    if "total" in columns and not (columns & (values - {"total", "year"}) - _KEYS):
        return "idmc"
    return None


_KEYS = {"coo_name", "coo_iso", "coa_name", "coa_iso", "coo", "coa", "coo_id", "coa_id", "year"}


def _header_at(records: list[list[str]]) -> int | None:
    for i, record in enumerate(records):
        if table_of(set(short_names(record))):
            return i
    return None


def _codes(ctx: ReadContext, frame: pd.DataFrame, side: str, names: dict) -> pd.Series:
    """ISO3 of origin (coo) or asylum (coa): the ISO column, else the name mapped to ISO3."""
    iso = f"{side}_iso"
    if iso in frame.columns:
        return frame[iso].astype("string").str.strip().str.upper()
    mapped = countries.map_names(frame[f"{side}_name"].str.strip(), names)
    return pd.Series(mapped, index=frame.index, dtype="string")


def _label(origin: pd.Series, location: pd.Series, focus: tuple[str, ...]) -> pd.Series:
    by_origin = "people, origin " + origin.astype("string")
    by_host = "people, host " + location.astype("string")
    return by_origin.where(origin.isin(focus), by_host)


@dataclass
class UnhcrImporter:
    format: Format

    def matches(self, probe: Probe) -> bool:
        if self.format.name == "unhcr-api-json":
            doc = probe.document
            items = doc.get("items") if isinstance(doc, dict) else None
            return (
                probe.kind == "json"
                and isinstance(items, list)
                and bool(items)
                and isinstance(items[0], dict)
                and table_of(set(items[0])) is not None
            )
        if probe.kind != "csv":
            return False
        at = _header_at(probe.records)
        if at is None:
            return False
        names = {_norm(c) for c in probe.records[at]}
        long_layout = bool({"country of origin", "country of asylum"} & names)
        return long_layout == (self.format.name == "unhcr-datafinder")

    def _frames(self, ctx: ReadContext) -> Iterator[pd.DataFrame]:
        if self.format.name == "unhcr-api-json":
            items = ctx.probe.document["items"]  # type: ignore[index]
            frame = pd.DataFrame(items).astype("string").fillna("")
            frame[ROW] = [f"items[{i}]" for i in range(len(frame))]
            yield frame
            return
        at = _header_at(ctx.probe.records)
        assert at is not None
        if at:
            ctx.report.note(f"{at} line(s) of metadata before the header skipped")
        header = short_names(ctx.probe.records[at])
        for frame in csv_frames(ctx.probe, at, progress=ctx.progress):
            frame.columns = [*header, ROW]
            yield frame

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        names: dict = {}
        table = None
        for raw in self._frames(ctx):
            ctx.report.rows_read += len(raw)
            table = table or table_of(set(raw.columns))
            if table is None:
                raise ctx.fail("columns are not a UNHCR table", expected=LAYOUTS)
            yield Chunk("displacement", self._map(ctx, raw, table, names))
        if table:
            ctx.report.note(f"UNHCR table: {table.replace('_', ' ')}")
            if table == "idmc":
                ctx.report.note(
                    "IDMC figures (via UNHCR): cite the Internal Displacement Monitoring Centre"
                )
            if table == "population":
                ctx.report.note(
                    "returned refugees and returned IDPs are also in UNHCR's "
                    "solutions table: import one of the two for them"
                )

    def _map(self, ctx: ReadContext, raw: pd.DataFrame, table: str, names: dict) -> pd.DataFrame:
        raw = raw.copy()
        origin = _codes(ctx, raw, "coo", names)
        location = _codes(ctx, raw, "coa", names)
        for side, codes in (("coo", origin), ("coa", location)):
            given = raw[f"{side}_name"] if f"{side}_name" in raw else raw.get(f"{side}_iso")
            none = codes.isna() | codes.isin(["", "-"])
            if none.any():
                bad = given[none].astype("string").fillna("")
                for value in sorted(set(bad))[:20]:
                    reason = (
                        f"no country given ({value!r})"
                        if value.strip() in ("", "-")
                        else f"country name not recognised: {value!r}"
                    )
                    ctx.report.set_rows_aside(reason, raw.loc[none & (bad == value), ROW])
                raw, origin, location = raw[~none], origin[~none], location[~none]
        if table == "asylum_applications" and "app_pc" in raw:
            cases = raw["app_pc"].str.strip().str.upper().str.startswith("C")
            raw = set_aside(
                raw, cases, "asylum applications counted in cases, not persons", ctx.report
            )
            origin, location = origin[raw.index], location[raw.index]
        year = years(ctx, raw, "year")
        start, end = year_periods(year)
        base = pd.DataFrame({
            "origin_iso3": origin, "location_iso3": location, "group": "total",
            "period_start": start, "period_end": end, "year": year, ROW: raw[ROW],
        })  # fmt: skip
        for extra in ("location", "loc_type", "procedure_type", "app_type", "dec_level"):
            if extra in raw:
                base["admin1" if extra == "location" else extra] = raw[extra].astype("string")
        if table == "demographics":
            self._reconcile_bands(ctx, raw)
        parts, file_cells = [], []
        for column, (ptype, measure, subtype) in VALUES[table].items():
            if column not in raw:
                continue
            values = numbers(ctx, raw, column)
            file_cells.append(values.fillna(0))
            keep = values.notna()
            if table in ZERO_FILLED:
                keep &= values != 0
            part = base.loc[keep].copy()
            part["value"] = values[keep]
            part["measure"] = measure
            part["population_type"] = ptype
            part["subtype"] = subtype
            part["unhcr_column"] = column
            if table == "demographics":
                codes = raw.loc[keep, "pop_type"].str.strip().str.upper()
                mapped = codes.map(lambda c: POP_TYPES.get(c, (None, None)))
                part["population_type"] = [m[0] for m in mapped]
                part["subtype"] = [m[1] for m in mapped]
                unknown = part["population_type"].isna()
                part = set_aside(part, unknown, "population type code not known", ctx.report)
            parts.append(part)
        out = pd.concat(parts, ignore_index=True) if parts else base.iloc[0:0]
        self._tally(ctx, raw, base, file_cells)
        return out

    def _tally(self, ctx, raw, base, cells) -> None:
        if not cells:
            return
        probe = base.assign(value=sum(cells), population_type="refugees", measure="stock")
        inside = ctx.scope_mask(probe, "displacement")
        labels = _label(probe["origin_iso3"], probe["location_iso3"], _FOCUS)
        ctx.tally(probe.loc[inside, "value"].groupby(labels[inside]).sum())

    def _reconcile_bands(self, ctx: ReadContext, raw: pd.DataFrame) -> None:
        """The file's own totals: age bands add up to the sex totals, these to the total."""
        for sex in ("f", "m"):
            bands = [f"{sex}_{b}" for b in AGE_BANDS if f"{sex}_{b}" in raw]
            if f"{sex}_total" in raw and bands:
                given = numbers(ctx, raw, f"{sex}_total")
                summed = sum(numbers(ctx, raw, b).fillna(0) for b in bands)[given.notna()]
                total = given.dropna()
                _add_check(
                    ctx,
                    f"{'female' if sex == 'f' else 'male'} age bands = total",
                    float(total.sum()),
                    float(summed.sum()),
                )
        if {"f_total", "m_total", "total"} <= set(raw.columns):
            female, male = numbers(ctx, raw, "f_total"), numbers(ctx, raw, "m_total")
            split = female.notna() | male.notna()
            both = (female.fillna(0) + male.fillna(0))[split]
            total = numbers(ctx, raw, "total")[split].fillna(0)
            _add_check(
                ctx,
                "female + male = total (rows split by sex)",
                float(total.sum()),
                float(both.sum()),
            )

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        labels = _label(frame["origin_iso3"], frame["location_iso3"], _FOCUS)
        return frame["value"].groupby(labels).sum()


def _add_check(ctx: ReadContext, label: str, file_total: float, summed: float) -> None:
    from dashboard_core.importers.base import Reconciliation

    checks = ctx.report.reconciliations
    for check in checks:
        if check.label == label:
            check.file_total += file_total
            check.imported_total += summed
            return
    checks.append(Reconciliation(label, file_total, summed))


_FOCUS = contract.FOCUS_ISO3


def _format(name: str, label: str) -> Format:
    return Format(
        name=name,
        label=label,
        publisher="UNHCR",
        datasets=("displacement",),
        licence=LICENCE,
        layout_source=LAYOUTS,
        attribution=ATTRIBUTION,
    )


IMPORTERS = (
    UnhcrImporter(_format("unhcr-datafinder", "UNHCR Refugee Data Finder download (CSV)")),
    UnhcrImporter(_format("unhcr-api-csv", "UNHCR API / refugees package (CSV)")),
    UnhcrImporter(_format("unhcr-api-json", "UNHCR API (JSON)")),
)
