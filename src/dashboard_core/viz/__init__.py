"""Shared visual pieces: colours, the offline base map, chart templates, flow arcs, the timeline.

Imports the data layer only, never a domain package or `ui` (tests/test_layers.py checks it).

- `palette`: colour-blind-safe colours for countries, statuses and series
- `basemap`: our own boundary layer, labels, legends and the offline deck every map uses
- `flows`: capitals, arcs between them, flow-map views and key-event annotations
- `charts`: shared Altair pieces (axes, fonts, key-event rules, the `Figure` a page draws)
- `specs`, `templates`: Vega-Lite charts as plain specs, and specs reused with new rows
- `timeline`: the key-events timeline
- `verification`: the chart of verification shares on the Data page
"""
