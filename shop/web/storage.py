"""Static files storage for production: hashed names, also inside ES module imports."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed manifest storage that also rewrites module imports.

    The browser client's modules import each other by relative path. With
    this flag (Django 4.2+), collectstatic rewrites `from "./api.js"` to the
    hashed file name, so a page never mixes a new module with a cached old one.
    """

    support_js_module_import_aggregation = True
