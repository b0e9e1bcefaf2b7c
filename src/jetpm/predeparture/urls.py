"""URLs of the predeparture app."""

from django.urls import URLPattern, URLResolver

app_name = "predeparture"

urlpatterns: list[URLPattern | URLResolver] = []
