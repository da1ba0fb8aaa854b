"""The clue routers the API assembly mounts."""

from .public import public_router
from .staff import router
from .supervisions import router as supervisions_router

__all__ = ["public_router", "router", "supervisions_router"]
