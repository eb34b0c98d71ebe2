"""Page-number pagination for the product list at a cost that does not grow with the catalogue.

- Rows: page_size + 1 rows are read, so `next` is exact without counting.
  From DEFERRED_JOIN_MIN_OFFSET on, the page's ids are picked first from the
  ordering's partial index (an index-only scan on PostgreSQL), and only those
  rows are read, instead of reading and dropping every row before the page.
- Count: exact without a query when the page shows where the list ends;
  otherwise a COUNT(*) cached per filter set (see list_cache.py for how stale
  it can get).
"""

from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from shop.common.pagination import PageNumberPagination, parse_page_number

from .list_cache import cached_count

DEFERRED_JOIN_MIN_OFFSET = 100
COUNTED_FILTERS = ("search", "min_price", "max_price")


class ProductPagination(PageNumberPagination):
    """The API's `page` and `page_size`, with the same 400s, 404s and links."""

    def paginate_queryset(self, queryset, request, view=None) -> list:
        self.request = request
        self.page_number = parse_page_number(request, self.page_query_param) or 1
        page_size = self.get_page_size(request)
        offset = (self.page_number - 1) * page_size

        rows = _read_rows(queryset, offset, page_size + 1)
        if not rows and self.page_number > 1:
            raise NotFound("Invalid page.")
        self.has_next = len(rows) > page_size
        rows = rows[:page_size]

        self.count = _count(queryset, request, offset, len(rows), self.has_next)
        return rows

    def get_paginated_response(self, data) -> Response:
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.page_number + 1)

    def get_previous_link(self) -> str | None:
        if self.page_number == 1:
            return None
        url = self.request.build_absolute_uri()
        if self.page_number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.page_number - 1)


def _read_rows(queryset, offset: int, limit: int) -> list:
    if offset < DEFERRED_JOIN_MIN_OFFSET:
        return list(queryset[offset : offset + limit])
    page_ids = queryset.values("pk")[offset : offset + limit]
    return list(queryset.filter(pk__in=page_ids))


def _count(queryset, request, offset: int, shown: int, has_next: bool) -> int:
    if not has_next:
        return offset + shown
    filters = tuple((name, request.query_params.get(name)) for name in COUNTED_FILTERS)
    # A stale count must still agree with the rows just read.
    return max(cached_count(queryset, filters), offset + shown + 1)
