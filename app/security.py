"""Headers on every response, a secret key that is really secret, and cookies that stay home.

A few lines of our own rather than Flask-Talisman: the policy we need is one header string, it
must read FRAME_ANCESTORS from our settings, and keeping it here keeps it visible and tested.
"""
from __future__ import annotations

import base64
import zlib

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, request
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

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


class SealedSerializer:
    """Session data compressed, then encrypted and authenticated with Fernet.

    A signed cookie can be read by whoever copies it; the answers of a check are not theirs to
    read. The key comes from SECRET_KEY through HKDF, so one secret still configures the app."""

    def __init__(self, secret: str | bytes):
        secret = secret.encode() if isinstance(secret, str) else secret
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=b"coverage-check session cookie").derive(secret)
        self.fernet = Fernet(base64.urlsafe_b64encode(key))
        self.json = TaggedJSONSerializer()

    def dumps(self, value) -> str:
        return self.fernet.encrypt(zlib.compress(self.json.dumps(value).encode())).decode()

    def loads(self, token, max_age=None):
        try:
            data = self.fernet.decrypt(token, ttl=int(max_age) if max_age else None)
            return self.json.loads(zlib.decompress(data).decode())
        except (InvalidToken, zlib.error, ValueError) as error:
            # Flask starts an empty session on BadSignature: a cookie we cannot open is no cookie
            raise BadSignature("the session cookie could not be opened") from error


class SessionInterface(SecureCookieSessionInterface):
    """The encrypted session cookie, marked Secure whenever the request came over HTTPS."""

    def get_signing_serializer(self, app: Flask):
        if not app.secret_key:
            return None
        return SealedSerializer(app.secret_key)

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def add_headers(app: Flask, response):
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.format(
        ancestors=app.config["FRAME_ANCESTORS"])
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
