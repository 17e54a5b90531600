"""Fixtures shared by every test: an app on a throwaway SQLite file, its client and CLI runner."""
import functools
import os
import shutil
from pathlib import Path

import pytest

from app import create_app

TEST_SECRET = "test-secret-key-that-is-long-enough-32b"
PUBLIC_BASE_URL = "http://localhost"  # the address the test client calls
TRANSLATIONS = Path(__file__).resolve().parent.parent / "app" / "translations"


def compile_catalogues(directory: Path = TRANSLATIONS) -> list[Path]:
    """Build each language's .mo from its .po where it is missing or older, as `make translations` does.

    The .mo files are not committed; this lets a plain `pytest` on a fresh clone serve every language."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    built = []
    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        partial = mo.with_suffix(".mo.partial")
        with partial.open("wb") as target:
            write_mo(target, catalog)  # fuzzy entries are left out, as pybabel compile leaves them
        partial.replace(mo)  # a server started meanwhile never reads half a file
        built.append(mo)
    return built


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # under pytest-xdist, once, before the workers start
        compile_catalogues()


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own, which reads the groups
def pytest_collection_modifyitems(config, items):
    """`make test` runs two pytest-xdist workers with --dist loadgroup: every test of the shared PostgreSQL
    server stays on one worker, since the storage tests empty its tables and the fault test stops it. The
    browser tests need no group: each worker starts its own live server (`server`) and Chromium."""
    for item in items:
        if "postgresql" in item.nodeid.lower():
            item.add_marker(pytest.mark.xdist_group("postgresql"))


def make_app(database_uri: str, **overrides):
    return create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "SQLALCHEMY_DATABASE_URI": database_uri,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
                       **overrides})


def upgrade(app):
    """Build the schema the way production does: through the migrations."""
    from flask_migrate import upgrade as migrate_upgrade

    from app.extensions import db
    with app.app_context():
        migrate_upgrade()
        db.engine.dispose()  # closing the last connection folds SQLite's WAL into the file


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    # migrate once; each test gets a copy of the file
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    upgrade(make_app(f"sqlite:///{path}"))
    return path


@pytest.fixture
def app(tmp_path, migrated_sqlite):
    path = tmp_path / "test.sqlite"
    shutil.copy(migrated_sqlite, path)
    yield make_app(f"sqlite:///{path}")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(autouse=True)
def quick_password_hashes():
    """Passwords hashed here at argon2id's cheapest cost (argon2-cffi's CHEAPEST profile): the tests check who is
    let in and how many hashes each answer checks, not how long one takes, and the app's cost took a fifth of a
    second of CPU for every sign-in. Yields the app's own hasher, whose cost test_admin.py checks."""
    from app.admin import accounts
    quick, dummy = _quick_hasher()
    app_hasher = accounts._hasher
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", quick)
        patch.setattr(accounts, "_DUMMY", dummy)
        yield app_hasher


@functools.cache
def _quick_hasher():
    """The cheap hasher and its hash of no one's password, made once for the run, not once a test."""
    from argon2 import PasswordHasher, profiles
    quick = PasswordHasher.from_parameters(profiles.CHEAPEST)
    return quick, quick.hash("not a password of anyone")


@pytest.fixture(scope="session")
def policy():
    from app.coverage.policy import default_policy_path, load_policy
    return load_policy(default_policy_path())


POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium for Playwright, which cannot download a browser of its own here.

    The flags keep a headless Chromium from reaching out to the network at start-up."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": [
        "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(params=["sqlite"] + (["postgresql"] if POSTGRES_URL else []))
def storage_app(request, app):
    """The app on SQLite, and on PostgreSQL as well when TEST_DATABASE_URL names a server."""
    if request.param == "sqlite":
        yield app
        return
    from app.extensions import db
    pg_app = make_app(POSTGRES_URL)
    upgrade(pg_app)

    def empty():
        with pg_app.app_context():
            db.session.execute(db.text("DELETE FROM determinations"))
            db.session.commit()
            db.engine.dispose()

    empty()  # the server is shared by the whole run: each test starts from an empty table
    yield pg_app
    empty()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The app under gunicorn on a free localhost port, on a database of its own, for the browser tests."""
    from live import gunicorn
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'live.sqlite'}"
    upgrade(make_app(url))
    with gunicorn(url, workers=2, threads=8) as base:
        yield base


@pytest.fixture(scope="session")
def api_server(tmp_path_factory):
    """The app under gunicorn as `make run` serves it (two workers of gunicorn.conf.py's threads), on a SQLite file of
    its own, shared by the tests of one pytest worker that need a live server and nothing else of their own: the
    base URL and the database's URL. A test that kills a worker leaves the replacement gunicorn starts."""
    from types import SimpleNamespace

    from live import gunicorn
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'live.sqlite'}"
    upgrade(make_app(url))
    with gunicorn(url, workers=2) as base:
        yield SimpleNamespace(url=base, database_url=url)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()
