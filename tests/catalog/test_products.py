from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.helpers import assert_unauthorized, error_codes

LIST_URL = reverse("catalog:product-list")


def ids(response) -> list[int]:
    return [product["id"] for product in response.json()["results"]]


def test_list_shows_only_available_products(auth_client, product_factory):
    available = product_factory(stock=3)
    product_factory(stock=0)
    product_factory(is_active=False)

    response = auth_client.get(LIST_URL)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["count"] == 1
    assert response.json()["results"] == [
        {
            "id": available.pk,
            "sku": available.sku,
            "name": available.name,
            "description": available.description,
            "price": "10.00",
            "currency": "USD",
            "stock": 3,
        }
    ]


def test_list_uses_configured_currency(auth_client, product, settings):
    settings.SHOP_CURRENCY = "EUR"

    assert auth_client.get(LIST_URL).json()["results"][0]["currency"] == "EUR"


def test_list_paginates_with_default_size_of_20(auth_client, product_factory):
    product_factory.create_batch(25)

    first = auth_client.get(LIST_URL).json()
    second = auth_client.get(LIST_URL, {"page": 2}).json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert len(second["results"]) == 5
    assert second["next"] is None


def test_page_size_above_maximum_is_capped(auth_client, product_factory):
    product_factory.create_batch(105)

    response = auth_client.get(LIST_URL, {"page_size": 500})

    assert response.status_code == HTTPStatus.OK
    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "x"}, "page_size"),
        ({"ordering": "stock"}, "ordering"),
        ({"ordering": "price,name"}, "ordering"),
        ({"min_price": "cheap"}, "min_price"),
        ({"max_price": "-1"}, "max_price"),
    ],
)
def test_invalid_query_parameter_is_400(auth_client, product, params, attr):
    response = auth_client.get(LIST_URL, params)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [error_attr for error_attr, _ in error_codes(response)] == [attr]


def test_page_past_the_end_is_404(auth_client, product):
    response = auth_client.get(LIST_URL, {"page": 2})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["type"] == "client_error"


@pytest.mark.parametrize("term", ["kettle", "KET-01", "gooseneck"])
def test_search_matches_name_sku_and_description(auth_client, product_factory, term):
    kettle = product_factory(sku="KET-01", name="Kettle", description="A gooseneck kettle.")
    product_factory(sku="MUG-01", name="Mug", description="A mug.")

    assert ids(auth_client.get(LIST_URL, {"search": term})) == [kettle.pk]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("price", ["b", "c", "a"]),
        ("-price", ["a", "b", "c"]),
        ("name", ["a", "b", "c"]),
        ("-name", ["c", "b", "a"]),
        ("id", ["a", "b", "c"]),
        ("-id", ["c", "b", "a"]),
    ],
)
def test_ordering_breaks_ties_by_id(auth_client, product_factory, ordering, expected):
    products = {
        "a": product_factory(name="a", price=Decimal("9.00")),
        "b": product_factory(name="b", price=Decimal("5.00")),
        "c": product_factory(name="c", price=Decimal("5.00")),
    }
    by_id = {product.pk: key for key, product in products.items()}

    response = auth_client.get(LIST_URL, {"ordering": ordering})

    assert [by_id[pk] for pk in ids(response)] == expected


def test_price_filters_are_inclusive(auth_client, product_factory):
    prices = ["4.99", "5.00", "7.50", "10.00", "10.01"]
    products = [product_factory(price=Decimal(price)) for price in prices]

    response = auth_client.get(LIST_URL, {"min_price": "5", "max_price": "10.00"})

    assert ids(response) == [product.pk for product in products[1:4]]


def test_list_query_count_is_constant(auth_client, product_factory, django_assert_max_num_queries):
    product_factory.create_batch(60)

    with django_assert_max_num_queries(4):
        small = auth_client.get(LIST_URL, {"page_size": 5})
    with django_assert_max_num_queries(4):
        large = auth_client.get(LIST_URL, {"page_size": 60})

    assert len(small.json()["results"]) == 5
    assert len(large.json()["results"]) == 60


def test_detail_shows_available_product(auth_client, product):
    response = auth_client.get(reverse("catalog:product-detail", args=[product.pk]))

    assert response.status_code == HTTPStatus.OK
    assert response.json()["sku"] == product.sku


@pytest.mark.parametrize("change", [{"stock": 0}, {"is_active": False}])
def test_detail_of_unavailable_product_is_404(auth_client, product_factory, change):
    product = product_factory(**change)

    response = auth_client.get(reverse("catalog:product-detail", args=[product.pk]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert error_codes(response) == [(None, "not_found")]


def test_detail_of_unknown_product_is_404(auth_client, db):
    assert auth_client.get(reverse("catalog:product-detail", args=[424242])).status_code == 404
    assert auth_client.get("/api/products/abc").status_code == HTTPStatus.NOT_FOUND


def test_products_require_a_token(api_client, product):
    assert_unauthorized(api_client.get(LIST_URL))


@pytest.mark.parametrize("page", ["1000000000", "10" + "0" * 40, "9" * 5000])
def test_huge_page_number_is_404(auth_client, product, page):
    response = auth_client.get(LIST_URL, {"page": page})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert error_codes(response) == [(None, "not_found")]


@pytest.mark.parametrize("size", ["1000000000", "9" * 5000, "000100"])
def test_huge_page_size_is_capped(auth_client, product_factory, size):
    product_factory.create_batch(101)

    response = auth_client.get(LIST_URL, {"page_size": size})

    assert response.status_code == HTTPStatus.OK
    assert len(response.json()["results"]) == 100


def test_huge_page_number_of_orders_is_404(auth_client, db):
    response = auth_client.get(reverse("orders:order-list"), {"page": "9" * 30})

    assert response.status_code == HTTPStatus.NOT_FOUND
