"""OpenAPI description of the bearer-token authentication."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class ShopJWTScheme(SimpleJWTScheme):
    target_class = "shop.accounts.authentication.ShopJWTAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema):
        # Written out because the parent warns when AUTH_HEADER_TYPES lists the
        # scheme in several cases, which are one scheme to HTTP.
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
