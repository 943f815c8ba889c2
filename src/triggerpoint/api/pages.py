"""One pagination for every list the API returns: ?page=N&limit=M, with fixed bounds.

Built on django-ninja's pagination hook so the OpenAPI shows the parameters, their bounds
and the paged shape {"items", "count", "page", "pages"}. A page past the end is an empty
list (the client learns `pages`); a page or limit outside the bounds is a 422.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_PAGE = 10_000  # far past any clinic's lists; keeps the offset a small integer


class Pages(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE}.")
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}."
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Items on all pages together.")
        page: int
        pages: int = Field(description="How many pages there are at this limit.")

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        count = self._items_count(queryset)
        offset = (pagination.page - 1) * pagination.limit
        return {
            "items": queryset[offset : offset + pagination.limit],
            "count": count,
            "page": pagination.page,
            "pages": -(-count // pagination.limit),
        }
