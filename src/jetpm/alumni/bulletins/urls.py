from django.urls import path

from jetpm.alumni.bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:bulletin_id>/", views.detail, name="detail"),
    path("received/<int:delivery_id>/", views.read, name="read"),
    path("o/<str:token>/", views.opened, name="opened"),
    path("stop/<str:token>/", views.opt_out, name="opt_out"),
]
