"""The index of the rows holding each e-mail address or handle: what a change re-checks."""

from member_import.indexes import Index


class Row(int):
    """A row number that counts the comparisons made with it: the work an index does."""

    compared = 0

    def __eq__(self, other):
        Row.compared += 1
        return int.__eq__(self, other)

    def __lt__(self, other):
        Row.compared += 1
        return int.__lt__(self, other)

    __hash__ = int.__hash__


def test_the_first_row_holding_a_key_is_first_and_later_ones_follow_in_file_order():
    index = Index()
    assert [index.add("a", row) for row in (5, 9, 7)] == [[], [], []]
    assert index.rows("a") == [5, 7, 9]
    assert index.add("a", 3) == [5, 7, 9]  # an earlier row: the others now repeat it
    assert index.remove("a", 3) == [5, 7, 9] and index.rows("a") == [5, 7, 9]
    assert index.remove("a", 7) == [] and index.rows("a") == [5, 9]
    assert index.remove("a", 5) == [9] and index.remove("a", 9) == [] and index.rows("a") == []


def test_rechecking_every_row_sharing_an_address_is_not_quadratic_in_them():
    """One address on every row, the first row removed: each of the others is re-checked, so taken
    out of the index and entered again. A list of them took a pass over it per row (4,000,000
    comparisons here); the work must grow with the rows, not their square."""
    rows = [Row(n) for n in range(2, 4002)]
    index = Index()
    for row in rows:
        index.add("hr@city.gov", row)
    Row.compared = 0
    affected = index.remove("hr@city.gov", rows[0])
    for row in affected:
        index.remove("hr@city.gov", row)
        index.add("hr@city.gov", row)
    assert index.rows("hr@city.gov") == rows[1:]
    assert Row.compared < 30 * len(rows), Row.compared


def test_taking_out_a_row_that_is_not_there_changes_nothing_and_no_empty_sets_are_kept():
    index = Index()
    assert index.remove("a", 2) == [] and (index.first, index.more) == ({}, {})
    index.add("a", 2)
    assert index.remove("a", 3) == [] and index.rows("a") == [2]
    index.add("a", 4)
    index.add("a", 6)
    assert index.remove("a", 4) == [] and index.remove("a", 6) == []
    assert (index.first, index.more) == ({"a": 2}, {})  # a million keys must not each keep an empty set
    index.add("a", 4)
    assert index.remove("a", 2) == [4] and (index.first, index.more) == ({"a": 4}, {})
