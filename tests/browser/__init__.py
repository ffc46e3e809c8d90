"""Browser tests: the page in Chromium (its view helpers are tested in CPython: tests/test_view.py)."""
