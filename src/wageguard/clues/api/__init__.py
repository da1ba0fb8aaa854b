"""The clue routers the API assembly mounts."""

from .public import public_router
from .staff import router

__all__ = ["public_router", "router"]
