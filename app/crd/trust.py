"""Who may call the hooks: a JWT from the EHR, as CDS Hooks 2.0 says, checked with keys kept on disk.

Each trusted issuer (the JWT's `iss`) has a JWKS file in instance/; no key is ever fetched (no
`jku`, no outbound call). The token must be signed with an asymmetric algorithm of its key's own
family, name the endpoint called in `aud` (the caller says which: this module serves any endpoint
that takes the EHR's JWTs), carry `exp`, `iat` and `jti`, and be seen once: a replayed `jti` is
refused until the token would have expired anyway, and a call whose `jti` cannot be checked is refused.
"""
from __future__ import annotations

import json
import logging
import math
import re
import time
from pathlib import Path

import jwt

log = logging.getLogger("coverage_check.crd")
# each algorithm with the key type (kty) it needs, and for ES the curve of RFC 7518
ALGORITHMS = {"RS256": "RSA", "RS384": "RSA", "RS512": "RSA", "PS256": "RSA", "PS384": "RSA", "PS512": "RSA",
              "ES256": "EC", "ES384": "EC", "ES512": "EC"}
CURVES = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}
LEEWAY_SECONDS = 10  # clocks drift a little between the EHR and us
MAX_LIFETIME_SECONDS = 3600  # CDS Hooks asks for 5 minutes; an hour still bounds the replay store
MAX_JTI = 255
_READER = jwt.PyJWT()  # reads a token without checking it, for the checks that choose the key
NUMERIC_DATES = ("exp", "iat", "nbf")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Untrusted(Exception):
    """A request whose token does not pass; the message says why, for the EHR's developer."""


class ReplayUnknown(Exception):
    """Whether a token's jti was used before cannot be told just now: the call is refused, never let through."""


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


def bearer_token(authorization: str | None) -> str:
    """The token of `Authorization: Bearer <token>`; the scheme's name in any case (RFC 7235)."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Untrusted("send the EHR's JWT in the Authorization header: Bearer <token>")
    return token.strip()


def _key(keys: jwt.PyJWKSet, kid: str, algorithm: str):
    candidates = [k for k in keys.keys if k.key_id == kid]
    if not candidates:
        raise Untrusted(f"no key with kid {kid[:64]!r} is configured for this issuer")
    key = candidates[0]
    # an RSA key never checks an ES signature, nor an EC key an RS one, nor a P-256 key an ES384 one
    curve = getattr(getattr(key.key, "curve", None), "name", None)
    if key.key_type != ALGORITHMS[algorithm] or (algorithm in CURVES and curve != CURVES[algorithm]):
        raise Untrusted(f"the key {kid[:64]!r} is not a key for {algorithm}")
    return key


def _numeric_dates(claims: dict) -> None:
    for name in NUMERIC_DATES:
        value = claims.get(name)
        if name in claims and (isinstance(value, bool) or not isinstance(value, (int, float))
                               or not math.isfinite(value) or not 0 <= value < 2 ** 40):
            raise Untrusted(f"the token's {name} must be a number of seconds since 1970 (a NumericDate)")


def _jti(claims: dict) -> None:
    jti = claims.get("jti")
    if "jti" in claims and (not isinstance(jti, str) or not jti.strip() or len(jti) > MAX_JTI or _CONTROL.search(jti)):
        raise Untrusted(f"the token's jti must be a string of 1 to {MAX_JTI} printable characters")


def _unverified(token: str) -> tuple[dict, dict]:
    try:
        # the header and the claims from one reading of the token (PyJWT reads it afresh for each of
        # get_unverified_header and decode); the signature is checked after, by jwt.decode with the key
        unverified = _READER.decode_complete(token, options={"verify_signature": False})
        header, claims = unverified["header"], unverified["payload"]
    except (jwt.PyJWTError, ValueError, TypeError, RecursionError):
        raise Untrusted("the bearer token is not a JWT") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise Untrusted("the bearer token is not a JWT")
    return header, claims


def verify(authorization: str | None, *, issuers: dict, audiences: set[str], seen) -> dict:
    """The token's claims when the Authorization header holds a JWT we trust; Untrusted otherwise.

    `audiences`: the URLs of the endpoint called, as the caller knows them from its configuration
    (never from the request); `seen`: a store whose first_use(issuer, jti, expires) says whether the
    jti is new, shared by every worker, raising ReplayUnknown when it cannot tell."""
    token = bearer_token(authorization)
    header, unverified = _unverified(token)
    issuer = unverified.get("iss")
    if not isinstance(issuer, str) or issuer not in issuers:
        raise Untrusted(f"the issuer {str(issuer)[:100]!r} is not trusted by this service")
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in ALGORITHMS:
        raise Untrusted(f"the token's algorithm {str(algorithm)[:16]!r} is not accepted; use ES384 or RS384")
    if not isinstance(header.get("kid"), str):
        raise Untrusted("the token's header lacks kid, the id of the key it was signed with")
    key = _key(issuers[issuer], header["kid"], algorithm)
    _numeric_dates(unverified)
    _jti(unverified)
    try:
        claims = jwt.decode(token, key=key.key, algorithms=[algorithm], audience=sorted(audiences),
                            issuer=issuer, leeway=LEEWAY_SECONDS,
                            options={"require": ["iss", "aud", "exp", "iat", "jti"]})
    except jwt.ExpiredSignatureError:
        raise Untrusted("the token has expired") from None
    except jwt.InvalidAudienceError:
        raise Untrusted("the token's aud is not the URL of the service called") from None
    except jwt.MissingRequiredClaimError as error:
        raise Untrusted(f"the token lacks the {error.claim} claim") from None
    except jwt.InvalidSignatureError:
        raise Untrusted("the token's signature does not match the issuer's keys") from None
    except jwt.PyJWTError as error:
        raise Untrusted(f"the token is not valid: {str(error)[:100]}") from None
    except (TypeError, ValueError, OverflowError, RecursionError):
        raise Untrusted("the token is not valid") from None
    if claims["iat"] > time.time() + LEEWAY_SECONDS:
        raise Untrusted("the token's iat is in the future")
    if claims["exp"] - claims["iat"] > MAX_LIFETIME_SECONDS:
        raise Untrusted("the token lives too long: exp may be at most an hour after iat (CDS Hooks asks 5 minutes)")
    if not seen.first_use(issuer, claims["jti"], float(claims["exp"])):
        raise Untrusted("this token's jti has been used already: send a new token with each request")
    return claims
