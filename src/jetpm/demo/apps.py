from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jetpm.demo"
    label = "demo"
