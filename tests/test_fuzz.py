"""Mutated member files and workbooks keep every promise: a bounded run here, a long one with `make fuzz`."""

import dataclasses
import random

import pytest

import fuzzing
from conftest import csv_bytes, member
from member_import import Sheet, check


def test_a_few_hundred_mutations_of_each_family_keep_every_promise():
    families = [*fuzzing.FAMILIES, *fuzzing.TRIALS]
    tried, failures = fuzzing.run(seconds=None, examples=300 * len(families), seed=20261126)
    assert set(tried) == set(families) and min(tried.values()) >= 300
    assert failures == [], [(family, broke, data[:200]) for family, data, broke in failures[:5]]


@pytest.mark.parametrize("breakage, words", [
    ("fixed_csv", "rows lost"), ("duplicate", "repeated e-mail"), ("control", "control character"),
    ("hidden", "direction character"),
])
def test_the_promise_checker_notices_a_broken_result(monkeypatch, breakage, words):
    report = check(csv_bytes(member(1), member(2)))
    good = report.fixed_csv()
    broken = {
        "fixed_csv": good.splitlines(keepends=True)[0],
        "duplicate": good + good.splitlines(keepends=True)[1],
        "control": good.replace("Jon", "J\x07on", 1),
        "hidden": good.replace("Jon", "J\u202eon", 1),
    }[breakage]
    monkeypatch.setattr(report, "fixed_csv", lambda: broken)
    if breakage == "duplicate":  # the counts agree with the file: only the repeat is wrong
        report.summary = dataclasses.replace(report.summary, rows_read=3, rows_ready=3)
    assert words in fuzzing._report_broke(report)


def test_the_changes_family_notices_a_replay_that_carries_a_change_to_another_row(monkeypatch):
    # Replaying as before fingerprints (any line applied where its before matches) must break a promise.
    monkeypatch.setattr(Sheet, "replay", lambda sheet, line: sheet.apply(line.change))
    rng = random.Random(20261126)
    broken = [broke for _, broke in (fuzzing.changes_trial(rng) for _ in range(300)) if broke]
    assert any("but it was made for" in broke for broke in broken)
    assert any("has an empty before, was applied" in broke for broke in broken)
