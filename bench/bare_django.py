"""A bare Django view: the first 20 available products, no DRF, no auth, no middleware.

Settings, URLs and the WSGI app live in this one module, so gunicorn starts it
with `bench.bare_django:application` and DJANGO_SETTINGS_MODULE=bench.bare_django.
It reads the same database as the shop and keeps connections open as the shop
does (CONN_MAX_AGE), so the two differ only in what the shop adds.
"""

import os

import environ
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path

env = environ.Env()

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-only-key")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = ["django.contrib.contenttypes", "shop.catalog"]
MIDDLEWARE: list[str] = []
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
USE_TZ = True
SHOP_CURRENCY = "USD"
FIELDS = ["id", "sku", "name", "description", "price", "stock"]


def product_list(request):
    from shop.catalog.models import Product

    rows = list(Product.objects.available().order_by("id").values(*FIELDS)[:20])
    for row in rows:
        row["currency"] = settings.SHOP_CURRENCY
    return JsonResponse({"results": rows})


urlpatterns = [path("products", product_list)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)
application = get_wsgi_application()
