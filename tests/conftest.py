"""Fixtures shared by every test: an app on a throwaway SQLite file, its client and CLI runner."""
import os
import shutil

import pytest

from app import create_app

TEST_SECRET = "test-secret-key-that-is-long-enough-32b"


def make_app(database_uri: str, **overrides):
    return create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "SQLALCHEMY_DATABASE_URI": database_uri,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, **overrides})


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
    pg_app = make_app(POSTGRES_URL)
    upgrade(pg_app)
    yield pg_app
    from app.extensions import db
    with pg_app.app_context():
        db.session.execute(db.text("DELETE FROM determinations"))
        db.session.commit()
        db.engine.dispose()
