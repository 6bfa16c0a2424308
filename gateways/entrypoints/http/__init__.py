"""The command API: FastAPI routes over the mentoring application, built by ``create_app``."""
