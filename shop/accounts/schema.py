"""OpenAPI description of the bearer-token authentication."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class ShopJWTScheme(SimpleJWTScheme):
    target_class = "shop.accounts.authentication.ShopJWTAuthentication"
    name = "jwtAuth"
