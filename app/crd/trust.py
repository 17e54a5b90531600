"""Who may call the hooks: a JWT from the EHR, as CDS Hooks 2.0 says, checked with keys kept on disk.

Each trusted issuer (the JWT's `iss`) has a JWKS file in instance/; no key is ever fetched (no
`jku`, no outbound call). The token must be signed with an asymmetric algorithm, name this
service in `aud`, carry `exp`, `iat` and `jti`, and be seen once: a replayed `jti` is refused
until the token would have expired anyway.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

import jwt

log = logging.getLogger("coverage_check.crd")
ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"]
LEEWAY_SECONDS = 10  # clocks drift a little between the EHR and us
MAX_LIFETIME_SECONDS = 3600  # CDS Hooks asks for 5 minutes; an hour still bounds the replay store


class Untrusted(Exception):
    """A request whose token does not pass; the message says why, for the EHR's developer."""


class SeenTokens:
    """The `jti`s already used, each kept until its token expires, in this process's memory.

    The app keeps them in the database (replay.py) so that every worker sees them; this store is its
    stand-in while the database cannot be written."""

    def __init__(self):
        self._seen: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def first_use(self, issuer: str, jti: str, expires: float, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        with self._lock:
            if len(self._seen) > 1000:  # forget what has expired, now and then
                self._seen = {k: v for k, v in self._seen.items() if v > now}
            if self._seen.get((issuer, jti), 0) > now:
                return False
            self._seen[(issuer, jti)] = expires + LEEWAY_SECONDS
            return True


def load_issuers(setting, instance_path: str) -> dict[str, jwt.PyJWKSet]:
    """CRD_TRUSTED_ISSUERS ({iss: JWKS file name in instance/}, or "iss=file,iss=file") -> key sets."""
    if isinstance(setting, str):
        pairs = [p.split("=", 1) for p in setting.split(",") if "=" in p]
        setting = {iss.strip(): name.strip() for iss, name in pairs}
    issuers = {}
    for issuer, name in (setting or {}).items():
        path = Path(instance_path) / name
        try:
            issuers[issuer] = jwt.PyJWKSet.from_dict(json.loads(path.read_text()))
        except (OSError, ValueError, jwt.PyJWKError) as error:
            # a missing or broken key file refuses that issuer's calls rather than stopping the app
            log.error("cannot read the keys of trusted issuer %s from %s: %s", issuer, path, error)
    return issuers


def _key(keys: jwt.PyJWKSet, kid: str):
    candidates = [k for k in keys.keys if k.key_id == kid]
    if not candidates:
        raise Untrusted(f"no key with kid {str(kid)[:64]!r} is configured for this issuer")
    return candidates[0]


def verify(authorization: str | None, *, issuers: dict, audiences: set[str], seen: SeenTokens) -> dict:
    """The token's claims when the Authorization header holds a JWT we trust; Untrusted otherwise."""
    if not authorization or not authorization.startswith("Bearer "):
        raise Untrusted("send the EHR's JWT in the Authorization header: Bearer <token>")
    token = authorization[len("Bearer "):].strip()
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise Untrusted("the bearer token is not a JWT") from None
    issuer = unverified.get("iss")
    if not isinstance(issuer, str) or issuer not in issuers:
        raise Untrusted(f"the issuer {str(issuer)[:100]!r} is not trusted by this service")
    if header.get("alg") not in ALGORITHMS:
        raise Untrusted(f"the token's algorithm {str(header.get('alg'))[:16]!r} is not accepted; use ES384 or RS384")
    if not isinstance(header.get("kid"), str):
        raise Untrusted("the token's header lacks kid, the id of the key it was signed with")
    key = _key(issuers[issuer], header["kid"])
    try:
        claims = jwt.decode(token, key=key.key, algorithms=[header["alg"]], audience=sorted(audiences),
                            issuer=issuer, leeway=LEEWAY_SECONDS,
                            options={"require": ["iss", "aud", "exp", "iat", "jti"]})
    except jwt.ExpiredSignatureError:
        raise Untrusted("the token has expired") from None
    except jwt.InvalidAudienceError:
        raise Untrusted("the token's aud is not this service's URL") from None
    except jwt.MissingRequiredClaimError as error:
        raise Untrusted(f"the token lacks the {error.claim} claim") from None
    except jwt.InvalidSignatureError:
        raise Untrusted("the token's signature does not match the issuer's keys") from None
    except jwt.PyJWTError as error:
        raise Untrusted(f"the token is not valid: {str(error)[:100]}") from None
    if len(str(claims["jti"])) > 255:
        raise Untrusted("the token's jti is longer than 255 characters")
    if claims["exp"] - claims["iat"] > MAX_LIFETIME_SECONDS:
        raise Untrusted("the token lives too long: exp may be at most an hour after iat (CDS Hooks asks 5 minutes)")
    if not seen.first_use(issuer, str(claims["jti"]), float(claims["exp"])):
        raise Untrusted("this token's jti has been used already: send a new token with each request")
    return claims
