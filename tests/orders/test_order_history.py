from http import HTTPStatus

from django.urls import reverse

from shop.accounts.tokens import issue_token_pair

ORDERS_URL = reverse("orders:order-list")


def place(client, product, quantity=1) -> dict:
    body = {"items": [{"product_id": product.pk, "quantity": quantity}]}
    return client.post(ORDERS_URL, body, format="json").json()


def test_order_list_shows_own_orders_newest_first(auth_client, api_client, product, user_factory):
    first = place(auth_client, product)
    second = place(auth_client, product)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token_pair(user_factory()).access}")
    place(api_client, product)

    response = auth_client.get(ORDERS_URL)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["count"] == 2
    assert [row["id"] for row in response.json()["results"]] == [second["id"], first["id"]]
    assert response.json()["results"][0]["items"] == second["items"]


def test_other_users_order_is_404(auth_client, api_client, product, user_factory):
    mine = place(auth_client, product)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token_pair(user_factory()).access}")

    response = api_client.get(reverse("orders:order-detail", args=[mine["id"]]))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_order_detail_shows_the_order(auth_client, product):
    placed = place(auth_client, product, quantity=3)

    response = auth_client.get(reverse("orders:order-detail", args=[placed["id"]]))

    assert response.status_code == HTTPStatus.OK
    assert response.json() == placed


def test_order_list_query_count_is_constant(
    auth_client, product_factory, django_assert_max_num_queries
):
    products = product_factory.create_batch(3, stock=100)
    for _ in range(15):
        auth_client.post(
            ORDERS_URL,
            {"items": [{"product_id": product.pk, "quantity": 1} for product in products]},
            format="json",
        )

    with django_assert_max_num_queries(5):
        small = auth_client.get(ORDERS_URL, {"page_size": 2})
    with django_assert_max_num_queries(5):
        large = auth_client.get(ORDERS_URL, {"page_size": 15})

    assert len(small.json()["results"]) == 2
    assert len(large.json()["results"]) == 15
    assert all(len(row["items"]) == 3 for row in large.json()["results"])
