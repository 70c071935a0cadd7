"""Central Asia Monitor: the data layer, shared visuals, one package per domain, the pipeline
and (in `ui` only) Streamlit. The README's "Architecture" section maps where everything lives."""

__version__ = "0.1.0"
