"""URLs of the evaluation app: one module per package (each defines ``urlpatterns``)."""

from django.urls import URLPattern, URLResolver, include, path

from jetpm.evaluation.council import urls as council
from jetpm.evaluation.voice import urls as voice

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    *council.urlpatterns,
    *voice.urlpatterns,
    # outcomes and fairness of the entrance (their own packages)
    path("outcomes/", include("jetpm.evaluation.outcomes.urls")),
    path("fairness/", include("jetpm.evaluation.fairness.urls")),
]
