"""Production static files: the client's module imports point at hashed names."""

import re
from pathlib import Path

from django.core.files.storage import FileSystemStorage

from shop.web.storage import StaticFilesStorage

CLIENT_STATIC = Path(__file__).resolve().parents[2] / "shop" / "web" / "static"
IMPORT_PATH = re.compile(r'from "(\./[^"]+)"')


def collect_client_files(destination: Path) -> StaticFilesStorage:
    """Copy and post-process the client's static files as collectstatic does."""
    source = FileSystemStorage(location=CLIENT_STATIC)
    storage = StaticFilesStorage(location=destination, base_url="/static/")
    paths = {}
    for path in sorted(CLIENT_STATIC.rglob("*")):
        if path.is_file():
            name = path.relative_to(CLIENT_STATIC).as_posix()
            with source.open(name) as file:
                storage.save(name, file)
            paths[name] = (source, name)
    for _original, _processed, error in storage.post_process(paths):
        assert not isinstance(error, Exception), error
    return storage


def test_module_imports_use_hashed_names(tmp_path):
    storage = collect_client_files(tmp_path)
    hashed_modules = set(storage.hashed_files.values())

    for module in ["web/app.js", "web/products.js", "web/profile.js"]:
        text = (tmp_path / storage.stored_name(module)).read_text()
        imports = IMPORT_PATH.findall(text)
        assert imports, module
        for relative in imports:
            imported = f"web/{relative.removeprefix('./')}"
            assert imported in hashed_modules, f"{module} imports unhashed {relative}"
