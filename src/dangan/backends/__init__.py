"""Where indexes live: the seam (:mod:`.base`) and its engines. Services ask
:func:`default_backend` for the engine and never import one themselves."""

from __future__ import annotations

from .base import Backend


def default_backend() -> Backend:
    """The engine dangan indexes with: Whoosh (:mod:`.whoosh`)."""
    from .whoosh import WhooshBackend

    return WhooshBackend()
