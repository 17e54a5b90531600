"""Each user's way of working, in Debian's Chromium through Playwright against the app served by gunicorn:
a member on a 390 px phone, an office at 1366 px, an agent by keyboard alone, a look-up across languages, the
policy team signed in. axe-core on each page a test brings up for the first time."""
import io
import re

import pytest
from pypdf import PdfReader

from admin_helpers import EDITOR, PASSWORD, create_user
from test_wizard_browser import answer_by_mouse, assert_accessible, continue_by_mouse
from test_wizard_ux_browser import FOCUSED_NAME, choose_radio, press_until, walk_by_mouse
from versions_fixtures import TEST_VERSION
from wizard_paths import COACHING_FOLLOW_UP, COACHING_GROUP, NOT_SURE, PEER_SUPPORT, on_check_page

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
OFFICE = {"viewport": {"width": 1366, "height": 768}}
LATE = {"month": "3", "day": "1", "year": "2025"}  # past the version's review date: the policy's age is said


def late(path):
    return tuple((slug, LATE if slug == "date-of-service" else data) for slug, data in path)


def started(page, server, audience, lang="en"):
    page.goto(f"{server}/{audience}?lang={lang}")
    with page.expect_navigation():
        page.click("button.button--start")  # "Start now", or "Start a new check" beside one in progress


# --- members and everyone -----------------------------------------------------------------------------------

