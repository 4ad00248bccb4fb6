"""Bounded lists: every list page shows one page of rows, so its cost does not grow with the data."""
from dataclasses import dataclass

from flask import request, url_for

MAX_PAGE = 100_000


@dataclass
class Pager:
    page: int
    size: int
    total: int

    def __post_init__(self):
        self.page = min(max(self.page or 1, 1), MAX_PAGE)
        last = max(1, -(-self.total // self.size))
        self.page = min(self.page, last)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def first_shown(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.offset + self.size, self.total)

    def url(self, page: int) -> str:
        """This request's URL (endpoint and filters) for another page."""
        args = request.args.to_dict(flat=False)
        args["page"] = [str(page)]
        return url_for(request.endpoint, **(request.view_args or {}), **args)

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to offer, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
        shown = sorted({1, self.pages, *range(max(1, self.page - around), min(self.pages, self.page + around) + 1)})
        out: list[int | None] = []
        for n in shown:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out
