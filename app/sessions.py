"""The session cookie, encrypted and written only when what it holds has changed; and each session's
CSRF token, signed once and given again while it is fresh rather than signed for every page.

Measured in bench/pages.py: sealing the cookie again on every response, and signing the CSRF token
for every page, were two of the largest parts of a page's time (docs/benchmarks.md).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import threading
import time
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCMSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, current_app, g, request, session
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode, bytes_to_int

SEALED = b"\x01"  # the first byte of this format; Fernet's tokens, the format before it, start with 0x80
HEADER = struct.Struct(">cQ")  # that byte, then when it was sealed (seconds since the epoch)
NONCE_BYTES = 12
CLOCK_SKEW = 60  # a cookie sealed this far in the future is still opened, as Fernet allowed


class SessionJSON(TaggedJSONSerializer):
    """Flask's tagged JSON for sessions, calling the standard library's json itself: the same text as
    through the app's JSON provider (compact, ASCII, keys in their order), without its look-ups."""

    def __init__(self):
        super().__init__()
        # made once: json.dumps and json.loads given options make a new encoder or decoder for every call
        self._encoder = json.JSONEncoder(separators=(",", ":"))
        self._decoder = json.JSONDecoder(object_hook=self.untag)

    def dumps(self, value) -> str:
        return self._encoder.encode(self.tag(value))

    def loads(self, value):
        return self._decoder.decode(value.decode() if isinstance(value, bytes) else value)


def _derive(secret: bytes, info: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)


class SealedSerializer:
    """Session data compressed, then encrypted and authenticated with AES-GCM-SIV.

    A signed cookie can be read by whoever copies it; the answers of a check are not theirs to read.
    The key comes from SECRET_KEY through HKDF, so one secret still configures the app. The time it
    was sealed is authenticated with it, for the session's age limit. GCM-SIV: a random nonce that
    ever repeated would reveal only that two cookies hold the same text, never the key. A cookie of
    the format before (Fernet, under its own key from the same secret) is still opened, so a check in
    progress survives an upgrade; the next change to it is written in this format."""

    def __init__(self, secret: str | bytes):
        secret = secret.encode() if isinstance(secret, str) else secret
        self.aead = AESGCMSIV(_derive(secret, b"coverage-check session cookie, AES-GCM-SIV"))
        self.fernet = Fernet(base64.urlsafe_b64encode(_derive(secret, b"coverage-check session cookie")))
        self.json = SessionJSON()

    def seal(self, text: str, now: float | None = None) -> str:
        header = HEADER.pack(SEALED, int(time.time() if now is None else now))
        # a raw deflate stream with a 4 KB window: a cookie is never longer, and it is made far faster
        deflate = zlib.compressobj(6, zlib.DEFLATED, -12, 4)
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.aead.encrypt(nonce, deflate.compress(text.encode()) + deflate.flush(), header)
        return base64.urlsafe_b64encode(header + nonce + sealed).rstrip(b"=").decode()

    def open(self, token: str | bytes, max_age: float | None = None) -> str:
        """The text sealed in `token`; BadSignature when it cannot be opened, was tampered with, or is
        older than max_age seconds."""
        token = token.encode() if isinstance(token, str) else token
        try:
            if token.startswith(b"gAAAAA"):  # Fernet's version byte, 0x80, in base64
                return zlib.decompress(self.fernet.decrypt(token, ttl=int(max_age) if max_age else None)).decode()
            data = base64.urlsafe_b64decode(token + b"=" * (-len(token) % 4))
            kind, sealed_at = HEADER.unpack_from(data)
            now = time.time()
            if kind != SEALED or sealed_at > now + CLOCK_SKEW or (max_age and now - sealed_at > max_age):
                raise ValueError("not this format, or not of this time")
            nonce = data[HEADER.size:HEADER.size + NONCE_BYTES]
            deflated = self.aead.decrypt(nonce, data[HEADER.size + NONCE_BYTES:], data[:HEADER.size])
            return zlib.decompress(deflated, -15).decode()
        except (InvalidToken, InvalidTag, zlib.error, struct.error, ValueError) as error:
            # Flask starts an empty session on BadSignature: a cookie we cannot open is no cookie
            raise BadSignature("the session cookie could not be opened") from error

    def dumps(self, value) -> str:
        return self.seal(self.json.dumps(value))

    def loads(self, token, max_age=None):
        return self.json.loads(self.open(token, max_age))


class Session(SecureCookieSession):
    # the text the cookie held when the request came: a response sends a new cookie only if this changed
    opened: str | None = None


