"""URLs of the predeparture app."""

from django.urls import URLPattern, URLResolver

from jetpm.predeparture.orientations.urls import urlpatterns as orientation_urls

app_name = "predeparture"

urlpatterns: list[URLPattern | URLResolver] = [*orientation_urls]
