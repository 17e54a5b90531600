"""How each user works, in Debian's Chromium through Playwright against the app served by gunicorn:
an agent's one-page check from the keyboard alone with its case note copied, two checks in two tabs,
a Spanish reference looked up by an English agent and switched, the office's try-another-answer and
its PDF, a member's result on a phone, and Back after a refused answer. axe-core on every new page."""
import io
import re

import pytest
from pypdf import PdfReader

from test_wizard_browser import answer_by_mouse, assert_accessible, continue_by_mouse
from wizard_paths import COACHING_FOLLOW_UP, PEER_SUPPORT, on_check_page

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}")


def walk_by_mouse(page, path):
    english = page.locator("html").get_attribute("lang") == "en"
    for _slug, data in path:
        answer_by_mouse(page, data)
        continue_by_mouse(page, "Continue" if english else "Continuar")
    continue_by_mouse(page, "See the result" if english else "Ver el resultado")


def press_until(page, key: str, test: str, arg=None, limit: int = 80):
    """Press a key until the page says the test holds; the focus is wherever the keys took it."""
    for _ in range(limit):
        if page.evaluate(test, arg):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached: {test} {arg}")


FOCUSED_NAME = "n => document.activeElement && document.activeElement.name === n"


def choose_radio(page, name: str, value: str):
    """Tab to a radio group, then arrow to the value (arrows also check it, as in every browser)."""
    press_until(page, "Tab", FOCUSED_NAME, name)
    page.keyboard.press("Space")
    press_until(page, "ArrowDown", "([n, v]) => document.querySelector(`input[name=${n}]:checked`)?.value === v",
                [name, value], limit=10)


