"""Pagination whose cost does not grow with the number of rows.

Django's Paginator counts every row the query matches (to number the pages), so a list
of 200 000 referrals counts 200 000 rows on every request, however few it shows. Two
replacements, see docs/decisions/0003-listings-at-scale.md:

- `UncountedPaginator`: no total. A page reads one row more than it shows to know whether
  a next page exists; page N reads N pages of rows (an ordered index walk), never the rest.
- `CountedPaginator`: Django's Paginator with the total given by the caller (a number
  maintained on write, e.g. the library's listing counts), never counted on read.

Both give the attributes `templates/includes/pagination.html` reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, cached_property

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A Paginator that takes its total instead of counting the object list."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._given_count = count

    @cached_property
    def count(self) -> int:
        return self._given_count


class UncountedPage(Sequence):
    def __init__(self, object_list: list, number: int, paginator: UncountedPaginator, more: bool):
        self.object_list = object_list
        self.number = number
        self.paginator = paginator
        self._more = more

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def __repr__(self) -> str:
        return f"<Page {self.number}>"

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class UncountedPaginator:
    """Pages of an ordered queryset without its total (`uncounted`: the pagination
    template says "Page 3" and offers the next page only when one exists)."""

    uncounted = True

    def __init__(self, object_list, per_page: int, *, max_page: int = 1000):
        self.object_list = object_list
        self.per_page = per_page
        self.max_page = max_page

    def get_page(self, number) -> UncountedPage:
        """Like Paginator.get_page: a number that is not a page number gives the first page.
        A page past the end is empty (the previous link leads back)."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        number = min(max(number, 1), self.max_page)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        more = len(rows) > self.per_page
        return UncountedPage(rows[: self.per_page], number, self, more)


def page_when_read(make_page: Callable):
    """The page as a template reads it: built on first use (a template calls a callable
    variable; later reads get the same page), so a fragment served from the cache never
    reads the rows. A plain function, not a lazy object: code that inspects the context
    (the error summary's isinstance checks) would build a lazy object."""
    return cache(make_page)
