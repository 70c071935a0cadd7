"""Central Asia Monitor: routes and frame. Shared sidebar filters, navigation, presenter mode."""

import streamlit as st

from dashboard_core.ui import shell

st.set_page_config(page_title=shell.APP_TITLE, page_icon="🌐", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/trade.py", title="Trade", icon=":material/swap_horiz:", url_path="trade"),
    st.Page(
        "pages/displacement.py",
        title="Displacement",
        icon=":material/groups:",
        url_path="displacement",
    ),
    st.Page(
        "pages/incidents.py", title="Incidents", icon=":material/report:", url_path="incidents"
    ),
    st.Page("pages/corridors.py", title="Corridors", icon=":material/route:", url_path="corridors"),
    st.Page(
        "pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"
    ),
    st.Page("pages/data.py", title="Data & sources", icon=":material/table_view:", url_path="data"),
]

filters = shell.sidebar_filters()
st.set_page_config(**shell.sidebar_layout(filters))
page = st.navigation(PAGES, position=shell.nav_position(filters))
shell.frame_page(page, filters)
page.run()
