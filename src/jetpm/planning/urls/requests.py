"""URLs of requests (配置要望), bulk entry and the national demand view."""

from django.urls import URLPattern, path

from jetpm.planning.views import requests as views

urlpatterns: list[URLPattern] = [
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/forward-all/", views.request_forward_all, name="request_forward_all"),
    path("requests/template/", views.request_template, name="request_template"),
    path("requests/upload/", views.request_upload, name="request_upload"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/lines/", views.request_lines, name="request_lines"),
    path("requests/<int:request_id>/lines/delete/", views.request_line_delete, name="request_line_delete"),
    path("requests/<int:request_id>/note/", views.request_note, name="request_note"),
    path("requests/<int:request_id>/submit/", views.request_submit, name="request_submit"),
    path("requests/<int:request_id>/forward/", views.request_forward, name="request_forward"),
    path("requests/<int:request_id>/accept/", views.request_accept, name="request_accept"),
    path("requests/<int:request_id>/return/", views.request_return, name="request_return"),
    path("demand/", views.demand, name="demand"),
]
