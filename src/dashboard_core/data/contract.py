"""The data contract: table names, column names and allowed values (see ../shared/DESIGN.md).

Column names here are part of the public contract: add columns freely, rename none.
"""

from __future__ import annotations

FOCUS_ISO3: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")
CENTRAL_ASIA_5: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
NEIGHBOUR_ISO3: tuple[str, ...] = ("IRN", "PAK", "CHN", "RUS", "AZE", "IND")
EU27_ISO3: tuple[str, ...] = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
)  # fmt: skip
# Aggregate partner codes used where a publisher reports a bloc rather than a country.
AGGREGATE_CODES: dict[str, str] = {
    "EU27": "European Union (27 members, 2020 composition)",
    "WLD": "World (all partners)",
    "CA5": "Central Asia (five states)",
}

VERIFICATION_LEVELS: tuple[str, ...] = (
    "official_release",
    "seed_verified",
    "reported",
    "imported",  # read from a publisher file a user or operator imported (importers/)
)
PROVENANCE_COLUMNS: tuple[str, ...] = ("source_id", "locator", "verification")

TRADE_FLOWS: tuple[str, ...] = ("export", "import", "turnover")
TRADE_MEASURES: tuple[str, ...] = ("observed", "target")
DISPLACEMENT_MEASURES: tuple[str, ...] = ("stock", "flow")
DISPLACEMENT_GROUPS: tuple[str, ...] = ("total", "women", "children", "men")
POPULATION_TYPES: tuple[str, ...] = (
    "refugees",
    "asylum_seekers",
    "returned_refugees",
    "idps",
    "returned_idps",
    "stateless",
    "others_of_concern",
    "other_in_need",
    "host_community",
    "repatriated_nationals",
    "deportations",
    "returns",
    "new_arrivals",
    "resettlement",
    "naturalisation",
    "asylum_applications",
    "evacuated",
    "migrants",
)
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "year")
GEO_PRECISIONS: tuple[str, ...] = ("place", "nearby_place", "admin1", "border_area", "country")
INCIDENT_TYPES: tuple[str, ...] = (
    "armed_clash",
    "cross_border_fire",
    "attack",
    "rocket_attack",
    "drone_strike",
    "explosion",
    "border_shooting",
    "smuggling_interdiction",
    "protest",
    "other",
)
CORRIDOR_MODES: tuple[str, ...] = (
    "rail",
    "road",
    "gas_pipeline",
    "oil_pipeline",
    "power_line",
    "canal",
    "multimodal",
)
CORRIDOR_STATUSES: tuple[str, ...] = (
    "proposed",
    "planned",
    "under_construction",
    "operational",
    "suspended",
    "cancelled",
)
CONFLICT_TYPES: tuple[str, ...] = (
    "extrasystemic",
    "interstate",
    "intrastate",
    "internationalised intrastate",
)
CONFLICT_INTENSITIES: tuple[int, ...] = (1, 2)  # UCDP: 25-999, 1,000+ battle-related deaths
GEOMETRY_PRECISIONS: tuple[str, ...] = ("surveyed", "schematic")
EVENT_CATEGORIES: tuple[str, ...] = (
    "summit",
    "agreement",
    "visit",
    "recognition",
    "un_vote",
    "shutdown",
    "incident",
    "political",
    "infrastructure",
    "humanitarian",
    "trade",
    "security",
    "other",
)
SOURCE_KINDS: tuple[str, ...] = (
    "seed_document",
    "publisher_dataset",
    "cited_publication",
    "reference",
    "imported_file",  # one file brought in through the importers (data/imported/<id>/)
)

# Columns every clean table must have, in this order; extra columns follow.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3", "name", "group", "capital", "capital_lat", "capital_lon"),
    "trade": (
        "reporter_iso3", "partner_iso3", "flow", "commodity", "period_start", "period_end",
        "year", "measure", "value_usd", "value_original", "currency_original",
        *PROVENANCE_COLUMNS,
    ),
    "displacement": (
        "origin_iso3", "location_iso3", "population_type", "measure", "group", "period_start",
        "period_end", "year", "value", "operation", *PROVENANCE_COLUMNS,
    ),
    "incidents": (
        "incident_id", "date_start", "date_end", "date_precision", "country_iso3",
        "counterpart_iso3", "location", "admin1", "lat", "lon", "geo_precision", "event_type",
        "actors", "fatalities_min", "fatalities_max", "injuries", "summary", *PROVENANCE_COLUMNS,
    ),
    "corridors": (
        "corridor_id", "name", "mode", "countries", "status", "length_km", "cost_usd_min",
        "cost_usd_max", "financiers", "start_year", "completion_year", "geometry_precision",
        "summary", *PROVENANCE_COLUMNS,
    ),
    "events": (
        "event_id", "date", "date_precision", "category", "countries", "title", "amount_usd",
        *PROVENANCE_COLUMNS,
    ),
    "sources": (
        "source_id", "title", "publisher", "author", "published", "url", "seed_file", "licence",
        "retrieved", "kind",
    ),
    "population": ("iso3", "year", "population", *PROVENANCE_COLUMNS),
    "cities": ("name", "iso3", "lat", "lon", "kind", "geonameid"),
    "conflicts": (
        "conflict_id", "year", "location", "location_iso3", "side_a", "side_a_2nd", "side_b",
        "side_b_2nd", "incompatibility", "territory_name", "type_of_conflict",
        "intensity_level", "start_date", "start_date2", "ep_end_date", *PROVENANCE_COLUMNS,
    ),
}  # fmt: skip

# Columns the build adds to clean tables once every reader has run (data.preference): part of
# the contract of data/clean, not of a reader's output.
PREFERENCE_COLUMNS: tuple[str, ...] = ("preferred", "not_preferred_reason")
BUILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "trade": PREFERENCE_COLUMNS,
    "displacement": PREFERENCE_COLUMNS,
}

FACT_TABLES: tuple[str, ...] = ("trade", "displacement", "incidents", "corridors", "events")
# List-valued columns are stored as ';'-separated ISO3 codes or names in CSV and Parquet.
LIST_SEPARATOR = ";"

VERIFICATION_LABELS: dict[str, str] = {
    "official_release": "Official release",
    "seed_verified": "Verified in source document",
    "reported": "⚠ Reported (source not at hand)",
    "imported": "⇪ Imported (from a file a user supplied; not reviewed by the project)",
}
# Imported rows whose publisher's terms forbid passing raw rows on (ACLED) carry False here:
# they may be shown and aggregated, never offered as raw-row downloads.
RAW_DOWNLOAD_COLUMN = "raw_download_allowed"