def test_an_agents_one_page_check_by_keyboard_alone_with_its_case_note_copied(browser, server, axe):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server}/agent/quick")
    assert_accessible(page, axe, "one-page check")
    assert page.evaluate("document.activeElement.id") == "diagnosis"  # the first field has the focus
    assert page.locator("#q-group").is_hidden() and page.locator("#q-minutes").is_hidden()  # nothing chosen yet
    page.keyboard.press("Space")
    press_until(page, "ArrowDown", "() => document.querySelector('input[name=diagnosis]:checked')?.value === 'substance_use'")
    choose_radio(page, "service", "peer_support")
    assert page.locator("#q-group").is_hidden() and page.locator("#q-minutes").is_visible()
    choose_radio(page, "credential", "certified_peer")
    press_until(page, "Tab", "() => document.activeElement.id === 'state'")
    press_until(page, "ArrowDown", "() => document.querySelector('#state').value === 'CA'")
    choose_radio(page, "setting", "outpatient")
    press_until(page, "Tab", "() => document.activeElement.id === 'minutes'")
    page.keyboard.type("60")
    choose_radio(page, "delivery", "in_person")
    press_until(page, "Tab", "() => document.activeElement.matches('button[type=submit]')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert on_check_page(page, "result")
    assert page.locator("h1").inner_text().endswith("Likely covered")
    assert page.locator("ol.script-steps").is_visible()
    assert_accessible(page, axe, "agent's result with its case note")
    reference = page.locator(".reference__number").inner_text()
    press_until(page, "Tab", "() => document.activeElement.matches('[data-copy]')", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.case-note__copied').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Coverage Check: Likely covered") and f"Reference: {reference}" in copied
    assert "- HCPCS H0038: 4 units" in copied
    context.close()


def test_the_one_page_check_shows_every_error_at_the_top_with_the_focus_there(page, server, axe):
    page.goto(f"{server}/agent/quick")
    answer_by_mouse(page, {"diagnosis": "both", "service": "coaching"})
    page.fill("#date-year", "24")
    continue_by_mouse(page, "See the script")
    assert page.url.endswith("/agent/quick") and page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert page.locator(".error-summary a").count() >= 4
    assert page.locator("input[name=service][value=coaching]").is_checked()  # what was chosen is kept
    assert page.locator("#q-group").is_visible()
    assert_accessible(page, axe, "one-page check with errors")


def test_two_checks_in_two_tabs_keep_their_own_answers(browser, server):
    context = browser.new_context()
    member, office = context.new_page(), context.new_page()
    member.goto(f"{server}/member")
    continue_by_mouse(member, "Start now")
    office.goto(f"{server}/provider")
    continue_by_mouse(office, "Start now")
    # answered in turn, as a person switching tabs would
    for (slug, member_data), (_slug, office_data) in zip(COACHING_FOLLOW_UP, PEER_SUPPORT + PEER_SUPPORT[-2:]):
        if on_check_page(member, slug) or not on_check_page(member, "answers"):
            answer_by_mouse(member, member_data)
            continue_by_mouse(member)
        if not on_check_page(office, "answers"):
            answer_by_mouse(office, office_data)
            continue_by_mouse(office)
    continue_by_mouse(member, "See the result")
    continue_by_mouse(office, "See the result")
    assert member.url != office.url
    assert "45 minutes" in member.locator(".summary-list").text_content()
    assert "60 minutes" in office.locator(".summary-list").inner_text()
    member.reload()
    assert "45 minutes" in member.locator(".summary-list").text_content()  # the other tab changed nothing
    context.close()


def test_a_spanish_reference_looked_up_by_an_english_agent_and_switched(browser, server, axe):
    spanish = browser.new_context()
    member = spanish.new_page()
    member.goto(f"{server}/member?lang=es")
    continue_by_mouse(member, "Empezar ahora")
    walk_by_mouse(member, PEER_SUPPORT)
    reference = member.locator(".reference__number").inner_text()
    spanish.close()

    english = browser.new_context()
    agent = english.new_page()
    agent.goto(f"{server}/lookup")
    assert_accessible(agent, axe, "look-up page")
    agent.fill("#reference", reference.lower().replace("-", " "))
    agent.check("#audience-agent")
    with agent.expect_navigation():
        agent.click("button:has-text('Find the result')")
    assert agent.url.endswith("/lookup/result") and reference not in agent.url
    assert agent.locator("html").get_attribute("lang") == "en"
    assert agent.locator("ol.script-steps").is_visible()  # the agent's script, though a member saved it
    note = agent.locator(".looked-up").inner_text()
    assert "It was made for a member." in note and "The saved original is in Spanish." in note
    assert "El apoyo entre pares" not in agent.locator("ol.script-steps").inner_text()  # judged again, in English
    assert agent.locator("#looked-up a").inner_text() == "Show it exactly as saved, in Spanish"
    assert_accessible(agent, axe, "looked-up result")
    with agent.expect_navigation():
        agent.click(".site-header__languages a[lang=es]")
    assert agent.locator("html").get_attribute("lang") == "es"
    assert "Las palabras guardadas están en" not in agent.locator(".looked-up").inner_text()
    with agent.expect_navigation():
        agent.click(".site-header__languages a[lang=en]")
    assert agent.locator("html").get_attribute("lang") == "en" and agent.url.endswith("/lookup/result?lang=en")
    with agent.expect_navigation():
        agent.click("button:has-text('Start a new check with these answers')")
    assert on_check_page(agent, "answers") and "60 minutes" in agent.locator(".summary-list").inner_text()
    english.close()


def test_the_office_tries_another_answer_and_downloads_the_pdf(page, server, axe):
    page.goto(f"{server}/provider")
    continue_by_mouse(page, "Start now")
    walk_by_mouse(page, COACHING_FOLLOW_UP)
    reference = page.locator(".reference__number").inner_text()
    assert page.locator("section.checklist").is_visible()
    page.fill("#try-minutes", "25")
    continue_by_mouse(page, "See both outcomes")
    assert "/try-another?" in page.url
    assert "Likely covered" in page.locator(".compare__side--before").inner_text()
    assert "Likely not covered" in page.locator(".compare__side--after").inner_text()
    assert_accessible(page, axe, "try another answer")
    page.go_back()
    with page.expect_download() as download:
        page.click("a:has-text('Download this result as a PDF')")
    data = open(download.value.path(), "rb").read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert reference in text and "Likely covered" in text
    assert "at least 30 mins" in text and "Documentation checklist" in text
    assert f"{server}/policy/A015#administrative-policy-coverage" in text  # links printed as full addresses


def test_a_members_result_on_a_390_px_phone(browser, server, output_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{server}/member")
    continue_by_mouse(page, "Start now")
    walk_by_mouse(page, COACHING_FOLLOW_UP)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("h1").inner_text().endswith("Likely covered")
    height = page.evaluate("document.documentElement.scrollHeight")
    # under half the 6,155 px it measured before the reasons' words were folded beneath them
    assert 844 < height < 6155 / 2
    context.close()


def test_back_after_a_refused_answer_never_posts_again(page, server):
    page.goto(f"{server}/member")
    continue_by_mouse(page, "Start now")
    for _slug, data in PEER_SUPPORT[:5]:
        answer_by_mouse(page, data)
        continue_by_mouse(page)
    assert on_check_page(page, "minutes")
    page.fill("#minutes", "45 min")
    continue_by_mouse(page)
    assert on_check_page(page, "minutes") and page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert page.locator("#minutes").input_value() == "45 min"
    page.fill("#minutes", "45")
    continue_by_mouse(page)
    assert on_check_page(page, "delivery")
    back = page.go_back()
    assert back is not None and back.request.method == "GET" and back.status == 200
    assert on_check_page(page, "minutes") and page.locator("#minutes").input_value() == "45"
    assert not page.title().startswith("Error: ")


def test_every_page_has_the_favicon(page, server):
    page.goto(f"{server}/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(f"{server}{icon}").status == 200


def test_the_one_page_check_works_with_javascript_turned_off(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/agent/quick")
    assert page.locator("#q-group").is_visible()  # shown, and marked as for coaching only
    assert "(coaching only)" in page.locator("#q-group legend").inner_text()
    assert page.locator("[data-copy]").count() == 0 or page.locator("[data-copy]").is_hidden()
    answer_by_mouse(page, {"diagnosis": "substance_use", "service": "peer_support", "credential": "certified_peer",
                           "state": "CA", "setting": "outpatient", "group": "group", "minutes": "60",
                           "delivery": "in_person"})
    continue_by_mouse(page, "See the script")
    assert on_check_page(page, "result") and page.locator("h1").inner_text().endswith("Likely covered")
    assert page.locator("#case-note").is_visible() and page.locator("[data-copy]").is_hidden()
    context.close()
