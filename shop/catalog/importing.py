"""Checking and upserting catalogue rows from CSV, all rows or none."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.db import transaction

from .models import Product

CSV_HEADER = ["sku", "name", "description", "price", "stock", "is_active"]
TRUE_WORDS = {"true", "1", "yes", "y"}
FALSE_WORDS = {"false", "0", "no", "n", ""}


class ProductRowForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["sku", "name", "description", "price", "stock"]

    def validate_unique(self) -> None:
        # An existing SKU is an update, not an error.
        pass


class CatalogueInvalid(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def import_rows(lines: Iterable[str]) -> ImportResult:
    """Upsert products by SKU from CSV text; raise CatalogueInvalid naming every bad line."""
    rows = _parse(lines)
    with transaction.atomic():
        existing = Product.objects.select_for_update().in_bulk(
            [row["sku"] for _, row in rows], field_name="sku"
        )
        created = updated = 0
        for _, row in rows:
            product = existing.get(row["sku"])
            if product is None:
                Product.objects.create(**row)
                created += 1
            else:
                for field, value in row.items():
                    setattr(product, field, value)
                product.save()
                updated += 1
    return ImportResult(created=created, updated=updated)


def _parse(lines: Iterable[str]) -> list[tuple[int, dict]]:
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or [name.strip() for name in reader.fieldnames] != CSV_HEADER:
        raise CatalogueInvalid([f"line 1: the header must be {','.join(CSV_HEADER)}"])

    rows, problems, seen = [], [], {}
    for row in reader:
        line = reader.line_num
        cleaned, row_problems = _clean_row(row)
        if cleaned and cleaned["sku"] in seen:
            row_problems.append(f"sku {cleaned['sku']!r} repeats line {seen[cleaned['sku']]}")
        if row_problems:
            problems.extend(f"line {line}: {problem}" for problem in row_problems)
            continue
        seen[cleaned["sku"]] = line
        rows.append((line, cleaned))

    if problems:
        raise CatalogueInvalid(problems)
    return rows


def _clean_row(row: dict) -> tuple[dict | None, list[str]]:
    if None in row or any(value is None for value in row.values()):
        return None, [f"expected {len(CSV_HEADER)} columns"]

    problems = []
    active_word = row["is_active"].strip().lower()
    if active_word not in TRUE_WORDS | FALSE_WORDS:
        problems.append(f"is_active: {row['is_active']!r} is not true or false")

    form = ProductRowForm(data={key: value.strip() for key, value in row.items()})
    form.is_valid()
    for field, messages in form.errors.items():
        problems.extend(f"{field}: {message}" for message in messages)

    if problems:
        return None, problems
    cleaned = {field: form.cleaned_data[field] for field in ProductRowForm.Meta.fields}
    cleaned["is_active"] = active_word in TRUE_WORDS
    return cleaned, []
