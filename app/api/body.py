"""Reading a JSON body safely: JSON only, size already capped by MAX_CONTENT_LENGTH, depth capped here.

JSON only: a web page can post text/plain or a form to another site without asking first, never
application/json, so no other site's page can make a visitor's browser create saved rows.
Depth: Python's json module recurses once per level, and a few KB of `[` would reach the
interpreter's recursion limit; a body nested deeper than any answers need is refused before it is parsed.
"""
from __future__ import annotations

import json
import re
from itertools import accumulate

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

MAX_DEPTH = 8  # the answers are one flat object; a policy reader's request is the same
_ESCAPES = re.compile(rb"\\.", re.S)  # a backslash and the character it escapes
_NOT_STRUCTURE = bytes(c for c in range(256) if c not in b'"[]{}')  # all but quotes and brackets
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class BodyError(ValueError):
    """The body cannot be read as the API needs it; status and message say why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def nesting_depth(raw: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest, brackets inside strings not counted (exactly, past `limit`)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return raw.count(b"[") + raw.count(b"{")  # an upper bound, and enough: the common case is one object
    # with the escapes gone, a string runs from one quote to the next: every other piece between quotes
    # is outside them. Bytes, not regular expressions, for all but the escapes: a 25 KB hook call in 0.1 ms
    unescaped = _ESCAPES.sub(b"", raw) if b"\\" in raw else raw
    outside = b"".join(unescaped.translate(None, _NOT_STRUCTURE).split(b'"')[::2])
    return max(accumulate(map(_STEP.__getitem__, outside)), default=0)


def json_body(media_types: tuple[str, ...] = ("application/json",), max_depth: int = MAX_DEPTH):
    """The request's JSON value; BodyError for another media type (415), too deep or not JSON (400).

    Reading the body may raise RequestEntityTooLarge (413), chunked bodies included. FHIR's operations
    take application/fhir+json too, and resources nest deeper than the API's answers."""
    if request.mimetype not in media_types:
        raise BodyError(415, "Send the request as JSON.")
    raw = request.get_data(cache=True)
    limit = request.max_content_length
    if request.content_length is None and limit and len(raw) >= limit:
        # a chunked body is cut at the limit, not refused: what reached it was longer than allowed
        raise RequestEntityTooLarge()
    if nesting_depth(raw, max_depth) > max_depth:
        raise BodyError(400, f"The body is nested too deeply: at most {max_depth} levels")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise BodyError(400, "The body is not valid JSON") from None
