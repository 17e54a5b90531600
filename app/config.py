"""Configuration read from the environment; instance/config.py and test overrides come after."""
import os
from pathlib import Path

from .coverage.policy import default_policy_dir


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def host_list(value: str) -> list[str] | None:
    """A comma- or space-separated list from the environment; None when empty."""
    items = [item for item in value.replace(",", " ").split() if item]
    return items or None


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # default set in create_app: instance/
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # how many days saved determinations are kept; `flask --app app purge` deletes older ones
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))
    # a directory of versions (<effective-date>.yaml), or one file; several joined with ":"
    POLICY_PATH = os.environ.get("POLICY_PATH") or str(default_policy_dir())
    # signed-in policy team pages: a session ends this many minutes after sign-in
    ADMIN_SESSION_MINUTES = int(os.environ.get("ADMIN_SESSION_MINUTES", "60"))
    # how long a worker keeps a version's review due date before reading it again
    REVIEW_CACHE_SECONDS = int(os.environ.get("REVIEW_CACHE_SECONDS", "60"))
    MAX_CONTENT_LENGTH = 64 * 1024  # request bodies over 64 KB are refused with 413
    # security: the sites that may frame the wizard (the member portal), and the API's rate limit
    FRAME_ANCESTORS = os.environ.get("FRAME_ANCESTORS", "'self'")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", False)  # also Secure on any HTTPS request
    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    # memory:// counts per worker process; redis://host:6379 counts once for every worker and machine
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Redis unreachable: each worker counts in memory until it answers again, rather than failing requests
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute")
    # look-ups of saved determinations by reference, counted apart and more strictly
    API_LOOKUP_RATE_LIMIT = os.environ.get("API_LOOKUP_RATE_LIMIT", "30 per minute")
    # behind a proxy that sets X-Forwarded-For/-Proto, how many proxies to trust (0: none), and the
    # addresses those headers are believed from (anyone else's are ignored); gunicorn.conf.py reads the same
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    TRUSTED_PROXY_IPS = host_list(os.environ.get("TRUSTED_PROXY_IPS", "127.0.0.1 ::1"))
    # the host names the app answers to (Flask's TRUSTED_HOSTS); any other Host header gets 400
    TRUSTED_HOSTS = host_list(os.environ.get("TRUSTED_HOSTS", ""))
    # a check in progress left this long is forgotten: its answers are not kept in the browser for good
    CHECK_IDLE_MINUTES = int(os.environ.get("CHECK_IDLE_MINUTES", "60"))
    # CDS Hooks (Da Vinci CRD): who may call, what the cards say, what prior authorization says
    CRD_JWT_REQUIRED = _flag("CRD_JWT_REQUIRED", True)
    CRD_TRUSTED_ISSUERS = os.environ.get("CRD_TRUSTED_ISSUERS", "")  # "iss=jwks-file-in-instance,..."
    # the address the service is reached at (https://payer.example.org): the aud of every EHR's token and
    # the start of every absolute link it gives; never taken from a request's Host header
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    CRD_AUDIENCE = os.environ.get("CRD_AUDIENCE", "")  # no longer read: start-up says to set PUBLIC_BASE_URL
    CRD_SOURCE_LABEL = os.environ.get("CRD_SOURCE_LABEL", "Coverage Check (policy A015)")
    CRD_PA_NEEDED = os.environ.get("CRD_PA_NEEDED", "conditional")
    # work per client address: a call counts one, or as many as the orders and appointments it has judged
    CRD_RATE_LIMIT = os.environ.get("CRD_RATE_LIMIT", "600 per minute")
    # the A015-coded orders and appointments judged in one call; a card says how many more were not
    CRD_MAX_ORDERS = int(os.environ.get("CRD_MAX_ORDERS", "20"))
    # a result's PDF (a few hundred ms of CPU to lay out) per client address, both PDF views counted together
    PDF_RATE_LIMIT = os.environ.get("PDF_RATE_LIMIT", "10 per minute")
    # Da Vinci DTR under /fhir: who may call (the CRD service's trusted issuers sign these tokens too; their aud
    # is PUBLIC_BASE_URL and the operation's path, as the Questionnaire's canonical starts there), the rate limit
    DTR_JWT_REQUIRED = _flag("DTR_JWT_REQUIRED", True)
    DTR_RATE_LIMIT = os.environ.get("DTR_RATE_LIMIT", "600 per minute")
    DTR_MAX_CONTENT_LENGTH = 256 * 1024
    # opt-in: the SMART launch URL of the EHR's or a partner's DTR app, linked from each card naming a
    # questionnaire (CRD 2.x launches DTR from the coverage information alone: README, "The card")
    DTR_LAUNCH_URL = os.environ.get("DTR_LAUNCH_URL", "")
    # look-ups of saved results on the wizard's page, per client address (a reference is 54 random bits; this keeps guessing slower still)
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
