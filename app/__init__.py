"""Coverage Check: is behavioral health coaching or peer support likely covered under policy A015?

The web app is built by create_app, which imports Flask and the blueprints when it is called: importing this
package brings no Flask, so that the engine (app.coverage) and the FHIR mapping (app.crd's fhir_*.py) stand
without it, as tests/test_engine.py proves in a fresh interpreter.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

__version__ = "0.1.0"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the test overrides."""
    from . import i18n, logs, security
    from .config import Config, database_url, sqlite_default
    from .coverage.policy import PolicyError
    from .coverage.versions import PolicyLibrary
    from .extensions import babel, csrf, db, limiter, migrate
    from .flaskapp import CoverageCheck

    app = CoverageCheck(__name__, instance_path=str(ROOT / "instance"), instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.from_object(Config)
    app.json.sort_keys = False  # a determination reads in the order it is built: outcome first
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY") and test_config is None:
        # `make run` keeps a generated key in instance/secret_key
        key_file = Path(app.instance_path) / "secret_key"
        if key_file.exists():
            app.config["SECRET_KEY"] = key_file.read_text().strip()
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = sqlite_default(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    engine_options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    # an error's text never carries a statement's values: they are a person's answers
    engine_options.setdefault("hide_parameters", True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        from .storage.database import SAVES, saving_options
        # a server's connections can drop while pooled; a SQLite file's cannot
        engine_options.setdefault("pool_pre_ping", True)
        # saves go through a pool of their own, one round trip each (app/storage/database.py)
        app.config.setdefault("SQLALCHEMY_BINDS", {}).setdefault(
            SAVES, saving_options(app.config["SQLALCHEMY_DATABASE_URI"], engine_options))
    app.config.setdefault("APP_VERSION", __version__)
    os.makedirs(app.instance_path, exist_ok=True)

    try:
        # a malformed policy file stops start-up with a message naming the file and the field
        library = PolicyLibrary.load(app.config["POLICY_PATH"])
    except PolicyError as error:
        print(f"Coverage Check cannot start: {error}", file=sys.stderr)
        raise
    app.extensions["policies"] = library
    # the version in effect at start-up, for code that reads one policy
    app.extensions["policy"] = library.current()

    security.register(app)
    logs.register(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    babel.init_app(app, locale_selector=i18n.locale_selector)
    i18n.register(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from . import admin, api, cli, crd, dtr, errors, health, wizard
    from .storage import models  # noqa: F401  (the models, for migrations)
    app.register_blueprint(api.bp)
    health.register(app)
    csrf.exempt(api.bp)  # the API takes no cookies and needs no CSRF token
    crd.register(app)
    app.register_blueprint(dtr.bp)
    csrf.exempt(dtr.bp)  # EHRs call the operations with a JWT, never a cookie
    dtr.configure(app)
    app.register_blueprint(wizard.bp)
    admin.register(app)
    errors.register(app)
    cli.register(app)
    return app
