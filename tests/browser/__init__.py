"""Browser tests: the page in Chromium (test_page) and its view helpers in CPython (test_view)."""
