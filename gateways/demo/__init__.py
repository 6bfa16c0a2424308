"""The demo: a synthetic organisation and its mentoring programs, fed through the real commands."""
