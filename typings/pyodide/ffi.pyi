# The part of Pyodide's bridge between Python and JavaScript that the page uses.
from collections.abc import Callable
from typing import Any

class JsException(Exception):
    """An error thrown in JavaScript, raised in Python."""

class JsProxy:
    """A JavaScript object seen from Python: its attributes are JavaScript's."""
    def __getattr__(self, name: str) -> Any: ...

def create_proxy(obj: Callable[..., Any]) -> JsProxy: ...
def create_once_callable(obj: Callable[..., Any]) -> JsProxy: ...
def to_js(obj: Any, *, dict_converter: Any = ...) -> Any: ...
