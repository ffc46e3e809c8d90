"""The changes file (changes.py): read line by line, refused with a sentence when a line is not a
change, and replayed only onto the rows it was made for."""

import pytest

from member_import import ChangeRefused, read_changes

HEADER = "row,column,before,after,action\r\n"


# ---- row numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize("row", ["²", "３", "٣", "1²", "𝟑"])
def test_a_row_number_in_other_digits_than_0_to_9_is_refused_with_a_sentence(row):
    with pytest.raises(ChangeRefused) as refused:
        read_changes(HEADER + f"{row},email,,dee.fox@city.gov,edit\r\n")
    assert refused.value.line == 2
    assert f"'{row}'" in refused.value.message and "0-9" in refused.value.message
    assert refused.value.message.endswith(".")
