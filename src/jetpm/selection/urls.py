from django.http import HttpResponse
from django.urls import path

app_name = "selection"


def _placeholder(request):  # type: ignore[no-untyped-def]  # replaced by the real pages
    return HttpResponse("")


urlpatterns = [path("", _placeholder, name="home")]
