from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from shop.common.docs import SwaggerUIView
from shop.common.errors import not_found
from shop.common.health import healthz

api_patterns = [
    path("", include("shop.accounts.urls")),
    path("", include("shop.catalog.urls")),
    path("", include("shop.orders.urls")),
    re_path(r"^schema/?$", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^docs/?$", SwaggerUIView.as_view(url_name="schema"), name="docs"),
    # JSON 404 under /api/ even with DEBUG on, where handler404 is not used.
    re_path(r"^.*$", not_found),
]

urlpatterns = [
    path("api/", include(api_patterns)),
    path("auth/google/", include("shop.accounts.google.urls")),
    re_path(r"^healthz/?$", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("shop.web.urls")),
    # The JSON 404 for every other path, with DEBUG on too, where Django would
    # otherwise show its debug page listing every URL pattern.
    re_path(r"^.*$", not_found),
]

handler400 = "shop.common.errors.bad_request"
handler403 = "shop.common.errors.permission_denied"
handler404 = "shop.common.errors.not_found"
handler500 = "shop.common.errors.server_error"
