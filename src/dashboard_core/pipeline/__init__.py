"""Pipeline: publisher files and hand-entered tables -> contract-shaped frames."""
