"""Swagger UI at /api/docs/ that runs under the Content-Security-Policy.

drf-spectacular's default page has an inline <script> and <style>, which
`script-src 'self'` and `style-src 'self'` block. The split view serves the
start-up script from its own URL (`?script`), and the template below takes the
page's few style rules from a static file.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerUIView(SpectacularSwaggerSplitView):
    template_name = "common/swagger_ui.html"
