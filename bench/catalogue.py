"""Fill the benchmark database with products quickly, through PostgreSQL's COPY.

Product id i is inactive when i % 10 == 3 and sold out when i % 10 == 7, so
80% of the catalogue is available. wrk/post_order.lua relies on that rule.
"""

from datetime import UTC, datetime

import psycopg

ADJECTIVES = ["Blue", "Red", "Green", "Small", "Large", "Heavy", "Light", "Round", "Square", "Old"]
NOUNS = ["mug", "lamp", "chair", "table", "shelf", "clock", "vase", "plate", "bowl", "rug"]
STOCK = 1000
HOT_PRODUCT_ID_BASE = 1_000_000_000
COLUMNS = "id, sku, name, description, price, stock, is_active, created_at, updated_at"


def is_available(product_id: int) -> bool:
    return product_id % 10 not in (3, 7)


def product_row(product_id: int, now: datetime) -> tuple:
    adjective = ADJECTIVES[product_id % len(ADJECTIVES)]
    noun = NOUNS[(product_id // len(ADJECTIVES)) % len(NOUNS)]
    price = f"{(product_id * 7919) % 100000 / 100:.2f}"
    stock = 0 if product_id % 10 == 7 else STOCK
    return (
        product_id,
        f"SKU-{product_id:08d}",
        f"{adjective} {noun} {product_id}",
        f"A {adjective.lower()} {noun} for everyday use, item {product_id}.",
        price,
        stock,
        product_id % 10 != 3,
        now,
        now,
    )


def grow_catalogue(conninfo: str, total: int) -> int:
    """Add products with ids up to `total`; return how many were added."""
    with psycopg.connect(conninfo, autocommit=True) as connection:
        first = _loaded_count(connection) + 1
        now = datetime.now(UTC)
        copy_sql = f"COPY catalog_product ({COLUMNS}) FROM STDIN"
        with connection.transaction(), connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for product_id in range(first, total + 1):
                copy.write_row(product_row(product_id, now))
        _reset_sequence(connection)
        # Fresh statistics and a visibility map let the planner use
        # index-only scans on the partial indexes straight away.
        connection.execute("VACUUM ANALYZE catalog_product")
    return max(0, total - first + 1)


def add_hot_product(conninfo: str, number: int, units: int) -> int:
    """Insert an available product with `units` units, above the loader's id range."""
    product_id = HOT_PRODUCT_ID_BASE + number
    now = datetime.now(UTC)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(
            f"INSERT INTO catalog_product ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (product_id, f"HOT-{number}", f"Hot item {number}", "", "5.00", units, True, now, now),
        )
    return product_id


def sold_units(conninfo: str, product_id: int) -> tuple[int, int]:
    """Return (units in order lines, units left) for one product."""
    with psycopg.connect(conninfo) as connection:
        ordered = connection.execute(
            "SELECT coalesce(sum(quantity), 0) FROM orders_orderitem WHERE product_id = %s",
            (product_id,),
        ).fetchone()[0]
        left = connection.execute(
            "SELECT stock FROM catalog_product WHERE id = %s", (product_id,)
        ).fetchone()[0]
    return int(ordered), int(left)


def available_count(conninfo: str) -> int:
    with psycopg.connect(conninfo) as connection:
        return connection.execute(
            "SELECT count(*) FROM catalog_product WHERE is_active AND stock > 0"
        ).fetchone()[0]


def _loaded_count(connection: psycopg.Connection) -> int:
    return connection.execute(
        "SELECT count(*) FROM catalog_product WHERE id < %s", (HOT_PRODUCT_ID_BASE,)
    ).fetchone()[0]


def _reset_sequence(connection: psycopg.Connection) -> None:
    connection.execute(
        "SELECT setval(pg_get_serial_sequence('catalog_product', 'id'), "
        "(SELECT coalesce(max(id), 1) FROM catalog_product))"
    )
