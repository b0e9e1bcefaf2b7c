import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetpm.settings")
application = get_wsgi_application()

# What Django loads on a process's first requests (the URL configuration, catalogues, templates), loaded now:
# a worker is ready before its first request, and once for all workers under gunicorn's --preload.
from jetpm.core.warmup import warm_up  # noqa: E402  (after the app registry is ready)

warm_up()
