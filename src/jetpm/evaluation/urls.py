"""URLs of the evaluation app."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    # outcomes and fairness of the entrance (their own packages)
    path("outcomes/", include("jetpm.evaluation.outcomes.urls")),
    path("fairness/", include("jetpm.evaluation.fairness.urls")),
]
