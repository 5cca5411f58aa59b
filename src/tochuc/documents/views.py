"""The registry's pages."""
