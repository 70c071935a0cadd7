"""Border incidents: clashes, cross-border fire and attacks on and near the region's borders.

- `transforms`: labels, page filters, casualty ranges, timelines and border-pair summaries
- `charts`: incidents and casualties over time, border pairs compared (Vega-Lite specs)
- `map`: points by event type and casualties, or one bubble per border pair
"""
