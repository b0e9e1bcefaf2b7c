"""URLs of the alumni app."""

from django.urls import URLPattern, URLResolver

app_name = "alumni"

urlpatterns: list[URLPattern | URLResolver] = []
