"""Test helpers shared across test folders (whose owners may differ)."""
