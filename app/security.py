"""Headers on every response, a secret key that is really secret, and cookies that stay home (app/sessions.py).

A few lines of our own rather than Flask-Talisman: the policy we need is one header string, it
must read FRAME_ANCESTORS from our settings, and keeping it here keeps it visible and tested.
"""
from __future__ import annotations

import math
import re
import time
from collections import Counter
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for

from . import sessions
from .sessions import SealedSerializer, SessionInterface  # noqa: F401  (the session cookie's, kept here before)

MIN_SECRET_BYTES = 32
# a key made by secrets.token_hex has 16 symbols and about 4 bits in each; "a" * 32 or a word
# repeated has far fewer. Both bounds pass every generated key and refuse the ones typed by hand
MIN_SECRET_SYMBOLS = 12
MIN_SECRET_BITS = 128
MAKE_A_KEY = "make one with: python3 -c 'import secrets; print(secrets.token_hex(32))'"

# nothing inline, nothing from elsewhere: every script, style and font comes from this app
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors {ancestors}"
)


class InsecureConfiguration(RuntimeError):
    """A setting that would leave the app unsafe; the message says how to fix it."""


def secret_bits(key: bytes) -> float:
    """The key's length times the entropy of its symbols' frequencies: an upper bound on its strength."""
    counts = Counter(key)
    return -sum(n * math.log2(n / len(key)) for n in counts.values())


def check_secret_key(app: Flask) -> None:
    """Refuse to start, in debug and testing too, without a secret key that is long and varied enough."""
    key = app.config.get("SECRET_KEY") or ""
    key = key.encode() if isinstance(key, str) else key
    if len(key) < MIN_SECRET_BYTES:
        problem = f"at least {MIN_SECRET_BYTES} bytes (it is {len(key)})"
    elif len(set(key)) < MIN_SECRET_SYMBOLS or secret_bits(key) < MIN_SECRET_BITS:
        problem = "random, not typed: it has too few different symbols, or repeats them too much"
    else:
        return
    raise InsecureConfiguration(
        f"SECRET_KEY must be {problem}; {MAKE_A_KEY} "
        "and set it in the environment, or run `make run`, which writes one to instance/secret_key.")


# 'self', 'none', or https origins with an optional port: nothing that could end the header or widen it
_ORIGIN = re.compile(r"https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?",
                     re.IGNORECASE)


def check_frame_ancestors(app: Flask) -> None:
    """FRAME_ANCESTORS goes into a header: refuse at start-up what would widen it or break it."""
    value = app.config.get("FRAME_ANCESTORS") or ""
    sources = value.split(" ")
    if sources == ["'none'"]:
        return
    if sources and all(source == "'self'" or _ORIGIN.fullmatch(source) for source in sources):
        return
    raise InsecureConfiguration(
        f"FRAME_ANCESTORS must be 'self', 'none', or 'self' and https origins separated by single spaces, "
        f"such as \"'self' https://portal.example.org\"; it is {value!r}.")


def check_public_base_url(app: Flask) -> None:
    """PUBLIC_BASE_URL names this service for the EHRs' tokens and for every absolute link it gives:
    needed when tokens are checked, and never anything but a scheme, a host, a port and a path."""
    value = (app.config.get("PUBLIC_BASE_URL") or "").strip()
    if app.config.get("CRD_AUDIENCE"):
        raise InsecureConfiguration(
            "CRD_AUDIENCE is no longer read: set PUBLIC_BASE_URL to the address the service is reached at, "
            "such as https://payer.example.org (the hooks are then https://payer.example.org/cds-services/...).")
    if not value:
        checked = [name for name in ("CRD_JWT_REQUIRED", "DTR_JWT_REQUIRED") if app.config.get(name)]
        if checked:
            raise InsecureConfiguration(
                f"PUBLIC_BASE_URL must be set while {' or '.join(checked)} is true: the address the service is reached at, "
                "such as https://payer.example.org, which every EHR's token must name in its aud; "
                "`make run` sets it to the address it serves on.")
        app.config["PUBLIC_BASE_URL"] = ""
        return
    if _plain_address(value) is None:
        raise InsecureConfiguration(
            f"PUBLIC_BASE_URL must be an http or https address with no user, query or fragment, such as "
            f"https://payer.example.org; it is {value!r}.")
    app.config["PUBLIC_BASE_URL"] = value.rstrip("/")


