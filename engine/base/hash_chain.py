"""The hash chains that make histories tamper-evident (a case's events, the admin log): each
entry's hash covers its predecessor's hash and its own content, so an entry altered or removed
afterwards breaks every link after it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def chain_hash(prev_hash: str, content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()
