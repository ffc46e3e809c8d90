"""Mutated member files keep every promise: a bounded run here, a long one with `make fuzz`."""

import dataclasses

import pytest

from member_import import check

import fuzzing
from conftest import csv_bytes, member


def test_a_few_hundred_mutations_of_each_family_keep_every_promise():
    tried, failures = fuzzing.run(seconds=None, examples=2700, seed=20261126)
    assert set(tried) == set(fuzzing.FAMILIES) and min(tried.values()) >= 300
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
