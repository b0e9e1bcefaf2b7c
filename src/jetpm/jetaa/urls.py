"""JETAA support's pages (mounted at /jetaa/)."""

from django.urls import URLPattern, URLResolver

app_name = "jetaa"

urlpatterns: list[URLPattern | URLResolver] = []
