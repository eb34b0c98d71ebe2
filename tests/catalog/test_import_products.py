from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shop.catalog.models import Product

HEADER = "sku,name,description,price,stock,is_active\n"


def run_import(tmp_path, text: str, *args) -> tuple[str, str]:
    path = tmp_path / "products.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_products", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_creates_and_updates_by_sku(tmp_path, product_factory):
    product_factory(sku="MUG", name="Old mug", price=Decimal("1.00"), stock=1)

    out, _ = run_import(
        tmp_path,
        HEADER + "MUG,Blue mug,Nice,12.50,3,true\nTEA,Green tea,,8.75,0,false\n",
    )

    assert "1 created, 1 updated" in out
    mug = Product.objects.get(sku="MUG")
    assert (mug.name, mug.price, mug.stock, mug.is_active) == (
        "Blue mug",
        Decimal("12.50"),
        3,
        True,
    )
    tea = Product.objects.get(sku="TEA")
    assert (tea.stock, tea.is_active) == (0, False)


@pytest.mark.django_db
def test_bad_rows_import_nothing(tmp_path):
    text = HEADER + (
        "GOOD,Good,,1.00,1,true\n"
        "BAD1,Bad price,,abc,1,true\n"
        "BAD2,Bad stock,,1.00,-4,true\n"
        ",No sku,,1.00,1,true\n"
        "GOOD,Repeat,,1.00,1,true\n"
        "BAD3,Bad flag,,1.00,1,maybe\n"
        "BAD4,Too few columns\n"
    )

    path = tmp_path / "products.csv"
    path.write_text(text, encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_products", str(path), stdout=StringIO(), stderr=err)

    assert "6 problem(s)" in str(raised.value)
    bad_lines = {line.split(":")[0] for line in err.getvalue().splitlines()}
    assert bad_lines == {"line 3", "line 4", "line 5", "line 6", "line 7", "line 8"}
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_import_reports_each_bad_line_on_stderr(tmp_path):
    err = StringIO()
    path = tmp_path / "products.csv"
    path.write_text(HEADER + "A,ok,,1,1,true\nB,bad,,x,1,true\nC,bad,,1,1,perhaps\n")

    with pytest.raises(CommandError):
        call_command("import_products", str(path), stdout=StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines == [
        "line 3: price: Enter a number.",
        "line 4: is_active: 'perhaps' is not true or false",
    ]


@pytest.mark.django_db
def test_import_rejects_wrong_header(tmp_path):
    with pytest.raises(CommandError):
        run_import(tmp_path, "sku,name,price\nA,B,1\n")

    assert not Product.objects.exists()


@pytest.mark.django_db
def test_import_of_missing_file_fails_cleanly(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_products", str(tmp_path / "missing.csv"))


@pytest.mark.django_db
def test_demo_catalogue_imports_cleanly_once():
    out = StringIO()
    call_command("import_products", "data/demo_products.csv", "--if-empty", stdout=out)
    call_command("import_products", "data/demo_products.csv", "--if-empty", stdout=out)

    assert Product.objects.count() >= 50
    assert "already has products" in out.getvalue()
