"""Geometry files -> corridors (lines) and incidents (dated points).

GeoJSON (RFC 7946), GeoPackage and zipped ESRI Shapefile, read with geopandas through pyogrio
in batches of features, reprojected to EPSG:4326. A file without a coordinate reference system
is refused unless it is GeoJSON (which is WGS84 by definition). An invalid geometry is repaired
with shapely's make_valid when the repair keeps its kind (a line stays a line); otherwise the
file is refused naming the feature.

Lines become corridors rows (and features of the layer's corridors.geojson, keyed by
corridor_id): name, mode and status from the feature's properties when it has them (`name`,
`mode`/`type`, `status`), the countries the line crosses from the project's boundaries.
Nothing else is made up: a property the file does not carry stays empty. Points with a date
property become incidents rows; undated points (assets, places) have no table in the contract
and are set aside. Polygons are set aside.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dashboard_core.data import loading
from dashboard_core.importers.base import ROW, Chunk, Format, ReadContext
from dashboard_core.importers.files import Probe
from dashboard_core.importers.mapping import set_aside

BATCH_FEATURES = 20_000
MODES = {"rail": "rail", "railway": "rail", "road": "road", "highway": "road",
         "gas": "gas_pipeline", "gas_pipeline": "gas_pipeline", "oil": "oil_pipeline",
         "oil_pipeline": "oil_pipeline", "power": "power_line", "power_line": "power_line",
         "transmission": "power_line", "canal": "canal", "multimodal": "multimodal"}  # fmt: skip
STATUSES = {"proposed": "proposed", "planned": "planned", "announced": "proposed",
            "construction": "under_construction", "under_construction": "under_construction",
            "under construction": "under_construction", "operating": "operational",
            "operational": "operational", "suspended": "suspended", "shelved": "suspended",
            "cancelled": "cancelled", "canceled": "cancelled"}  # fmt: skip
DATE_KEYS = ("date", "event_date", "date_start", "start_date")
NAME_KEYS = ("name", "Name", "NAME", "title", "project", "name_en")
LAYOUTS = "GeoJSON (RFC 7946), OGC GeoPackage, ESRI Shapefile (zipped), read through GDAL/OGR"


def _prop(frame: pd.DataFrame, keys) -> pd.Series:
    for key in keys:
        if key in frame.columns:
            return frame[key].astype("string")
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def _words(values: pd.Series, table: dict[str, str]) -> pd.Series:
    def one(value: object) -> object:
        text = str(value).strip().lower() if pd.notna(value) else ""
        for key, word in table.items():
            if text == key or text.startswith(key):
                return word
        return pd.NA

    return values.map(one)


def _boundaries():
    import geopandas as gpd

    try:
        doc = loading.load_geojson("boundaries")
    except (loading.DatasetUnavailable, OSError, ValueError):
        return None
    return gpd.GeoDataFrame.from_features(doc["features"], crs="EPSG:4326")


@dataclass
class GeometryImporter:
    format: Format

    def matches(self, probe: Probe) -> bool:
        return probe.kind in ("geojson", "gpkg", "shapefile")

    def _source(self, probe: Probe) -> str:
        return f"/vsizip/{probe.path}" if probe.kind == "shapefile" else str(probe.path)

    def _batches(self, ctx: ReadContext) -> Iterator[tuple[int, object]]:
        import pyogrio

        source = self._source(ctx.probe)
        try:
            info = pyogrio.read_info(source)
        except Exception as exc:
            raise ctx.fail(f"cannot be read as geometry ({exc})", expected=LAYOUTS) from exc
        total = int(info.get("features") or 0)
        crs = info.get("crs")
        if not crs and ctx.probe.kind != "geojson":
            raise ctx.fail(
                "has no coordinate reference system (a Shapefile's .prj missing?)",
                expected="a file that states its CRS",
            )
        start = 0
        while True:
            try:
                frame = pyogrio.read_dataframe(
                    source, skip_features=start, max_features=BATCH_FEATURES
                )
            except Exception as exc:
                raise ctx.fail(
                    f"features from {start + 1} cannot be read ({exc})",
                    row=f"feature {start + 1}",
                    expected=LAYOUTS,
                ) from exc
            if frame.empty:
                return
            if frame.crs is None:
                frame = frame.set_crs("EPSG:4326")
            elif not frame.crs.equals("EPSG:4326"):
                ctx.report.note(f"reprojected from {frame.crs.to_string()} to EPSG:4326")
                frame = frame.to_crs("EPSG:4326")
            yield start, frame
            start += len(frame)
            if ctx.progress:
                ctx.progress(start, total)
            if len(frame) < BATCH_FEATURES:
                return

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        from shapely import make_valid

        boundaries = _boundaries()
        if boundaries is None:
            ctx.report.note("no project boundaries built: countries of lines left empty")
        stem = ctx.probe.path.stem.replace(" ", "_")[:40]
        for start, frame in self._batches(ctx):
            ctx.report.rows_read += len(frame)
            frame = frame.reset_index(drop=True)
            frame[ROW] = [f"feature {start + i + 1}" for i in range(len(frame))]
            frame = set_aside(
                frame,
                frame.geometry.isna() | frame.geometry.is_empty,
                "feature without geometry",
                ctx.report,
            )
            invalid = ~frame.geometry.is_valid
            for i in frame.index[invalid]:
                fixed = make_valid(frame.geometry[i])
                if fixed.is_empty or fixed.geom_type.replace("Multi", "") != frame.geometry[
                    i
                ].geom_type.replace("Multi", ""):
                    raise ctx.fail(f"has an invalid {frame.geometry[i].geom_type} that cannot "
                                   "be repaired without changing its kind",
                                   row=frame.at[i, ROW], column="geometry",
                                   expected="a valid geometry")  # fmt: skip
                frame.loc[i, "geometry"] = fixed
            if invalid.any():
                ctx.report.note(f"{int(invalid.sum())} invalid geometries repaired (make_valid)")
            bounds = frame.geometry.bounds
            out_of_range = (
                (bounds["minx"] < -180)
                | (bounds["maxx"] > 180)
                | (bounds["miny"] < -90)
                | (bounds["maxy"] > 90)
            )
            if out_of_range.any():
                i = out_of_range[out_of_range].index[0]
                raise ctx.fail(
                    "has coordinates outside longitude -180..180, latitude -90..90",
                    row=frame.at[i, ROW],
                    column="geometry",
                    expected="coordinates in EPSG:4326 (or a stated CRS)",
                )
            kind = frame.geometry.geom_type.str.replace("Multi", "")
            frame = set_aside(
                frame, kind == "Polygon", "polygon: no contract table takes areas", ctx.report
            )
            kind = kind[frame.index]
            lines = frame[kind == "LineString"]
            points = frame[kind == "Point"]
            if not lines.empty:
                yield self._lines(lines, boundaries, stem)
            if not points.empty:
                chunk = self._points(ctx, points, boundaries, stem)
                if chunk is not None:
                    yield chunk

    def _countries(self, frame, boundaries) -> pd.Series:
        if boundaries is None:
            return pd.Series(pd.NA, index=frame.index, dtype="string")
        import geopandas as gpd

        joined = gpd.sjoin(frame[["geometry"]], boundaries[["iso3", "geometry"]],
                           predicate="intersects", how="left")  # fmt: skip
        codes = joined.groupby(level=0)["iso3"].agg(
            lambda s: ";".join(sorted(str(v) for v in s.dropna())) or pd.NA
        )
        return codes.reindex(frame.index).astype("string")

    def _lines(self, lines, boundaries, stem) -> Chunk:
        ids = [f"{stem}-{str(row).split()[-1]}" for row in lines[ROW]]
        out = pd.DataFrame({
            "corridor_id": ids, "name": _prop(lines, NAME_KEYS),
            "mode": _words(_prop(lines, ("mode", "type", "fclass", "category")), MODES),
            "countries": self._countries(lines, boundaries),
            "status": _words(_prop(lines, ("status", "Status", "STATUS")), STATUSES),
            "start_year": pd.NA, "completion_year": pd.NA,
            "length_km": pd.NA,  # "as stated by the source": a drawn line states none
            "geometry_precision": pd.NA, ROW: lines[ROW].to_numpy(),
        }, index=lines.index)  # fmt: skip
        features = [
            {"type": "Feature", "properties": {"corridor_id": cid, "name": None
                                                if pd.isna(name) else str(name)},
             "geometry": json.loads(json.dumps(geom.__geo_interface__))}
            for cid, name, geom in zip(ids, out["name"], lines.geometry, strict=True)
        ]  # fmt: skip
        return Chunk("corridors", out, features)

    def _points(self, ctx, points, boundaries, stem) -> Chunk | None:
        date_text = _prop(points, DATE_KEYS)
        undated = date_text.isna() | (date_text.str.strip() == "")
        points = set_aside(
            points,
            undated,
            "a point without a date (an asset or place): no contract table takes undated points",
            ctx.report,
        )
        if points.empty:
            return None
        date = pd.to_datetime(date_text[points.index].str[:10], errors="coerce")
        if date.isna().any():
            i = date[date.isna()].index[0]
            raise ctx.fail(
                f"holds {date_text[i]!r}",
                row=points.at[i, ROW],
                column="date",
                expected="a date YYYY-MM-DD",
            )
        codes = self._countries(points, boundaries)
        out = pd.DataFrame({
            "incident_id": [f"{stem}-{str(r).split()[-1]}" for r in points[ROW]],
            "date_start": date, "date_end": date, "date_precision": "day",
            "country_iso3": codes.str.split(";").str[0], "counterpart_iso3": pd.NA,
            "location": _prop(points, NAME_KEYS),
            "lat": points.geometry.y, "lon": points.geometry.x, "geo_precision": "place",
            "event_type": "other", "event_count": 1,
            "summary": "Point from an imported file: " + _prop(points, NAME_KEYS).fillna(
                "unnamed"),
            ROW: points[ROW],
        }, index=points.index)  # fmt: skip
        return Chunk("incidents", out)

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        return pd.Series(dtype=float)


IMPORTERS = (
    GeometryImporter(
        Format(
            "geometry",
            "Geometry (GeoJSON, GeoPackage, zipped Shapefile)",
            "as stated by the file's author",
            ("corridors", "incidents"),
            "not stated by the file",
            LAYOUTS,
        )  # fmt: skip
    ),
)
