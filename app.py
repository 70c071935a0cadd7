"""Central Asia Monitor: routes and frame. Shared sidebar filters, navigation, presenter mode.

`streamlit run app.py` imports this file once to serve `app` (an `st.App` whose start-up warms
the caches, see `dashboard_core.ui.server`); every browser session then runs it as a script
(`__main__`), which routes and frames the page.
"""

import streamlit as st


def main() -> None:
    from dashboard_core.ui import frame, state, upload
    from dashboard_core.ui.session_keys import APP_TITLE

    st.set_page_config(page_title=APP_TITLE, page_icon="🌐", layout="wide")
    pages = [
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
        st.Page(
            "pages/corridors.py", title="Corridors", icon=":material/route:", url_path="corridors"
        ),
        st.Page(
            "pages/compare.py",
            title="Compare",
            icon=":material/compare_arrows:",
            url_path="compare",
        ),
        st.Page(
            "pages/data.py", title="Data & sources", icon=":material/table_view:", url_path="data"
        ),
    ]
    if upload.page_enabled():  # the operator's switch: CAM_IMPORT_PAGE=off
        pages.insert(
            -1,
            st.Page(
                "pages/import.py",
                title="Import your files",
                icon=":material/upload_file:",
                url_path="import",
            ),
        )
    filters = state.sidebar_filters()
    st.set_page_config(**frame.sidebar_layout(filters))
    page = st.navigation(pages, position=frame.nav_position(filters))
    frame.frame_page(page, filters)
    frame.run_page(page)


if __name__ == "__main__":
    main()
else:
    from starlette.middleware import Middleware

    from dashboard_core.ui import routes, security, server

    app = st.App(
        __file__,
        lifespan=server.lifespan,
        routes=routes.ROUTES,
        middleware=[Middleware(security.SecurityMiddleware)],
    )
