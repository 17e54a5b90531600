"""Headers on every response, a secret key that is really secret, and cookies that stay home.

A few lines of our own rather than Flask-Talisman: the policy we need is one header string, it
must read FRAME_ANCESTORS from our settings, and keeping it here keeps it visible and tested.
"""
from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

MIN_SECRET_BYTES = 32
MAKE_A_KEY = "make one with: python3 -c 'import secrets; print(secrets.token_hex(32))'"

# nothing inline, nothing from elsewhere: every script, style and font comes from this app
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors {ancestors}"
)


class InsecureConfiguration(RuntimeError):
    """A setting that would leave the app unsafe; the message says how to fix it."""


def check_secret_key(app: Flask) -> None:
    """Outside debug and testing, refuse to start without a secret key of at least 32 bytes."""
    if app.debug or app.testing:
        return
    key = app.config.get("SECRET_KEY") or ""
    size = len(key.encode() if isinstance(key, str) else key)
    if size < MIN_SECRET_BYTES:
        raise InsecureConfiguration(
            f"SECRET_KEY must be set to at least {MIN_SECRET_BYTES} bytes (it is {size}); {MAKE_A_KEY} "
            "and set it in the environment, or run `make run`, which writes one to instance/secret_key.")


class SessionInterface(SecureCookieSessionInterface):
    """The signed session cookie, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def add_headers(app: Flask, response):
    # a response may carry a narrower policy of its own (a chart drawn as SVG)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(
        ancestors=app.config["FRAME_ANCESTORS"]))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.path.startswith("/api/") or response.mimetype == "text/html":
        # answers and results are one person's: no shared cache keeps them
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def register(app: Flask) -> None:
    check_secret_key(app)
    app.session_interface = SessionInterface()
    app.after_request(lambda response: add_headers(app, response))
