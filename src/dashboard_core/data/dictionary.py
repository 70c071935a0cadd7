"""The data dictionary: type, unit, meaning and column header of every clean field (feeds
datapackage.json, the tables on screen and the download bundles).

Headers: `field_label(table, column)` gives the words a reader sees above a column ("Reporter",
"Value (US$)"); a column no entry names (one a later change adds) still gets words made from its
name ("preferred" -> "Preferred"), so no table ever shows a raw field name. The raw names stay in
the downloads and in this dictionary.
"""

from __future__ import annotations

from typing import NamedTuple


class Field(NamedTuple):
    type: str  # Frictionless type: string, integer, number, date, year
    unit: str  # "" when the field has no unit
    description: str


PROVENANCE: dict[str, Field] = {
    "source_id": Field("string", "", "Key into the sources table"),
    "locator": Field(
        "string",
        "",
        "Where in the source the figure stands: seed line range (L211, L824-825), or file#column",
    ),
    "verification": Field(
        "string",
        "",
        "official_release (pipeline-derived from a publisher file), seed_verified (re-found at the "
        "locator in a seed document by the provenance audit), reported (named publication not "
        "at hand; flagged on screen) or imported (read by the importers from a publisher file a "
        "user or operator supplied; its source entry names the format, file, SHA-256 and import "
        "time, its locator the row, sheet row or feature; flagged on screen and in downloads)",
    ),
    "raw_download_allowed": Field(
        "boolean",
        "",
        "Imported rows only: false where the publisher's terms forbid passing raw rows on "
        "(ACLED): such rows are shown and aggregated, never offered as raw-row downloads",
    ),
    "cited_source": Field("string", "", "What the seed document itself cites for the figure"),
    "province_id": Field(
        "string",
        "",
        "Natural Earth admin-1 code of the province the point lies in (spatial join in the build)",
    ),
    "province": Field(
        "string",
        "",
        "Province, oblast or region the point lies in (Natural Earth admin-1, names fixed where "
        "the copy is out of date); empty outside the six or where the point only stands for a "
        "country or a border",
    ),
    "preferred": Field(
        "boolean",
        "",
        "True where this row is the reading the indicators and charts use for its question "
        "(trade: country, counterpart, flow and year; displacement: its cell); other readings "
        "of the same question stay in the table, marked False",
    ),
    "not_preferred_reason": Field(
        "string",
        "",
        "Why a row is not the preferred reading: part of a year, a target, no US-dollar value, "
        "or which source is used instead and why (source precedence, see Data & sources)",
    ),
    "note": Field("string", "", "Caveats: partial periods, ambiguities, contradicting readings"),
}

