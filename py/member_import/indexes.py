"""Which rows hold each e-mail address, handle or guessed address: what a change re-checks."""

from __future__ import annotations

import bisect


class Index:
    """The rows holding each key (an e-mail address or a handle): the first, and later ones in file order."""

    __slots__ = ("first", "more")

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.more: dict[str, list[int]] = {}

    def rows(self, key: str) -> list[int]:
        if key not in self.first:
            return []
        return [self.first[key], *self.more.get(key, ())]

    def add(self, key: str, row: int) -> list[int]:
        """Enter `row` under `key`; returns the other rows whose problems this changes."""
        first = self.first.setdefault(key, row)
        if first == row:
            return []
        more = self.more.setdefault(key, [])
        if row > first:
            bisect.insort(more, row)
            return []
        self.first[key] = row  # every later row now repeats this one: their messages name it
        more.insert(0, first)
        return list(more)

    def remove(self, key: str, row: int) -> list[int]:
        """Take `row` out from under `key`; returns the other rows whose problems this changes."""
        more = self.more.get(key)
        if self.first.get(key) != row:
            if more and row in more:
                more.remove(row)
                if not more:
                    del self.more[key]
            return []
        if not more:
            del self.first[key]
            return []
        self.first[key] = more.pop(0)
        if not more:
            del self.more[key]
        return self.rows(key)
