"""Configuration read from the environment; instance/config.py and test overrides come after."""
import os
from pathlib import Path

from .coverage.policy import default_policy_path


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # default set in create_app: instance/
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # how many days saved determinations are kept; `flask --app app purge` deletes older ones
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))
    POLICY_PATH = os.environ.get("POLICY_PATH") or str(default_policy_path())
    MAX_CONTENT_LENGTH = 64 * 1024  # request bodies over 64 KB are refused with 413
    # security: the sites that may frame the wizard (the member portal), and the API's rate limit
    FRAME_ANCESTORS = os.environ.get("FRAME_ANCESTORS", "'self'")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", False)  # also Secure on any HTTPS request
    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute")
    # behind a proxy that sets X-Forwarded-For/-Proto, how many proxies to trust (0: none)
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # a check in progress left alone this long is forgotten; its pages then say it timed out
    CHECK_IDLE_MINUTES = int(os.environ.get("CHECK_IDLE_MINUTES", "60"))
    # look-ups of saved results, per client address (a reference is 54 random bits; this keeps guessing slower still)
    LOOKUP_RATE_LIMIT = os.environ.get("LOOKUP_RATE_LIMIT", "30 per minute")
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "es")
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent / "translations")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")


def database_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// spellings hosts give, and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def sqlite_default(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "coverage-check.sqlite")
