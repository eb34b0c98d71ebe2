from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "shop.web"
    label = "web"
    verbose_name = "Browser client"
