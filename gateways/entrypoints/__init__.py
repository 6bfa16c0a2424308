"""The entry points that drive the application: HTTP, the CLI and the HRIS consumer."""
