from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shop.catalog.importing import CatalogueInvalid, import_rows
from shop.catalog.models import Product


class Command(BaseCommand):
    help = (
        "Upsert products by SKU from a CSV file with the header "
        "sku,name,description,price,stock,is_active. Imports nothing if any row is invalid."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("csv_file", type=Path, help="Path of the CSV file (UTF-8).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the catalogue already has products (used to load the demo).",
        )

    def handle(self, *args, csv_file: Path, if_empty: bool, **options) -> None:
        if if_empty and Product.objects.exists():
            self.stdout.write("The catalogue already has products; nothing imported.")
            return

        try:
            with csv_file.open(newline="", encoding="utf-8-sig") as handle:
                result = import_rows(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {csv_file}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{csv_file} is not UTF-8 text: {error.reason}") from error
        except CatalogueInvalid as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Nothing imported: {len(error.problems)} problem(s) found."
            ) from error

        self.stdout.write(
            self.style.SUCCESS(f"Imported: {result.created} created, {result.updated} updated.")
        )
