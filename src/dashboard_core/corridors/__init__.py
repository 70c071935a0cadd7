"""Infrastructure corridors: railways, roads, pipelines, power lines and canals.

- `transforms`: labels, page filters, the table, line geometry and the schedule
- `card`: one corridor's card: facts, sources, trade between its countries, incidents near its
  line and events that mention it
- `charts`, `map`: the schedule and trade charts, the line map
"""
