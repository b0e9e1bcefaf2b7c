from django.urls import path

from jetpm.stats import views, views_jetaa_support, views_programme

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    path("programme/", views_programme.programme_page, name="programme"),
    path("jetaa/", views_programme.jetaa_page, name="jetaa"),
    path("jetaa-support/", views_jetaa_support.jetaa_support_page, name="jetaa_support"),
]
