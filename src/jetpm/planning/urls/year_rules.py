"""The rules of the year (namespace ``planning``): the year is a query parameter, no record id."""

from django.urls import URLPattern, path

from jetpm.planning.views import year_rules as views

urlpatterns: list[URLPattern] = [
    path("rules/", views.year_rules_page, name="year_rules"),
    path("rules/languages/", views.year_rules_languages, name="year_rules_languages"),
]