def test_a_number_typed_over_i_dont_know_is_taken_and_the_box_clears(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    started(page, server, "member")
    for _slug, data in PEER_SUPPORT[:5]:
        answer_by_mouse(page, data)
        continue_by_mouse(page)
    page.check("#minutes_unknown")
    continue_by_mouse(page)
    for _slug, data in PEER_SUPPORT[6:]:
        answer_by_mouse(page, data)
        continue_by_mouse(page)
    assert on_check_page(page, "answers")
    with page.expect_navigation():
        page.click("a[href$='/minutes?change=1']")
    assert page.locator("#minutes_unknown").is_checked()
    page.locator("#minutes").press_sequentially("60")
    assert not page.locator("#minutes_unknown").is_checked()  # typing a number unticks the box
    continue_by_mouse(page)
    assert on_check_page(page, "answers") and "60 minutes" in page.locator(".summary-list").inner_text()
    context.close()


def test_a_number_wins_over_the_box_without_javascript_too(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    started(page, server, "provider")
    for _slug, data in PEER_SUPPORT[:5]:
        answer_by_mouse(page, data)
        continue_by_mouse(page)
    page.check("#minutes_unknown")
    page.fill("#minutes", "45")
    continue_by_mouse(page)
    assert on_check_page(page, "delivery")
    context.close()


CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_a_tab_left_open_on_a_question_no_longer_asked_is_told_its_answer_was_not_kept(browser, server, axe):
    context = browser.new_context()
    first = context.new_page()
    started(first, server, "member")
    for _slug, data in COACHING_FOLLOW_UP[:6]:  # one-on-one: the first visit or follow-up is asked next
        answer_by_mouse(first, data)
        continue_by_mouse(first)
    assert on_check_page(first, "session")
    second = context.new_page()  # the same check in a second tab: made a group, which is asked no session
    second.goto(first.url.replace("/session", "/group"))
    answer_by_mouse(second, {"group": "group"})
    continue_by_mouse(second)
    answer_by_mouse(first, {"session": "follow_up"})  # the first tab, as it was left
    continue_by_mouse(first)
    assert on_check_page(first, "minutes")
    notice = first.get_by_role("status").inner_text()
    assert "was not kept" in notice and "no longer asks" in notice
    assert_accessible(first, axe, "an answer not kept")
    first.reload()
    assert first.get_by_role("status").count() == 0  # said once
    context.close()


def posted(context, url: str, data: dict):
    """The form at `url` posted with the browser's own cookies and the form's CSRF token, the page not drawn."""
    token = CSRF_TOKEN.search(context.request.get(url).text()).group(1)
    response = context.request.post(url, form={**data, "csrf_token": token}, max_redirects=0)
    assert response.status in (302, 303), (url, response.status)
    return response.headers["location"]


def test_an_office_with_many_checks_is_told_which_one_another_would_drop(browser, server, axe):
    from app.wizard.state import MAX_CHECKS
    context = browser.new_context(**OFFICE)
    page = context.new_page()
    answered = PEER_SUPPORT[:3]
    for state in ["CA", "NY"]:  # the two a warning names, by mouse
        started(page, server, "provider")
        for _slug, data in (answered + (("state", {"state": state}),)):
            answer_by_mouse(page, data)
            continue_by_mouse(page)
    for _ in range(MAX_CHECKS - 2):  # the rest as the same forms posted in the same session, not drawn
        first = posted(context, f"{server}/provider", {})
        check = first.rsplit("/", 1)[0]
        for slug, data in (answered + (("state", {"state": "TX"}),)):
            posted(context, f"{server}{check}/{slug}", data)
    page.goto(f"{server}/provider")
    warning = page.locator("#check-going")
    assert warning.is_visible() and "(Peer support services, California)" in warning.inner_text()
    assert_accessible(page, axe, "start page with a check about to go")
    with page.expect_navigation():
        warning.locator("a").click()
    assert on_check_page(page, "setting")  # the oldest, to finish first: nothing is lost without a word
    started(page, server, "provider")
    page.goto(f"{server}/provider")
    assert "(Peer support services, New York)" in page.locator("#check-going").inner_text()
    context.close()


def first_screen_bottom(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    return box["y"] + box["height"] + page.evaluate("window.scrollY")


@pytest.mark.parametrize("path", [COACHING_FOLLOW_UP, late(PEER_SUPPORT), late(NOT_SURE), COACHING_GROUP],
                         ids=["coaching follow-up", "peer support, late", "not sure, late", "group coaching"])
def test_a_members_result_on_a_phone_puts_the_answer_first_and_stays_short(browser, server, axe, path):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server}/member")
    assert first_screen_bottom(page, "button:has-text('Start now')") <= 844
    continue_by_mouse(page, "Start now")
    walk_by_mouse(page, path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for what in (".outcome", ".reference", "h2:has-text('What to do next') + ul > li"):
        assert first_screen_bottom(page, what) <= 844, what
    assert page.evaluate("document.documentElement.scrollHeight") < 2500
    pdf = page.locator("a:has-text('Download this result as a PDF')")
    assert pdf.is_visible() and "chart" not in pdf.inner_text()
    headings = page.locator("h2").all_inner_texts()
    assert "This is not a final answer" not in headings
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    toggles = page.locator("li details.details--quote > summary").all_inner_texts()
    assert toggles and len(set(toggles)) == len(toggles), toggles  # each names what it holds
    assert all(t.startswith("The policy's words on ") for t in toggles)
    for reason in page.locator("li.reason").all():
        assert reason.locator("blockquote").count() > 0, reason.inner_text()  # no reason without its words
    assert_accessible(page, axe, "member's result, every fold open")
    context.close()


def test_peer_support_units_are_said_in_plain_words(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    started(page, server, "member")
    walk_by_mouse(page, PEER_SUPPORT)
    text = page.locator(".reasons").inner_text()
    assert "one unit for each 15 minutes" in text and "15-minute units" not in text and "Minutes: 60" not in text
    context.close()


def test_spanish_says_politica_for_the_policy_on_every_audiences_pages(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    started(page, server, "member", "es")
    walk_by_mouse(page, PEER_SUPPORT)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    text = page.locator("main").inner_text()
    assert "política" in text and not re.search(r"p[óo]liza", text, re.IGNORECASE)
    page.goto(f"{server}/policy/A015/decisions?lang=es")
    assert not re.search(r"p[óo]liza", page.locator("body").inner_text(), re.IGNORECASE)
    context.close()


# --- offices ---------------------------------------------------------------------------------------------------

def test_an_office_is_told_in_words_what_a_code_says_and_that_a_category_is_one(browser, server, axe):
    context = browser.new_context(**OFFICE)
    page = context.new_page()
    started(page, server, "provider")
    answer_by_mouse(page, {"diagnosis": "mental_health"})
    page.fill("#diagnosis_code", "F10.20")
    continue_by_mouse(page)
    error = page.locator("#diagnosis_code-error").inner_text()
    assert "substance use disorder code" in error and "choose Both" in error and "_" not in error
    assert_accessible(page, axe, "diagnosis code that disagrees")
    answer_by_mouse(page, {"diagnosis": "mental_health"})
    page.fill("#diagnosis_code", "F32")
    continue_by_mouse(page)
    for _slug, data in COACHING_FOLLOW_UP[1:]:
        answer_by_mouse(page, data)
        continue_by_mouse(page)
    row = page.locator(".summary-list__row").first.inner_text()
    assert "F32 is a category, not a billable code" in row and "F32.9" in row and "F32.A" in row
    context.close()


def test_an_offices_checklist_and_pdf_read_as_a_chart_needs_them(browser, server):
    context = browser.new_context(**OFFICE, accept_downloads=True)
    page = context.new_page()
    started(page, server, "provider")
    walk_by_mouse(page, tuple((slug, {"delivery": "telehealth"} if slug == "delivery" else data)
                              for slug, data in COACHING_FOLLOW_UP))
    reference = page.locator(".reference__number").inner_text()
    links = page.locator("section.checklist a").all_inner_texts()
    assert links and all(text.startswith("Policy A015: ") and "#" not in text for text in links)
    assert "face-to-face" not in page.locator("section.checklist q").all_inner_texts()
    with page.expect_download() as download:
        page.click("a:has-text('Download this result as a PDF, for the chart')")
    pages = PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages
    for number, pdf_page in enumerate(pages, 1):
        assert (round(float(pdf_page.mediabox.width)), round(float(pdf_page.mediabox.height))) == (612, 792)
        text = " ".join(pdf_page.extract_text().split())
        assert f"Coverage Check result {reference}, made on" in text and f"{number} / {len(pages)}" in text
    context.close()


# --- agents, by keyboard ---------------------------------------------------------------------------------------

class Keys:
    """The keyboard, counting every key pressed."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def press(self, key: str):
        self.count += 1
        self.page.keyboard.press(key)

    def type(self, text: str):
        self.count += len(text)
        self.page.keyboard.type(text)

    def until(self, key: str, test: str, arg=None, limit: int = 60):
        for _ in range(limit):
            if self.page.evaluate(test, arg):
                return
            self.press(key)
        raise AssertionError(f"{key} never reached: {test} {arg}")

    def choose(self, name: str, value: str):
        self.until("Tab", FOCUSED_NAME, name)
        self.until("ArrowDown", "([n, v]) => document.querySelector(`input[name=${n}]:checked`)?.value === v",
                   [name, value], limit=12)


def test_the_one_page_check_says_how_the_keyboard_works_and_a_whole_check_takes_few_keys(browser, server, axe):
    context = browser.new_context(**OFFICE)
    page = context.new_page()
    page.goto(f"{server}/agent/quick")
    hint = page.locator("#keyboard-hint").inner_text()
    assert "arrow keys" in hint and "Tab" in hint
    keys = Keys(page)
    keys.press("Space")  # the first option of the first question, which has the focus
    keys.until("ArrowDown", "() => document.querySelector('input[name=diagnosis]:checked')?.value === 'substance_use'")
    keys.choose("service", "peer_support")
    keys.choose("credential", "certified_peer")
    keys.until("Tab", "() => document.activeElement.id === 'state'")
    keys.type("Cal")  # a select is chosen by typing the name's first letters
    assert page.evaluate("document.querySelector('#state').value") == "CA"
    keys.choose("setting", "outpatient")
    keys.until("Tab", "() => document.activeElement.id === 'minutes'")
    keys.type("60")
    keys.choose("delivery", "in_person")
    keys.until("Tab", "() => document.activeElement.matches('button[type=submit]')")
    with page.expect_navigation():
        keys.press("Enter")
    assert on_check_page(page, "result") and page.locator("h1").inner_text().endswith("Likely covered")
    # measured at 31 keys for this peer support check (8 questions, 3 of them typed): no more than that
    assert keys.count <= 31, keys.count
    context.close()


def test_an_agents_script_can_be_read_aloud_and_its_case_note_read_later(browser, server):
    context = browser.new_context(**OFFICE)
    page = context.new_page()
    started(page, server, "agent")
    walk_by_mouse(page, late(COACHING_GROUP))
    said = " ".join(page.locator(".script__read").all_inner_texts())
    assert "the reason about the code" not in said and "version of policy A015" not in said
    assert "The rules I checked this against are from April 15, 2023." in said
    assert "not to read aloud" in page.locator("#policy-age").inner_text()
    note = page.locator("#case-note").input_value()
    assert "You said" not in note and "Not known yet" not in note
    assert "What would change the answer:" in note and "Policy's age: Determined under" in note
    context.close()


# --- look-ups --------------------------------------------------------------------------------------------------

def test_a_spanish_agent_reads_an_english_result_in_spanish_with_the_saved_words_a_click_away(browser, server, axe):
    english = browser.new_context(**OFFICE)
    member = english.new_page()
    started(member, server, "member")
    walk_by_mouse(member, PEER_SUPPORT)
    reference = member.locator(".reference__number").inner_text()
    english.close()

    spanish = browser.new_context(**OFFICE)
    agent = spanish.new_page()
    agent.goto(f"{server}/agent?lang=es")
    with agent.expect_navigation():
        agent.click("footer a:has-text('Buscar un resultado guardado')")
    assert agent.locator("#audience-agent").is_checked()  # the layout of the page it came from
    agent.fill("#reference", reference)
    with agent.expect_navigation():
        agent.click("button[type=submit]")
    said = " ".join(agent.locator(".script__read").all_inner_texts())
    assert "La política cubre" in said and "The policy covers" not in said
    assert "El original guardado está en inglés" in agent.locator("#looked-up").inner_text()
    assert_accessible(agent, axe, "a result judged again in Spanish")
    with agent.expect_navigation():
        agent.click("#looked-up a")
    assert "The policy covers" in agent.locator(".script-steps").inner_text()  # exactly as saved
    spanish.close()


def test_the_look_up_explains_what_is_wrong_with_a_reference(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server}/lookup")
    example = re.search(r"like ([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})", page.locator("#reference-hint").inner_text())
    for typed, said in ((example.group(1), "No saved result has this reference number"),
                        ("7KQ4-M2XD", "too short"), ("7KQ4-M2XD-9HPW-ABC", "too long"),
                        ("7KQ0-M2XD-9HP1", "never has \u201c0\u201d, \u201c1\u201d in it")):
        page.fill("#reference", typed)
        with page.expect_navigation():
            page.click("button:has-text('Find the result')")
        assert said in page.locator("#reference-error").inner_text(), typed
    context.close()


# --- the policy team ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def team_server(tmp_path_factory):
    from conftest import make_app, upgrade
    from live import gunicorn
    url = f"sqlite:///{tmp_path_factory.mktemp('team') / 'team.sqlite'}"
    app = make_app(url)
    upgrade(app)
    create_user(app, EDITOR, "editor")
    with gunicorn(url, workers=1, threads=4) as base:
        yield base


def signed_in(browser, base, **context):
    session = browser.new_context(**context)
    page = session.new_page()
    page.goto(f"{base}/admin/sign-in")
    page.fill("#email", EDITOR)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")
    return session, page


def test_the_policy_team_uploads_a_draft_and_reads_its_impact_in_words(browser, team_server, axe):
    session, page = signed_in(browser, team_server, **OFFICE)
    page.goto(f"{team_server}/admin/impact")
    assert "Only one version of the policy is loaded" in page.locator("#one-version").inner_text()
    with page.expect_navigation():
        page.click("#one-version a")
    assert_accessible(page, axe, "drafts")
    page.set_input_files("#draft", files=[{"name": "broken.yaml", "mimeType": "application/yaml",
                                           "buffer": b"id: A015\nsections: [\n"}])
    continue_by_mouse(page, "Upload the draft")
    assert page.title().startswith("Error: ") and "is not valid YAML" in page.locator(".error-message").inner_text()
    assert_accessible(page, axe, "a draft refused")
    page.set_input_files("#draft", str(TEST_VERSION))
    continue_by_mouse(page, "Upload the draft")
    assert "A draft is never used for an answer" in page.locator("#draft-note").inner_text()
    examples = page.locator("#transitions").inner_text()
    assert "service=" not in examples and "False" not in examples and "Minutes: " in examples
    reasons = page.locator("#reasons").inner_text()
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", reasons), reasons  # no rule named as in the code
    assert_accessible(page, axe, "a draft's impact")
    page.goto(f"{team_server}/admin/audit")
    assert "Draft uploaded" in page.locator("#audit").inner_text()
    session.close()


def test_usage_and_audit_pages_speak_the_readers_language_at_one_size(browser, team_server):
    context = browser.new_context(**OFFICE)
    page = context.new_page()
    started(page, team_server, "member")
    walk_by_mouse(page, PEER_SUPPORT)
    context.close()
    session, page = signed_in(browser, team_server, **OFFICE)
    page.goto(f"{team_server}/admin/usage?lang=es")
    tables = " ".join(page.locator("table").all_inner_texts())
    assert "Probablemente cubierto" in tables and "Apoyo entre pares" in tables and "Miembros" in tables
    assert not re.search(r"likely_covered|peer_support|\ben\b|wizard", tables), tables
    svg = page.request.get(f"{team_server}/admin/usage/outcome.svg").text()
    sizes = set(re.findall(r"\.axis text[^{]*\{[^}]*font-size:\s*([\d.]+)px", svg)) | set(
        re.findall(r"\.(?:major|minor)[^{]*\{[^}]*font-size:\s*([\d.]+)px", svg))
    assert len(sizes) == 1, sizes  # every axis number drawn at one size
    page.goto(f"{team_server}/admin/audit?lang=es")
    assert "Inició sesión" in page.locator("#audit").inner_text() and "sign_in" not in page.locator("#audit").inner_text()
    session.close()


def test_how_we_decide_fits_a_phone_with_ranges_for_minutes(browser, server, axe):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server}/policy/A015/decisions")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.documentElement.scrollHeight") < 25_444 / 2
    answers = " ".join(page.locator(".rule__answer").all_inner_texts())
    assert "30 minutes or more" in answers and not re.search(r"Minutes: \d+; \d+", answers)
    assert page.locator(".rule__quotes > summary").first.is_visible()
    assert_accessible(page, axe, "how we decide on a phone")
    context.close()
    wide = browser.new_context(**OFFICE).new_page()
    wide.goto(f"{server}/policy/A015/decisions")
    assert wide.locator(".rule__quotes q").first.is_visible()  # open beside the answers on a wide screen
    wide.context.close()
