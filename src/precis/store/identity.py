"""What makes two reads the same article: the canonical URL and the hash of the text.

Examples
--------
>>> canonical_url("HTTPS://www.Example.com/news/a/?utm_source=x&b=2&a=1#top")
'https://example.com/news/a?a=1&b=2'
>>> content_hash("Rain  fell.\\n\\nThe bridge closed.") == content_hash("Rain fell. The bridge closed.")
True
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "content_hash"]

_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid")


def canonical_url(url: str | None) -> str | None:
    """``url`` without what does not change the page: case of scheme and host, ``www.``, the fragment,
    tracking parameters, the order of parameters, a trailing slash; ``None`` when there is no URL."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    except ValueError:
        return url.strip()
    if not host:
        return url.strip()
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not k.lower().startswith(_TRACKING))  # fmt: skip
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), host + port, path, urlencode(query), ""))


def content_hash(text: str) -> str:
    """SHA-256 of ``text`` with its whitespace runs made one space (hex)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
