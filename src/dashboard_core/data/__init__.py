"""The data layer: the contract and everything that reads, checks or writes contract-shaped data.

Imports nothing from `viz`, `ui` or a domain package (tests/test_layers.py checks it).

- `contract`: table and column names, allowed values, verification vocabulary
- `dictionary`, `schemas`: what every clean field means (datapackage.json) and its pandera schema
- `paths`, `loading`: where the clean files are and how to read them
- `filters`: the shared country and year filters and the URL parameters behind them
- `provenance`: verification labels and ranks, source captions, citations
- `naming`, `periods`, `formatting`: country names, period labels, numbers and text as shown
- `catalogue`: the Data & sources page's catalogue, dictionary and verification shares
- `validate`, `audit`: the contract checks and the seed-figure audit behind the command line
- `exports`: CSV, Excel, Parquet and GeoJSON downloads
"""
