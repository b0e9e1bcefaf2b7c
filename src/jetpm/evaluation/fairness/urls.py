"""URLs of the fairness view (included in the evaluation app's namespace)."""

from django.urls import URLPattern, URLResolver, path

from jetpm.evaluation.fairness import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.fairness, name="fairness"),
]
