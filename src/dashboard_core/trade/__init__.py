"""Trade: bilateral goods trade of the region with its partners.

- `labels`: flows, measures, partner groups and the words the page prints
- `figures`: row selection seen from the selected countries, annual figures, orientation
- `analyses`: map flows, time series, partner structure, country comparison, mirror view
- `transforms`: `TradeView` (everything the page shows for one selection) and its context
- `charts`, `map`: Altair charts and the flow map
"""
