"""URLs of the evaluation app: one module per package (each defines ``urlpatterns``)."""

from django.urls import URLPattern, URLResolver

from jetpm.evaluation.council import urls as council
from jetpm.evaluation.voice import urls as voice

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [*council.urlpatterns, *voice.urlpatterns]
