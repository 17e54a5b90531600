"""The second, made-up version of A015 (tests/data/a015-test-version/, not a real policy) and an app
that knows both versions."""
import os
import shutil
from pathlib import Path

import pytest

from app.coverage.policy import default_policy_dir

TEST_VERSION = Path(__file__).resolve().parent / "data" / "a015-test-version" / "2025-01-01.yaml"
BOTH = os.pathsep.join([str(default_policy_dir()), str(TEST_VERSION.parent)])
REAL_VERSION = default_policy_dir() / "2023-04-15.yaml"


@pytest.fixture
def versions_app(tmp_path, migrated_sqlite):
    from conftest import make_app
    path = tmp_path / "versions.sqlite"
    shutil.copy(migrated_sqlite, path)
    return make_app(f"sqlite:///{path}", POLICY_PATH=BOTH)


@pytest.fixture
def versions_client(versions_app):
    return versions_app.test_client()