class SessionInterface(SecureCookieSessionInterface):
    """The encrypted session cookie, marked Secure whenever the request came over HTTPS, and sent again
    only when its content changed: a page that read the session, or wrote back what was there, sends none."""
    session_class = Session

    def __init__(self):
        self._sealed: tuple | None = None  # (the secret, its serializer): the key derived once, not per request

    def get_signing_serializer(self, app: Flask):
        if not app.secret_key:
            return None
        if self._sealed is None or self._sealed[0] != app.secret_key:
            self._sealed = (app.secret_key, SealedSerializer(app.secret_key))
        return self._sealed[1]

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def open_session(self, app: Flask, request) -> Session | None:
        sealer = self.get_signing_serializer(app)
        if sealer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            text = sealer.open(value, max_age=app.permanent_session_lifetime.total_seconds())
            opened = self.session_class(sealer.json.loads(text))
        except (BadSignature, ValueError, TypeError):
            return self.session_class()
        opened.opened = text
        return opened

    def save_session(self, app: Flask, session: Session, response) -> None:
        # as Flask's own, but the cookie is written only when the text it would hold is new
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            if session.modified:
                response.delete_cookie(
                    self.get_cookie_name(app), domain=self.get_cookie_domain(app), path=self.get_cookie_path(app),
                    secure=self.get_cookie_secure(app), partitioned=self.get_cookie_partitioned(app),
                    samesite=self.get_cookie_samesite(app), httponly=self.get_cookie_httponly(app))
                response.vary.add("Cookie")
            return
        if not self.should_set_cookie(app, session):
            return
        sealer = self.get_signing_serializer(app)
        text = sealer.json.dumps(dict(session))
        refresh = session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]
        if text == session.opened and not refresh:
            return  # the same content: the browser's cookie stands as it is
        response.set_cookie(
            self.get_cookie_name(app), sealer.seal(text), expires=self.get_expiration_time(app, session),
            httponly=self.get_cookie_httponly(app), domain=self.get_cookie_domain(app), path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app), partitioned=self.get_cookie_partitioned(app),
            samesite=self.get_cookie_samesite(app))
        response.vary.add("Cookie")


class KeptCsrfTokens:
    """Each session's signed CSRF token, kept by this worker and given again while it is fresh.

    Flask-WTF signs the session's token (itsdangerous, with the time) for every page that has a form;
    the signature is the same work for the same token, so each worker keeps the one it made and puts
    it where Flask-WTF looks for this request's token (`g`) before the page is made. A kept token is
    given for at most a tenth of WTF_CSRF_TIME_LIMIT, and never more than KEEP_SECONDS: a form shown
    is then good for nine tenths of the limit at least. Checking a posted token is Flask-WTF's, as it
    was: a token missing, expired, tampered with, or another session's is refused."""

    KEEP_SECONDS = 60
    LIMIT = 10_000  # sessions kept per worker; the store is emptied when full

    def __init__(self):
        self.tokens: dict[str, tuple[str, int]] = {}  # the session's raw token: (signed, when signed)
        self.lock = threading.Lock()
        self._signer: tuple | None = None

    @staticmethod
    def keep_for(app: Flask) -> float:
        limit = app.config.get("WTF_CSRF_TIME_LIMIT", 3600)
        return KeptCsrfTokens.KEEP_SECONDS if not limit else min(KeptCsrfTokens.KEEP_SECONDS, limit / 10)

    def fresh(self, app: Flask, raw) -> str | None:
        """The token kept for this raw token, if it was signed recently enough to be given again."""
        kept = self.tokens.get(raw) if isinstance(raw, str) else None
        return kept[0] if kept is not None and time.time() - kept[1] < self.keep_for(app) else None

    def signer(self, app: Flask) -> URLSafeTimedSerializer:
        """Flask-WTF's signer (its key and salt), made once per key rather than once per token."""
        key = app.config.get("WTF_CSRF_SECRET_KEY", app.secret_key)
        if self._signer is None or self._signer[0] != key:
            self._signer = (key, URLSafeTimedSerializer(key, salt="wtf-csrf-token"))
        return self._signer[1]

    def give(self, app: Flask) -> None:
        """Before a request that carries a session: its token signed before, while fresh, for Flask-WTF to give."""
        if not app.config.get("WTF_CSRF_ENABLED", True) or app.config["SESSION_COOKIE_NAME"] not in request.cookies:
            return
        found = self.fresh(app, session.get(app.config["WTF_CSRF_FIELD_NAME"]))
        if found is not None:
            setattr(g, app.config["WTF_CSRF_FIELD_NAME"], found)
            g.csrf_token_kept = found

    def put(self, raw: str, signed: str, signed_at: int) -> None:
        with self.lock:
            if len(self.tokens) >= self.LIMIT:
                self.tokens.clear()
            self.tokens[raw] = (signed, signed_at)
        g.csrf_token_kept = signed

    def keep(self, app: Flask, response):
        """After a request: a token Flask-WTF signed during it is kept for the session it was signed for."""
        signed = g.get(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        if isinstance(signed, str) and signed != g.get("csrf_token_kept"):
            try:
                payload, stamp, _signature = signed.split(".")
                raw, signed_at = json.loads(base64_decode(payload)), bytes_to_int(base64_decode(stamp))
            except (ValueError, TypeError):
                return response
            if isinstance(raw, str):
                self.put(raw, signed, signed_at)
        return response


def csrf_token() -> str:
    """This session's signed CSRF token, as flask_wtf.csrf.generate_csrf makes it (a raw token kept in the
    session, made when there is none, signed with the time), by the signer made once, and kept."""
    app = current_app
    field = app.config["WTF_CSRF_FIELD_NAME"]
    if field not in g:
        kept: KeptCsrfTokens = app.extensions["kept_csrf_tokens"]
        raw = session.get(field)
        if not isinstance(raw, str):
            raw = session[field] = hashlib.sha1(os.urandom(64)).hexdigest()  # as Flask-WTF makes it
        token = kept.fresh(app, raw)
        if token is None:
            signed_at = int(time.time())
            token = kept.signer(app).dumps(raw)
            kept.put(raw, token, signed_at)
        setattr(g, field, token)
    return g.get(field)


def register(app: Flask) -> None:
    app.session_interface = SessionInterface()
    kept = KeptCsrfTokens()
    app.extensions["kept_csrf_tokens"] = kept
    # the app itself, not the current_app proxy: a hook runs on every request, and each look-up through
    # the proxy is a part of every page's time
    app.before_request(lambda: kept.give(app))
    app.after_request(lambda response: kept.keep(app, response))
