# The browser's global JavaScript scope, as Pyodide's `js` module gives it: every name (setTimeout, CSS,
# Blob, URL, Object, URLSearchParams...) is a JavaScript object, so Any.
from typing import Any

def __getattr__(name: str) -> Any: ...
