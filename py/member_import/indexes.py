"""Which rows hold each e-mail address, handle or guessed address: what a change re-checks."""

from __future__ import annotations


class Index:
    """The rows holding each key (an e-mail address or a handle): the first, and the later ones.

    The later ones are a set, not a list kept in order: re-checking every row sharing one address
    takes each out and puts it back, a pass over a list per row (quadratic in them).
    """

    __slots__ = ("first", "more")

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.more: dict[str, set[int]] = {}

    def rows(self, key: str) -> list[int]:
        """The rows holding `key`, in file order."""
        if key not in self.first:
            return []
        return [self.first[key], *sorted(self.more.get(key, ()))]

    def add(self, key: str, row: int) -> list[int]:
        """Enter `row` under `key`; returns the other rows whose problems this changes."""
        first = self.first.setdefault(key, row)
        if first == row:
            return []
        more = self.more.setdefault(key, set())
        if row > first:
            more.add(row)
            return []
        self.first[key] = row  # every later row now repeats this one: their messages name it
        more.add(first)
        return sorted(more)

    def remove(self, key: str, row: int) -> list[int]:
        """Take `row` out from under `key`; returns the other rows whose problems this changes."""
        more = self.more.get(key)
        if self.first.get(key) != row:
            if more is not None:
                more.discard(row)
                if not more:
                    del self.more[key]
            return []
        if not more:
            del self.first[key]
            return []
        self.first[key] = first = min(more)
        more.remove(first)
        if not more:
            del self.more[key]
        return self.rows(key)
