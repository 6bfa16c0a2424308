"""The demo report: terminal tables and one self-contained HTML file with inline SVG charts."""
