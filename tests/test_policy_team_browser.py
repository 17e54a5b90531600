"""The policy team's pages and the decision table in Debian's Chromium, against gunicorn, with axe-core
on every page: sign-in, a wrong password, tries slowed down, an expired session, the roles, a stale CSRF
token, recording a review after seeing what it changes, and the impact page (its screenshot goes to the test results)."""
from pathlib import Path

import pytest

from admin_helpers import EDITOR, PASSWORD, VIEWER, create_user
from test_wizard_browser import assert_accessible
from versions_fixtures import BOTH

pytestmark = pytest.mark.e2e
# the file's name sorts after tests/test_bench.py, as the other browser tests' do: Playwright leaves
# an event loop running, and the load test starts one of its own
SLOWED = "slowed@example.org"


@pytest.fixture(scope="module")
def ops_server(tmp_path_factory):
    from conftest import make_app, upgrade
    from live import gunicorn
    url = f"sqlite:///{tmp_path_factory.mktemp('ops') / 'ops.sqlite'}"
    app = make_app(url, POLICY_PATH=BOTH)
    upgrade(app)
    for email, role in ((EDITOR, "editor"), (VIEWER, "viewer"), (SLOWED, "viewer")):
        create_user(app, email, role)
    with gunicorn(url, workers=1, threads=4, env={"POLICY_PATH": BOTH}) as base:
        yield base


def sign_in(page, base, email, password=PASSWORD):
    page.goto(f"{base}/admin/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")


def test_sign_in_review_and_every_admin_page_pass_axe(page, ops_server, axe, output_path):
    page.goto(f"{ops_server}/admin/")
    assert "/admin/sign-in" in page.url
    assert_accessible(page, axe, "sign-in")
    sign_in(page, ops_server, EDITOR, "not the right one")
    assert page.title().startswith("Error: ")
    assert page.locator(".error-summary").inner_text().count("not right") == 1
    assert_accessible(page, axe, "sign-in with an error")
    sign_in(page, ops_server, EDITOR)
    assert page.url.endswith("/admin/")
    assert_accessible(page, axe, "versions and reviews")
    for link in ("Impact of a change", "What people ask", "Audit log", "Versions and reviews"):
        with page.expect_navigation():
            page.click(f"nav a:has-text('{link}')")
        assert_accessible(page, axe, link)
    with page.expect_navigation():
        page.click("a:has-text('January 1, 2025')")
    page.click("button:has-text('Continue')")  # nothing filled in: the errors
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert_accessible(page, axe, "review with errors")
    page.fill("#reviewed_on", "2025-11-20")
    page.click("label:has-text('Reviewed, no change')")
    page.fill("#next_review_date", "2026-11-20")
    with page.expect_navigation():
        page.click("button:has-text('Continue')")
    # what the review will change, before anything is kept
    assert "moves from January 1, 2026 to November 20, 2026" in page.locator("#review-change").inner_text()
    assert_accessible(page, axe, "review to confirm")
    with page.expect_navigation():
        page.click("button:has-text('Record the review')")
    assert page.locator("#reviews").inner_text().count("Reviewed, no change") == 1
    assert page.locator("#review-due").inner_text() == "November 20, 2026"
    assert_accessible(page, axe, "review recorded")
    page.goto(f"{ops_server}/admin/impact")
    assert page.locator("#transitions").count() == 1
    assert page.locator("img.chart").evaluate("img => img.complete && img.naturalWidth > 0")
    Path(output_path).mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1000, "height": 900})
    page.screenshot(path=str(Path(output_path) / "impact.png"), full_page=True)
    with page.expect_navigation():
        page.click("button:has-text('Sign out')")
    assert "/admin/sign-in" in page.url
    page.goto(f"{ops_server}/admin/audit")
    assert "/admin/sign-in" in page.url


def test_a_viewer_sees_no_review_form(page, ops_server, axe):
    sign_in(page, ops_server, VIEWER)
    page.goto(f"{ops_server}/admin/policy/2023-04-15")
    assert page.locator("form:has(#reviewed_on)").count() == 0
    assert_accessible(page, axe, "a version, for a viewer")


def test_tries_slowed_down_get_the_same_words_and_pass_axe(page, ops_server, axe):
    for _ in range(5):
        sign_in(page, ops_server, SLOWED, "wrong wrong wrong")
    wrong = page.locator(".error-summary").inner_text()
    sign_in(page, ops_server, SLOWED)  # too soon after five wrong ones: refused, in the same words
    assert page.locator(".error-summary").inner_text() == wrong and "up to 15 minutes" in wrong
    assert_accessible(page, axe, "slowed down")


def test_an_expired_session_signs_out_with_a_message(page, ops_server, axe):
    from conftest import make_app
    sign_in(page, ops_server, VIEWER)
    # the session cookie made old, signed with the server's own key
    from live import TEST_ENVIRONMENT
    app = make_app("sqlite://", SECRET_KEY=TEST_ENVIRONMENT["SECRET_KEY"])
    serializer = app.session_interface.get_signing_serializer(app)
    cookie = next(c for c in page.context.cookies() if c["name"] == "session")
    data = serializer.loads(cookie["value"])
    data["admin_signed_in_at"] -= 24 * 3600
    page.context.add_cookies([{**cookie, "value": serializer.dumps(data)}])
    page.goto(f"{ops_server}/admin/usage")
    assert page.url.endswith("/admin/sign-in?expired=1")
    assert "session ended" in page.locator("#expired").inner_text()
    assert_accessible(page, axe, "expired")


def test_a_stale_csrf_token_changes_nothing_and_is_explained(page, ops_server, axe):
    sign_in(page, ops_server, EDITOR)
    page.goto(f"{ops_server}/admin/policy/2023-04-15")
    before = page.locator("#reviews").count()
    page.fill("#reviewed_on", "2024-04-01")
    page.click("label:has-text('Reviewed, no change')")
    page.fill("#next_review_date", "2025-04-01")
    page.evaluate("document.querySelector('form:has(#reviewed_on) input[name=csrf_token]').value = 'stale'")
    with page.expect_navigation():
        page.click("button:has-text('Continue')")
    assert "nothing was changed" in page.locator("h1").inner_text()
    assert_accessible(page, axe, "stale token")
    page.goto(f"{ops_server}/admin/policy/2023-04-15")
    assert page.locator("#reviews").count() == before == 0


def test_the_decision_table_passes_axe(page, ops_server, axe):
    page.goto(f"{ops_server}/policy/A015")
    with page.expect_navigation():
        page.click("a:has-text('How we decide')")
    assert_accessible(page, axe, "decisions")
    page.goto(f"{ops_server}/policy/A015/decisions?service=coaching&credential=nbhwc&outcome=needs_review")
    assert_accessible(page, axe, "decisions filtered")


def test_the_decision_table_filters_without_javascript(browser, ops_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{ops_server}/policy/A015/decisions")
    page.select_option("#service", "peer_support")
    page.select_option("#outcome", "likely_covered")
    with page.expect_navigation():
        page.click("button:has-text('Show the rules')")
    assert "service=peer_support" in page.url
    headings = page.locator(".rule__heading").all_inner_texts()
    assert headings and all("Likely covered" in h and "peer support" in h for h in headings)
    context.close()
