"""URLs of the local governments' voice (namespace ``evaluation``)."""

from django.urls import URLPattern, path

from jetpm.evaluation.voice import views

urlpatterns: list[URLPattern] = [
    path("voice/", views.voice_home, name="voice_home"),
    path("voice/start/", views.voice_start, name="voice_start"),
    path("voice/responses/<int:response_id>/", views.voice_answer, name="voice_answer"),
    path("voice/results/", views.voice_results, name="voice_results"),
    path("voice/results.csv", views.voice_export, {"fmt": "csv"}, name="voice_export_csv"),
    path("voice/results.xlsx", views.voice_export, {"fmt": "xlsx"}, name="voice_export_xlsx"),
]
