"""Pandera schemas of the clean tables, built from the contract and the data dictionary."""

from __future__ import annotations

import pandera.pandas as pa

from dashboard_core.data import contract
from dashboard_core.data.dictionary import field_doc

_ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "countries": {"group": ("focus", "neighbour", "partner", "aggregate")},
    "trade": {"flow": contract.TRADE_FLOWS, "measure": contract.TRADE_MEASURES},
    "displacement": {
        "measure": contract.DISPLACEMENT_MEASURES,
        "group": contract.DISPLACEMENT_GROUPS,
        "population_type": contract.POPULATION_TYPES,
    },
    "incidents": {
        "date_precision": contract.DATE_PRECISIONS,
        "geo_precision": contract.GEO_PRECISIONS,
        "event_type": contract.INCIDENT_TYPES,
    },
    "corridors": {
        "mode": contract.CORRIDOR_MODES,
        "status": contract.CORRIDOR_STATUSES,
        "geometry_precision": contract.GEOMETRY_PRECISIONS,
    },
    "events": {"date_precision": contract.DATE_PRECISIONS, "category": contract.EVENT_CATEGORIES},
    "sources": {"kind": contract.SOURCE_KINDS},
    "conflicts": {
        "type_of_conflict": contract.CONFLICT_TYPES,
        "intensity_level": contract.CONFLICT_INTENSITIES,
    },
}
# fmt: off
_REQUIRED: dict[str, tuple[str, ...]] = {
    "countries": ("iso3", "name", "group"),
    "trade": ("reporter_iso3", "partner_iso3", "flow", "commodity", "year", "measure"),
    "displacement": (
        "origin_iso3", "location_iso3", "population_type", "measure", "group", "year", "value",
    ),
    "incidents": (
        "incident_id", "date_start", "country_iso3", "lat", "lon", "geo_precision", "event_type",
        "summary",
    ),
    "corridors": ("corridor_id", "name", "mode", "countries", "status", "geometry_precision"),
    "events": ("event_id", "date", "category", "title"),
    "sources": ("source_id", "title", "kind"),
    "population": ("iso3", "year", "population"),
    "cities": ("name", "iso3", "lat", "lon", "geonameid"),
    "conflicts": ("conflict_id", "year", "location_iso3", "intensity_level"),
}
# fmt: on
_UNIQUE: dict[str, list[str]] = {
    "countries": ["iso3"],
    "incidents": ["incident_id"],
    "corridors": ["corridor_id"],
    "events": ["event_id"],
    "sources": ["source_id"],
    "population": ["iso3", "year"],
    "cities": ["geonameid"],
    "conflicts": ["conflict_id", "year"],
}
_NON_NEGATIVE_TYPES = ("number", "integer", "year")


def _column(table: str, name: str) -> pa.Column:
    doc = field_doc(table, name)
    checks: list[pa.Check] = []
    allowed = _ENUMS.get(table, {}).get(name)
    if name == "verification":
        allowed = contract.VERIFICATION_LEVELS
    if allowed:
        checks.append(pa.Check.isin(list(allowed)))
    if doc.type in _NON_NEGATIVE_TYPES and doc.unit != "degrees":
        checks.append(pa.Check.ge(0))
    if name.endswith("_lat") or name == "lat":
        checks.append(pa.Check.in_range(-90, 90))
    if name.endswith("_lon") or name == "lon":
        checks.append(pa.Check.in_range(-180, 180))
    if name == "year":
        checks.append(pa.Check.in_range(1900, 2100))
    if name == "preferred":
        return pa.Column(bool, nullable=False, required=True, coerce=False)
    nullable = name not in _REQUIRED.get(table, ()) and name not in contract.PROVENANCE_COLUMNS
    return pa.Column(checks=checks, nullable=nullable, required=True, coerce=False)


def schema_for(table: str) -> pa.DataFrameSchema:
    """A clean table's schema: contract columns (and the build's preference columns) present,
    enums respected, no negative counts."""
    names = (*contract.TABLE_COLUMNS[table], *contract.BUILD_COLUMNS.get(table, ()))
    columns = {name: _column(table, name) for name in names}
    return pa.DataFrameSchema(
        columns,
        strict=False,
        unique=_UNIQUE.get(table),
        name=table,
        report_duplicates="exclude_first",
    )
