"""The `mentoring` command line."""