FIELDS: dict[str, dict[str, Field]] = {
    "countries": {
        "iso3": Field("string", "", "ISO 3166-1 alpha-3 code (EU27, WLD for aggregates)"),
        "name": Field("string", "", "English short name"),
        "group": Field("string", "", "focus, neighbour, partner or aggregate"),
        "capital": Field("string", "", "Capital city (GeoNames)"),
        "capital_lat": Field("number", "degrees", "Capital latitude, WGS84"),
        "capital_lon": Field("number", "degrees", "Capital longitude, WGS84"),
        "capital_geonameid": Field("integer", "", "GeoNames id of the capital"),
        "iso2": Field("string", "", "ISO 3166-1 alpha-2 code"),
        "region": Field("string", "", "Continent (GeoNames)"),
    },
    "trade": {
        "reporter_iso3": Field(
            "string", "", "Country (or EU27) whose statistics or statement report the flow"
        ),
        "partner_iso3": Field("string", "", "Partner country or aggregate"),
        "flow": Field(
            "string", "", "export, import (from the reporter's side) or turnover (both ways)"
        ),
        "commodity": Field("string", "", "TOTAL, an HS code, or a short product label"),
        "period_start": Field("date", "", "First day the figure covers"),
        "period_end": Field("date", "", "Last day the figure covers (a full year ends Dec 31)"),
        "year": Field(
            "integer",
            "year",
            "Calendar year of the period (for targets: the year announced if no target year)",
        ),
        "measure": Field("string", "", "observed or target"),
        "value_usd": Field(
            "number",
            "USD",
            "Value in current US dollars (EUR converted at the yearly average rate)",
        ),
        "value_original": Field(
            "number", "", "Value as published, in currency_original and unit_original"
        ),
        "currency_original": Field("string", "", "Currency of value_original"),
        "valuation": Field(
            "string", "", "Imported UN Comtrade rows: CIF (imports) or FOB (exports)"
        ),
        "flow_code": Field("string", "", "Imported UN Comtrade rows: Comtrade's flow code (M, X)"),
        "unit_original": Field(
            "string", "", "Scale of value_original as published (units, thousand)"
        ),
        "fx_rate": Field("number", "USD per EUR", "Yearly average rate applied to EUR values"),
        "fx_source_id": Field("string", "", "Source of fx_rate"),
        "partner_code_original": Field(
            "string",
            "",
            "Partner code as the publisher prints it (Uzbekistan's statistics: ISO 3166 numeric)",
        ),
        "partner_name_original": Field(
            "string",
            "",
            "Partner name as the publisher prints it (stat.kg English column, stat.gov.kz "
            "Russian), mapped to partner_iso3 through data/raw/reference/trade_partner_names.csv",
        ),
        "period_type": Field(
            "string",
            "",
            "month or year: whether Eurostat gives the figure for one month or a whole year",
        ),
    },
    "displacement": {
        "origin_iso3": Field("string", "", "Nationality or country of origin"),
        "location_iso3": Field(
            "string", "", "Host country, or country people returned or were deported from"
        ),
        "population_type": Field(
            "string",
            "",
            "refugees, asylum_seekers, returned_refugees, idps, repatriated_nationals, deportations, ...",
        ),
        "measure": Field(
            "string", "", "stock (people present at year end) or flow (movements during the period)"
        ),
        "group": Field("string", "", "total, women, children or men"),
        "period_start": Field("date", "", "First day the figure covers"),
        "period_end": Field("date", "", "Last day the figure covers"),
        "year": Field("integer", "year", "Calendar year"),
        "value": Field("number", "people", "Number of people (UNHCR rounds small values)"),
        "operation": Field("string", "", "Named repatriation operation, if any"),
        "subtype": Field(
            "string", "", "UNHCR's finer category behind the population type, where it gives one"
        ),
    },
    "incidents": {
        "incident_id": Field("string", "", "Stable identifier"),
        "date_start": Field("date", "", "First day of the incident"),
        "date_end": Field("date", "", "Last day, for multi-day incidents"),
        "date_precision": Field("string", "", "day, month or year"),
        "country_iso3": Field("string", "", "Country where it took place"),
        "counterpart_iso3": Field("string", "", "The other side of the border or conflict"),
        "location": Field("string", "", "Place the source names"),
        "admin1": Field("string", "", "Province or region"),
        "lat": Field(
            "number", "degrees", "Latitude of the gazetteer place used (see geo_precision)"
        ),
        "lon": Field("number", "degrees", "Longitude of the gazetteer place used"),
        "geo_precision": Field(
            "string",
            "",
            "place, nearby_place, admin1, border_area or country: how exact the point is",
        ),
        "place_name": Field("string", "", "GeoNames place the point is put at"),
        "place_geonameid": Field("integer", "", "GeoNames id of place_name"),
        "event_type": Field("string", "", "Kind of incident"),
        "actors": Field("string", "", "Who was involved"),
        "fatalities_min": Field(
            "integer", "people", "Lowest reported death toll (disputed claims keep both ends)"
        ),
        "fatalities_max": Field("integer", "people", "Highest reported death toll"),
        "injuries": Field("integer", "people", "Reported injured"),
        "summary": Field("string", "", "What happened, in the project's own words"),
        "event_count": Field(
            "integer",
            "events",
            "Imported rows: events the row stands for (1 for an event, more for an aggregate)",
        ),
        "fatalities_best": Field(
            "integer", "people", "Imported UCDP rows: UCDP's best estimate of deaths"
        ),
        "date_precision_source": Field(
            "string", "", "Imported rows: the publisher's own date precision code and meaning"
        ),
        "geo_precision_source": Field(
            "string", "", "Imported rows: the publisher's own location precision code"
        ),
        "event_type_source": Field(
            "string", "", "Imported rows: the publisher's own event type (and sub-type)"
        ),
        "source_notes": Field(
            "string",
            "",
            "Imported ACLED rows: ACLED's own notes (publisher's words; never downloaded)",
        ),
    },
    "corridors": {
        "corridor_id": Field("string", "", "Stable identifier; key into corridors.geojson"),
        "name": Field("string", "", "Project name"),
        "mode": Field(
            "string", "", "rail, road, gas_pipeline, oil_pipeline, power_line, canal or multimodal"
        ),
        "countries": Field("string", "", "ISO3 codes along the route, ';'-separated"),
        "status": Field(
            "string",
            "",
            "proposed, planned, under_construction, operational, suspended or cancelled",
        ),
        "length_km": Field("number", "km", "Length as stated by the source"),
        "cost_usd_min": Field("number", "USD", "Lowest stated cost"),
        "cost_usd_max": Field("number", "USD", "Highest stated cost"),
        "financiers": Field("string", "", "Financiers named by the source, ';'-separated"),
        "start_year": Field("integer", "year", "Year construction or operation started"),
        "completion_year": Field("integer", "year", "Year of (planned) completion"),
        "geometry_precision": Field(
            "string", "", "surveyed, or schematic (a line through named waypoint cities)"
        ),
        "waypoints": Field("string", "", "GeoNames ids of the waypoint cities, in order"),
        "waypoint_names": Field("string", "", "Names of the waypoint cities, in order"),
        "summary": Field("string", "", "What the project is, in the project's own words"),
    },
    "events": {
        "event_id": Field("string", "", "Stable identifier"),
        "date": Field("date", "", "Date (first day of the month or year for coarser precision)"),
        "date_precision": Field("string", "", "day, month or year"),
        "category": Field(
            "string", "", "summit, agreement, visit, recognition, un_vote, shutdown, incident, ..."
        ),
        "countries": Field("string", "", "ISO3 codes involved, ';'-separated"),
        "title": Field("string", "", "Short title in the project's own words"),
        "amount_usd": Field("number", "USD", "Money amount attached to the event, if any"),
        "corridor_ids": Field("string", "", "Corridors the event concerns, ';'-separated"),
    },
    "sources": {
        "source_id": Field("string", "", "Key"),
        "title": Field("string", "", "Title"),
        "publisher": Field("string", "", "Publisher"),
        "author": Field("string", "", "Author(s)"),
        "published": Field("string", "", "Publication date (as precise as known)"),
        "url": Field("string", "", "Address, where known"),
        "seed_file": Field("string", "", "File in shared/seeds/ for seed documents"),
        "licence": Field("string", "", "Licence or terms of reuse"),
        "retrieved": Field("string", "", "When the project took its copy (imports: import time)"),
        "kind": Field(
            "string",
            "",
            "seed_document, publisher_dataset, cited_publication, reference or imported_file",
        ),
        "sha256": Field("string", "", "Imported files: SHA-256 of the file's bytes"),
        "format": Field("string", "", "Imported files: the publisher format recognised"),
    },
    "population": {
        "iso3": Field("string", "", "Country"),
        "year": Field("integer", "year", "Year"),
        "population": Field("number", "people", "Total population (World Bank WDI SP.POP.TOTL)"),
        "name_original": Field("string", "", "Country name as the World Bank file gives it"),
    },
    "cities": {
        "name": Field("string", "", "GeoNames name"),
        "iso3": Field("string", "", "Country"),
        "lat": Field("number", "degrees", "Latitude, WGS84"),
        "lon": Field("number", "degrees", "Longitude, WGS84"),
        "kind": Field(
            "string", "", "capital, incident_place or waypoint (';'-separated when several)"
        ),
        "geonameid": Field("integer", "", "GeoNames id"),
    },
    "conflicts": {
        "conflict_id": Field("string", "", "UCDP conflict identifier"),
        "year": Field("integer", "year", "Calendar year of the conflict-year"),
        "location": Field(
            "string", "", "Countries whose territory the conflict concerns, ';'-separated"
        ),
        "location_iso3": Field(
            "string", "", "ISO3 codes of location (from gwno_loc), ';'-separated"
        ),
        "side_a": Field("string", "", "Primary party on side A (a government), ';'-separated"),
        "side_a_2nd": Field("string", "", "Governments supporting side A with troops"),
        "side_b": Field("string", "", "Primary party or parties on side B, ';'-separated"),
        "side_b_2nd": Field("string", "", "Governments supporting side B with troops"),
        "incompatibility": Field("string", "", "territory, government or both"),
        "territory_name": Field(
            "string", "", "Territory contested, where the incompatibility is territory"
        ),
        "type_of_conflict": Field(
            "string", "", "extrasystemic, interstate, intrastate or internationalised intrastate"
        ),
        "intensity_level": Field(
            "integer",
            "",
            "UCDP intensity in the year: 1 = 25 to 999 battle-related deaths, 2 = 1,000 or more",
        ),
        "intensity_label": Field("string", "", "intensity_level in words"),
        "start_date": Field("date", "", "Date of the first battle-related death of the conflict"),
        "start_date2": Field("date", "", "Start of the most recent episode of the conflict"),
        "ep_end_date": Field("date", "", "End of the episode, where it ended that year"),
        "ucdp_version": Field("string", "", "UCDP/PRIO dataset version"),
    },
}

