"""The HTTP API and web UI over a newsgraph database (FastAPI, Jinja2; no spaCy import)."""

from newsgraph.serve.app import create_app

__all__ = ["create_app"]
