"""Fixtures for the smoke suite in three engines: a browser per test, new profile, in each engine.

`make test` installs the engines' Debian packages (`make engines`) and the drivers' Python packages
(requirements-test.txt) first; a missing one fails the test, saying which, rather than skipping it.
"""

from __future__ import annotations

import pytest

from .drivers import ENGINES, launch, missing, x_display


@pytest.fixture(scope="session")
def display():
    """A private X display for WebKit's MiniBrowser, started the first time a test asks for one."""
    with x_display() as name:
        yield name


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    needs = missing(request.param)
    if needs:
        pytest.fail(f"{request.param} needs the Debian packages {', '.join(needs)}: run `make engines` "
                    "(or `make test`, which installs them)")
    return request.param


@pytest.fixture
def browser(engine, request, tmp_path):
    """A new `engine` browser, quit after the test; its driver's log goes to tmp_path/driver.log."""
    display = request.getfixturevalue("display") if engine == "webkit" else None
    with launch(engine, display=display, log=tmp_path / "driver.log") as browser:
        yield browser