FIELDS["energy"] = {
    "asset_id": Field("string", "", "Global Energy Monitor's id (plants: project and unit)"),
    "name": Field("string", "", "Plant, project or field name as the tracker gives it"),
    "kind": Field("string", "", "hydropower, oil_gas_plant or extraction_field"),
    "fuel": Field("string", "", "Fuel as the tracker gives it (water for hydropower)"),
    "status": Field(
        "string",
        "",
        "operating, construction, pre-construction, announced, in_development, discovered, "
        "exploration, shelved, cancelled, retired or not_stated",
    ),
    "capacity_mw": Field("number", "MW", "Installed or planned capacity (plants only)"),
    "start_year": Field("integer", "year", "Year of start of operation or production"),
    "country_iso3": Field("string", "", "Country (a field shared with Russia: the one of the six)"),
    "lat": Field("number", "degrees", "Latitude, WGS84, as the tracker gives it"),
    "lon": Field("number", "degrees", "Longitude, WGS84"),
    "location_accuracy": Field("string", "", "exact or approximate (extraction fields only)"),
}

TABLE_DESCRIPTIONS: dict[str, str] = {
    "countries": "The six focus countries, their neighbours and every trade partner that appears, with capitals",
    "trade": "Bilateral trade values: Uzbekistan's statistics by partner, Eurostat EU trade with the region, and figures stated in the seed documents (targets marked)",
    "displacement": "Refugees, asylum seekers, returns, IDPs and other populations (UNHCR) plus repatriations, returns and deportations stated in the seed documents",
    "incidents": "Dated border and security incidents from the seed documents, placed at the nearest named place",
    "corridors": "Railways, roads, pipelines, power lines, canals and transit routes from the seed documents",
    "events": "Dated events for timeline annotations: summits, agreements, recognitions, UN votes, shutdowns",
    "sources": "Every source the tables cite",
    "population": "Total population by country and year (World Bank WDI), for per-capita figures",
    "cities": "Capitals, incident places and corridor waypoints (GeoNames, CC BY 4.0)",
    "energy": "Hydropower plants, oil and gas power plants (per unit) and oil and gas fields in the six (Global Energy Monitor trackers, CC BY 4.0)",
    "conflicts": "UCDP/PRIO armed-conflict years located in the six countries, with UCDP's intensity band (no toll of its own)",
}


