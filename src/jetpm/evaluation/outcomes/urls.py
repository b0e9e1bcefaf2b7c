"""URLs of the entrance's outcomes (included in the evaluation app's namespace)."""

from django.urls import URLPattern, URLResolver, path

from jetpm.evaluation.outcomes import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.outcomes, name="outcomes"),
]
