"""What every request goes through, made lighter (bench/pages.py measures it): each hook's synchronous
form found once, the log line made without its caller looked up, the remember-me cookie refreshed
after the policy team's pages alone, and a worker's start-up objects frozen for the collector."""
import gc
import logging
import runpy
from pathlib import Path

from app.admin import login_manager
from app.flaskapp import SYNC_FORMS_KEPT, CoverageCheck

ROOT = Path(__file__).resolve().parent.parent


def test_each_hook_and_view_is_asked_about_once_and_still_runs_every_time(app):
    assert isinstance(app, CoverageCheck)
    calls = []
    app.before_request_funcs.setdefault(None, []).append(lambda: calls.append("before") and None)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/member").status_code == 200
    assert calls == ["before"] * 3
    hook = app.before_request_funcs[None][-1]
    assert app._sync_forms[hook] is hook  # a plain function is its own synchronous form, as Flask says


def test_a_callable_that_cannot_be_a_key_is_still_given_as_flask_gives_it(app):
    class Unhashable:
        __hash__ = None

        def __call__(self):
            return None

    hook = Unhashable()
    assert app.ensure_sync(hook) is hook
    assert all(key is not hook for key in app._sync_forms)


def test_what_is_kept_of_the_sync_forms_is_bounded(app):
    for n in range(SYNC_FORMS_KEPT + 10):
        app.ensure_sync(lambda n=n: n)
    assert len(app._sync_forms) <= SYNC_FORMS_KEPT


def test_the_request_line_holds_the_same_fields_and_needs_no_caller(client, caplog):
    with caplog.at_level(logging.INFO, logger="coverage_check.request"):
        response = client.get("/member")
    (record,) = [r for r in caplog.records if r.name == "coverage_check.request"]
    assert record.getMessage() == "request" and record.levelno == logging.INFO
    assert record.fields["request_id"] == response.headers["X-Request-ID"]
    assert record.fields["path"] == "/<any(member, provider, agent):audience>" and record.fields["status"] == 200


def test_a_request_log_turned_down_writes_nothing_and_still_sends_the_id(client, caplog):
    logger = logging.getLogger("coverage_check.request")
    before = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with caplog.at_level(logging.WARNING, logger="coverage_check.request"):
            response = client.get("/member")
    finally:
        logger.setLevel(before)
    assert response.headers["X-Request-ID"]
    assert not [r for r in caplog.records if r.name == "coverage_check.request"]


def test_the_remember_me_cookie_is_looked_after_on_the_policy_teams_pages_alone(app):
    hook = login_manager._update_remember_cookie
    assert hook not in app.after_request_funcs.get(None, [])
    assert hook in app.after_request_funcs["admin"]
    signed_out = app.test_client().get("/admin/")  # sent to sign in: the admin pages still run it
    assert signed_out.status_code in (302, 303)


def test_a_worker_freezes_what_start_up_left_once_it_has_loaded_the_app():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    try:
        settings["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