# Columns the app computes for its own tables and downloads (not stored in data/clean).
DERIVED: dict[str, Field] = {
    "border_pair": Field(
        "string", "", "The two countries of an incident, Central Asian state first (KGZ-TJK)"
    ),
    "border_pair_label": Field("string", "", "The border pair in words"),
    "casualties": Field("string", "", "Killed and injured in words, disputed counts as a range"),
    "distance_km": Field(
        "number", "km", "Great-circle distance from the incident to the corridor line as drawn"
    ),
    "date_text": Field("string", "", "The date as precisely as the source gives it"),
    "match": Field(
        "string",
        "",
        "How the event was linked to the corridor: tagged with it, or naming it in its title",
    ),
    "country": Field("string", "", "Country name"),
    "domain": Field("string", "", "Trade, Displacement, Incidents or Corridors"),
    "measure_label": Field("string", "", "What the figure measures, in words"),
    "unit": Field("string", "", "Unit of the value (US$, people, incidents, corridors)"),
    "value_low": Field(
        "number", "", "Lowest figure the sources give (equal to value where they agree)"
    ),
    "value_high": Field("number", "", "Highest figure the sources give"),
    "partners_covered": Field(
        "string", "", "How many of the partners have a figure that year (regional trade)"
    ),
    "unknown_tolls": Field("integer", "", "Incidents whose death toll the sources do not give"),
    "figure": Field("string", "", "The headline figure"),
    "line": Field("string", "", "A breakdown line of the headline figure"),
    "number": Field("number", "", "The figure as a number"),
    "period": Field("string", "", "The period the figure covers"),
    "used_by": Field("string", "", "Datasets whose rows cite the source"),
    "dataset": Field("string", "", "Name of the dataset"),
    "field": Field("string", "", "Column name in the download files"),
    "label": Field("string", "", "Column header on screen"),
    "rows": Field("integer", "", "Number of rows"),
    "years": Field("string", "", "Years covered"),
    "last_build": Field("string", "", "When the pipeline last wrote the file"),
    "format": Field("string", "", "File format"),
    "share": Field("number", "", "Share of the dataset's rows"),
    "operation": Field("string", "", "Named repatriation operation, if any"),
    "from": Field("string", "", "Where people were brought back from"),
    "women": Field("number", "people", "Women"),
    "children": Field("number", "people", "Children"),
    "men": Field("number", "people", "Men"),
    "total": Field("number", "people", "Total as stated"),
    "source": Field("string", "", "Short name of the source"),
    "host": Field("string", "", "Host country"),
    "type": Field("string", "", "Type"),
    "per_1000": Field(
        "number", "per 1,000 inhabitants", "People per 1,000 inhabitants of the host"
    ),
}

