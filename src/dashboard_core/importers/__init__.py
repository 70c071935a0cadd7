"""Importers: publisher files as analysts download them -> contract-shaped rows, with a report
and a source entry. Imports the data layer only (never a domain package, `viz` or `ui`).

    from dashboard_core.importers import detect, read, stream, formats, Scope
    detect(path) -> Format                      # recognised by layout, not by name
    read(path, format=None, progress=None, scope=Scope(), encoding=None, options=None)
        -> ImportResult(frames by dataset, report, source, geometry)
    stream(...) -> Stream(report, source, chunks)   # the same in bounded memory
    collect(stream, after_chunk=None) -> ImportResult   # a stream gathered (the app's uploads)
    store.add_layer / list_layers / remove_layer    # layers under <data dir>/imported/

Modules: `base` (Format, ImportReport, SourceEntry, ImportResult, ImportFileError), `files`
(probing and hostile-file guards), `tables` (CSV and sheet streaming), `mapping` (numbers,
scope, provenance), `countries` (names and codes -> ISO3), one module per publisher (`unhcr`,
`comtrade`, `nso`, `acled`, `ucdp`, `dtm`, `worldbank`, `geometry`), `registry` (detect, read,
stream), `store` (layers on disk), `commandline` (`python -m dashboard_core import`).
"""

from dashboard_core.importers.base import (
    Format,
    ImportFileError,
    ImportReport,
    ImportResult,
    SourceEntry,
)
from dashboard_core.importers.mapping import Scope
from dashboard_core.importers.registry import collect, detect, formats, read, stream

__all__ = [
    "Format",
    "ImportFileError",
    "ImportReport",
    "ImportResult",
    "Scope",
    "SourceEntry",
    "collect",
    "detect",
    "formats",
    "read",
    "stream",
]
