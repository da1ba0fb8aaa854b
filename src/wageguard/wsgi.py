"""The WSGI application gunicorn serves. Django imports the URLconf, and with it every view, on
the first request; on a 2-core host with several workers starting at once that first request
took 4-8 s each. Resolving the URLconf here moves the cost to the worker's boot, before it
accepts a request."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wageguard.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view now, not on a user's request
