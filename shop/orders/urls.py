from django.urls import re_path

from . import views

app_name = "orders"

urlpatterns = [
    re_path(r"^orders/?$", views.OrderListCreateView.as_view(), name="order-list"),
    re_path(
        r"^orders/(?P<pk>[0-9]{1,18})/?$", views.OrderDetailView.as_view(), name="order-detail"
    ),
]
