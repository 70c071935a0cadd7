"""Import: a visitor's publisher file read into this session (never onto the server), its
report and a preview, the files imported so far, and the operator's layers. The workings live
in dashboard_core.ui.upload and dashboard_core.importers."""

from dashboard_core.ui import frame, state, upload

state.page_filters()
frame.page_header("Import your files", upload.INTRO)
upload.upload_section()
upload.session_section()
upload.operator_section()
