"""The data dictionary: type, unit and meaning of every clean field (feeds datapackage.json)."""

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
}


def field_doc(table: str, column: str) -> Field:
    """Documentation for a column; provenance columns are shared by every fact table."""
    if column in FIELDS.get(table, {}):
        return FIELDS[table][column]
    if column in PROVENANCE:
        return PROVENANCE[column]
    return Field("string", "", "")
