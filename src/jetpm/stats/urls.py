from django.urls import path

from jetpm.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
]
