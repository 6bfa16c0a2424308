"""Rendering the report with no I/O: terminal tables, SVG charts and the HTML page."""