# Column headers. By field name for every table; TABLE_LABELS where a table means something else.
LABELS: dict[str, str] = {
    "iso3": "Country",
    "name": "Name",
    "group": "Group",
    "capital": "Capital",
    "capital_lat": "Capital latitude",
    "capital_lon": "Capital longitude",
    "reporter_iso3": "Reporter",
    "partner_iso3": "Partner",
    "flow": "Flow",
    "commodity": "Goods",
    "period_start": "From",
    "period_end": "To",
    "year": "Year",
    "measure": "Measure",
    "value_usd": "Value",
    "value_original": "Value as published",
    "currency_original": "Currency as published",
    "unit_original": "Scale as published",
    "fx_rate": "Exchange rate",
    "fx_source_id": "Exchange rate source",
    "partner_code_original": "Partner code as published",
    "period_type": "Period type",
    "origin_iso3": "Origin",
    "location_iso3": "Host or place left",
    "population_type": "Population type",
    "value": "Value",
    "operation": "Operation",
    "subtype": "Subtype",
    "incident_id": "Incident",
    "date_start": "Date",
    "date_end": "Until",
    "date_precision": "Date precision",
    "country_iso3": "Country",
    "counterpart_iso3": "Other side",
    "location": "Place",
    "admin1": "Province or region",
    "lat": "Latitude",
    "lon": "Longitude",
    "geo_precision": "Place precision",
    "place_name": "Gazetteer place",
    "place_geonameid": "GeoNames id",
    "event_type": "Type",
    "actors": "Actors",
    "fatalities_min": "Killed (lowest count)",
    "fatalities_max": "Killed (highest count)",
    "injuries": "Injured",
    "summary": "Summary",
    "corridor_id": "Corridor",
    "mode": "Mode",
    "countries": "Countries",
    "status": "Status",
    "length_km": "Length",
    "cost_usd_min": "Cost, lowest",
    "cost_usd_max": "Cost, highest",
    "financiers": "Financiers",
    "start_year": "Start",
    "completion_year": "Completion",
    "geometry_precision": "Line drawn",
    "waypoints": "Waypoint ids",
    "waypoint_names": "Waypoints",
    "event_id": "Event",
    "date": "Date",
    "category": "Category",
    "title": "Title",
    "amount_usd": "Amount",
    "corridor_ids": "Corridors",
    "source_id": "Source",
    "publisher": "Publisher",
    "author": "Author",
    "published": "Published",
    "url": "Address",
    "seed_file": "Document file",
    "licence": "Licence",
    "retrieved": "Retrieved",
    "kind": "Kind",
    "population": "Population",
    "geonameid": "GeoNames id",
    "locator": "Where in the source",
    "verification": "Verification",
    "cited_source": "Cited by the document",
    "note": "Note",
    "border_pair": "Border pair code",
    "border_pair_label": "Border pair",
    "preferred": "Reading",
    "not_preferred_reason": "Why another reading is used",
    "casualties": "Casualties",
    "distance_km": "Distance",
    "date_text": "When",
    "match": "Linked by",
    "domain": "Domain",
    "measure_label": "Measure",
    "unit": "Unit",
    "value_low": "Lowest",
    "value_high": "Highest",
    "partners_covered": "Partners covered",
    "unknown_tolls": "Unknown tolls",
    "figure": "Figure",
    "line": "Breakdown",
    "number": "Number",
    "period": "Period",
    "used_by": "Used by",
    "dataset": "Dataset",
    "field": "Field",
    "label": "Column header",
    "type": "Type",
    "description": "Description",
    "rows": "Rows",
    "years": "Years",
    "last_build": "Last build",
    "format": "Format",
    "share": "Share",
    "sources": "Sources",
    "per_1000": "Per 1,000 inhabitants",
    "iso2": "ISO2 code",
    "region": "Region",
    "name_original": "Name as published",
    "capital_geonameid": "Capital GeoNames id",
    "host": "Host",
    "women": "Women",
    "children": "Children",
    "men": "Men",
    "total": "Total",
    "from": "From",
    "source": "Source",
    "country": "Country",
}
TABLE_LABELS: dict[tuple[str, str], str] = {
    ("trade", "measure"): "Observed or target",
    ("displacement", "measure"): "Stock or flow",
    ("displacement", "value"): "People",
    ("displacement", "location_iso3"): "Host or place left",
    ("countries", "iso3"): "Code",
    ("countries", "name"): "Country",
    ("cities", "name"): "Place",
    ("corridors", "name"): "Corridor name",
    ("compare", "iso3"): "Code",
    ("compare", "measure"): "Measure code",
    ("headlines", "value"): "Figure as shown",
    ("sources", "title"): "Title",
    ("sources-list", "source_id"): "Key in downloads",
    ("conflicts-by-country", "conflict_id"): "UCDP conflict id",
    ("conflicts-by-country", "years"): "Conflict-years",
    ("conflicts-by-country", "intensity"): "Intensity (UCDP band)",
    ("conflicts-by-country", "source"): "Source",
    ("catalogue", "countries"): "Countries",
    ("catalogue", "sources"): "Sources",
    ("dictionary", "type"): "Type",
}
# How a unit is written after a column header: "Value (US$)", "Length (km)".
UNIT_WORDS: dict[str, str] = {
    "USD": "US$",
    "km": "km",
    "degrees": "°",
    "USD per EUR": "US$ per €",
    "per 1,000 inhabitants": "",
    "people": "",
    "year": "",
}


def field_doc(table: str, column: str) -> Field:
    """Documentation for a column; provenance columns are shared by every fact table, computed
    columns by every table that shows them."""
    if column in FIELDS.get(table, {}):
        return FIELDS[table][column]
    if column in PROVENANCE:
        return PROVENANCE[column]
    if column in DERIVED:
        return DERIVED[column]
    return Field("string", "", "")


def humanise(name: str) -> str:
    """Words made from a field name: "value_usd" -> "Value usd", "preferred" -> "Preferred"."""
    words = str(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "(unnamed)"


def field_label(table: str, column: str) -> str:
    """The column header a reader sees, with the unit where it has one: "Value (US$)"."""
    words = TABLE_LABELS.get((table, column)) or LABELS.get(column) or humanise(column)
    unit = UNIT_WORDS.get(field_doc(table, column).unit, field_doc(table, column).unit)
    return f"{words} ({unit})" if unit and unit not in words else words
