from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jetpm.api"
    label = "api"
