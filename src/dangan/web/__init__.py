"""The reading room in the browser (``dangan serve``): search, quote finder, reading
view and a JSON API over one index, served locally.

This package is the only importer of the web framework (Starlette, Jinja2, uvicorn);
like the CLI it only parses, calls the services and renders. Its templates and static
assets ship inside it: nothing is fetched from elsewhere.
"""

from .app import create_app

__all__ = ["create_app"]
