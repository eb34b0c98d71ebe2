"""The browser client's only page; everything else it does goes through the public API."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def index(request: HttpRequest) -> HttpResponse:
    # never_cache because the page carries this session's CSRF token, which
    # the Google sign-in pickup (a same-origin POST with the session cookie)
    # sends back.
    return render(request, "web/index.html")
