"""The cadre work's pages, one module per area."""
