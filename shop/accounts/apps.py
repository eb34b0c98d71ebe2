from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shop.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers the OpenAPI extension for our authentication class.
        # Connects the signal receivers that keep cached user state fresh.
        from . import (
            schema,  # noqa: F401
            user_state,  # noqa: F401
        )
