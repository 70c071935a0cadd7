"""The floor for `bench_startup.py --app scripts/reference_app.py`: the smallest page with what
the Overview needs to count as drawn (one vega chart, one deck.gl map), on Streamlit and pandas,
with none of the project's code or data. Not part of the app."""

import pandas as pd
import pydeck as pdk
import streamlit as st  # noqa: TID251 - a Streamlit script of its own

st.title("Reference page")
points = pd.DataFrame({"year": [2020, 2021, 2022], "value": [3, 1, 2]})
st.vega_lite_chart(
    points,
    {
        "mark": "line",
        "encoding": {
            "x": {"field": "year", "type": "ordinal"},
            "y": {"field": "value", "type": "quantitative"},
        },
    },
)
tashkent = [{"position": [69.24, 41.3]}]
layer = pdk.Layer("ScatterplotLayer", data=tashkent, get_position="position", get_radius=20000)
view = pdk.ViewState(latitude=41.3, longitude=69.24, zoom=4)
st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, map_provider=None))
