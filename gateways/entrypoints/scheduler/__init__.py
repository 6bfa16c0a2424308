"""The scheduler process: passes of time-driven work on the server's clock."""
