"""Page-number pagination that rejects malformed parameters with a 400."""

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    """`page` and `page_size` as the API documents them.

    A malformed or non-positive value is a 400 on that parameter, a page past
    the end is a 404, and a page_size above the maximum is capped silently.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        parse_positive_int(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request) -> int:
        size = parse_positive_int(request, self.page_size_query_param)
        if size is None:
            return self.page_size
        return min(size, self.max_page_size)


def parse_positive_int(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise ValidationError({name: [f"Must be a whole number from 1 up; got {raw[:20]!r}."]})
    return int(raw)
