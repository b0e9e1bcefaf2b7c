from django.urls import path

from jetpm.alumni.engagement import views

app_name = "engagement"

urlpatterns = [
    path("", views.index, name="index"),
    path("find/", views.find, name="find"),
    path("new/", views.create, name="create"),
    path("<int:engagement_id>/", views.detail, name="detail"),
]
