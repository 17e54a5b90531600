"""One JSON line per request, with a request id that is also sent back as X-Request-ID.

The line holds the method, the route's pattern (such as /api/v1/determinations/<reference>: never
the path as sent, which may hold a reference number, nor the query string), the status, the time
taken, the client's address (as the trusted proxies give it) and the request id: no answers from
the wizard, which travel in form bodies and the session.
"""
from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time

from flask import Flask, g, request

log = logging.getLogger("coverage_check.request")
_ENCODER = json.JSONEncoder(ensure_ascii=False)  # made once: json.dumps with options makes one for every line
# a proxy's id is kept when it is a UUID, with or without hyphens: nothing else a client chose goes in a log
_SAFE_ID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")


class JsonFormatter(logging.Formatter):
    _time = (None, "")  # (second, as written): one tuple, so that threads never see half of it

    def format(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        if second != self._time[0]:  # the time is written once a second, not once a line
            self._time = (second, self.formatTime(record, "%Y-%m-%dT%H:%M:%S"))
        line = {"time": self._time[1], "level": record.levelname.lower(),
                "logger": record.name, "message": record.getMessage()}
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return _ENCODER.encode(line)


def request_id() -> str:
    return getattr(g, "request_id", "-")


def route() -> str | None:
    """The pattern of the route that answered, or None (a 404): what the logs name, never the path."""
    rule = request.url_rule
    return rule.rule if rule is not None else None


def _start():
    # an id from a proxy in front is kept when it looks like one; anything else is replaced
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _SAFE_ID.fullmatch(incoming) else secrets.token_hex(16)  # as random as a uuid4
    g.started = time.perf_counter()


def _finish(response):
    took = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    rid = request_id()
    response.headers["X-Request-ID"] = rid
    if log.isEnabledFor(logging.INFO):
        # the record made as log.info would make it, but without looking up the caller in the stack,
        # which no line of ours shows: a record is made for every request, so its cost is part of every page
        log.handle(log.makeRecord(log.name, logging.INFO, __file__, 0, "request", None, None, extra={"fields": {
            "method": request.method, "path": route(), "status": response.status_code,
            "ms": round(took, 2), "client": request.remote_addr, "request_id": rid}}))
    return response


def register(app: Flask) -> None:
    if not logging.getLogger("coverage_check").handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        for name in ("coverage_check", "app"):
            logger = logging.getLogger(name)
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = name != "coverage_check"  # pytest's caplog still sees app errors
    app.before_request(_start)
    app.after_request(_finish)
