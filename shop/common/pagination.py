"""Page-number pagination that rejects malformed parameters with a 400."""

from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

MAX_PAGE_SIZE = 100

# No list here reaches this many pages, so a larger page number is past the
# end (404) without building an OFFSET that the database cannot represent.
MAX_PAGE_NUMBER = 10**9

# Longer digit strings are read as this value, because int() rejects strings
# of more than 4300 digits and nothing needs the exact value.
_HUGE = 10**18


class PageNumberPagination(pagination.PageNumberPagination):
    """`page` and `page_size` as the API documents them.

    A malformed or non-positive value is a 400 on that parameter, a page past
    the end is a 404, and a page_size above the maximum is capped silently.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        parse_page_number(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request) -> int:
        size = parse_positive_int(request, self.page_size_query_param)
        if size is None:
            return self.page_size
        return min(size, self.max_page_size)


def parse_page_number(request, name: str) -> int | None:
    """Read a page number: 400 when malformed, 404 when past any possible end."""
    number = parse_positive_int(request, name)
    if number is not None and number > MAX_PAGE_NUMBER:
        raise NotFound("Invalid page.")
    return number


def parse_positive_int(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    digits = raw.lstrip("0")
    if not raw.isascii() or not raw.isdigit() or not digits:
        shown = raw if len(raw) <= 40 else f"{raw[:40]}..."
        raise ValidationError({name: [f"Must be a whole number from 1 up; got {shown!r}."]})
    return int(digits) if len(digits) <= 18 else _HUGE