def _plain_address(value: str):
    """The parts of an http or https address with a host and no user, query, fragment, space or control
    character; None for anything else."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError:
        return None
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password
            or parts.query or parts.fragment or value.endswith("?") or value.endswith("#")
            or any(c.isspace() or ord(c) < 32 for c in value)):
        return None
    return parts


LOOPBACK = ("localhost", "127.0.0.1", "::1")


def check_dtr_launch_url(app: Flask) -> None:
    """DTR_LAUNCH_URL, when set, is the SMART launch URL of the EHR's or a partner's DTR app, put on cards as a
    link: https (SMART's launch hands the app a token), or http on this machine for local trials, never more
    than a scheme, a host, a port and a path."""
    value = (app.config.get("DTR_LAUNCH_URL") or "").strip()
    if not value:
        app.config["DTR_LAUNCH_URL"] = ""
        return
    parts = _plain_address(value)
    if parts is None or (parts.scheme == "http" and parts.hostname not in LOOPBACK):
        raise InsecureConfiguration(
            f"DTR_LAUNCH_URL must be the https address of a DTR SMART app's launch, with no user, query or "
            f"fragment, such as https://dtr.example.org/launch (http only on localhost); it is {value!r}.")
    app.config["DTR_LAUNCH_URL"] = value


def public_base() -> str:
    """Where the public reaches this service: PUBLIC_BASE_URL; only when it is not set (tokens not
    checked, for local trials) the address this request was sent to."""
    return current_app.config["PUBLIC_BASE_URL"] or request.host_url.rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """An absolute address for a link that leaves the page (a card, a PDF): never built from the Host header."""
    return public_base() + url_for(endpoint, **values)


class TrustedProxies:
    """Believe X-Forwarded-For/-Proto/-Host only from the proxies' own addresses (TRUSTED_PROXY_IPS),
    as many hops as TRUSTED_PROXIES: from anyone else they are a client's forgery and are ignored."""

    def __init__(self, app, hops: int, addresses):
        from werkzeug.middleware.proxy_fix import ProxyFix
        self.direct = app
        self.proxied = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops)
        self.addresses = frozenset(addresses or ())

    def __call__(self, environ, start_response):
        app = self.proxied if environ.get("REMOTE_ADDR") in self.addresses else self.direct
        return app(environ, start_response)


def headers_for(app: Flask) -> list[tuple[str, str]]:
    """The headers every response gets, put together once: FRAME_ANCESTORS is checked at start-up."""
    return [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(ancestors=app.config["FRAME_ANCESTORS"])),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
    ]


HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
NO_STORE = ("Cache-Control", "no-store")
PRIVATE_PATHS = ("/api/", "/cds-services", "/fhir/")


class EveryResponse:
    """The headers every response gets, added where the server is handed the response's own (WSGI's
    start_response): one list put together at start-up, joined to the response's, instead of each header
    checked again by Werkzeug for every page. It sits inside TrustedProxies, so a request's scheme is
    the one the trusted proxy gives. Measured in bench/pages.py (docs/benchmarks.md)."""

    def __init__(self, app, always: list[tuple[str, str]]):
        self.app = app
        self.always = list(always)
        self.beside_own_policy = [h for h in always if h[0] != "Content-Security-Policy"]

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            names = {name.lower(): value for name, value in headers}
            # a response may carry a narrower policy of its own (a chart drawn as SVG)
            added = self.beside_own_policy if "content-security-policy" in names else self.always
            if environ.get("wsgi.url_scheme") in ("https", "wss"):  # as request.is_secure reads it
                added = added + [HSTS]
            if "cache-control" not in names and (
                    environ.get("PATH_INFO", "").startswith(PRIVATE_PATHS)
                    or names.get("content-type", "").split(";", 1)[0].strip().lower() == "text/html"):
                # answers and results are one person's: no shared cache keeps them
                added = added + [NO_STORE]
            return start_response(status, headers + added, exc_info)
        return self.app(environ, start)


def register(app: Flask) -> None:
    check_secret_key(app)
    check_frame_ancestors(app)
    check_public_base_url(app)
    check_dtr_launch_url(app)
    app.wsgi_app = EveryResponse(app.wsgi_app, headers_for(app))
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = TrustedProxies(app.wsgi_app, app.config["TRUSTED_PROXIES"], app.config["TRUSTED_PROXY_IPS"])
    # //member is not made /member by a redirect that would echo the Host header back
    app.url_map.merge_slashes = False
    sessions.register(app)
    app.add_template_global(public_url, "public_url")


def idle_expired(last_seen: float | None, now: float | None = None) -> bool:
    """Whether a check in progress last touched at `last_seen` (seconds since the epoch) has been left
    longer than CHECK_IDLE_MINUTES; one never touched counts as expired. For the wizard's state."""
    if last_seen is None:
        return True
    return (now if now is not None else time.time()) - last_seen > current_app.config["CHECK_IDLE_MINUTES"] * 60
