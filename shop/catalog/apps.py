from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "shop.catalog"
    label = "catalog"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        # Connects the signal receivers that make cached product counts stale.
        from . import list_cache  # noqa: F401
