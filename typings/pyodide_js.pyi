# Pyodide's own JavaScript API; the page reads only its Emscripten module (turns.heap_bytes).
from typing import Any

_module: Any

def __getattr__(name: str) -> Any: ...
