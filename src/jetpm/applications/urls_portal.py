"""URLs of the portal pages (included by jetpm.applications.urls under the "applications" namespace)."""

from django.http import HttpResponse
from django.urls import path


def _placeholder(request):  # type: ignore[no-untyped-def]  # replaced by the real pages
    return HttpResponse("")


urlpatterns = [
    path("portal/", _placeholder, name="portal"),
]
