# PyScript's names for the page's DOM: JavaScript objects, so Any.
from typing import Any

document: Any
window: Any
