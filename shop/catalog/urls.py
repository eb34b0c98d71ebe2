from django.urls import re_path

from . import views

app_name = "catalog"

urlpatterns = [
    re_path(r"^products/?$", views.ProductListView.as_view(), name="product-list"),
    re_path(
        r"^products/(?P<pk>[0-9]{1,18})/?$",
        views.ProductDetailView.as_view(),
        name="product-detail",
    ),
]
