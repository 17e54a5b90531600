"""Configuration read from the environment; instance/config.py and test overrides come after."""
import os
from pathlib import Path

from .coverage.policy import default_policy_path


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # default set in create_app: instance/
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # how many days saved determinations are kept; `flask --app app purge` deletes older ones
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))
    POLICY_PATH = os.environ.get("POLICY_PATH") or str(default_policy_path())
    MAX_CONTENT_LENGTH = 64 * 1024  # request bodies over 64 KB are refused with 413
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en",)
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")


def database_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// spellings hosts give, and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def sqlite_default(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "coverage-check.sqlite")
