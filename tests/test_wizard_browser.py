"""The wizard in Debian's Chromium, through Playwright, against the app served by gunicorn on a free
localhost port: each audience's whole path by mouse, one path by keyboard alone, one with JavaScript
turned off, a phone's width, the printout, and axe-core on every page."""
import re
from pathlib import Path

import pytest

from wizard_paths import COACHING_FOLLOW_UP, PATHS, PEER_SUPPORT, on_check_page

pytestmark = pytest.mark.e2e

BY_AUDIENCE = {"member": COACHING_FOLLOW_UP, "provider": PEER_SUPPORT, "agent": PATHS["not_sure"]}
HIGHLIGHT = "rgb(255, 242, 168)"  # .sentence:target in app.css
FOCUS_YELLOW = "rgb(255, 221, 0)"


def assert_accessible(page, axe, where: str):
    results = axe.run(page)
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == [], (where, violations)


def answer_by_mouse(page, data: dict):
    for name, value in data.items():
        if name == "state":
            page.select_option("#state", value)
        elif name in ("minutes", "month", "day", "year"):
            page.fill("#minutes" if name == "minutes" else f"#date-{name}", value)
        else:
            page.click(f"input[name={name}][value={value}] + label")


def continue_by_mouse(page, label="Continue"):
    with page.expect_navigation():
        page.click(f"button:has-text('{label}')")


def pdf_pages(page) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="Letter")))


@pytest.mark.parametrize("audience", list(BY_AUDIENCE))
def test_each_audience_completes_its_path_by_mouse(page, server, axe, output_path, audience):
    page.goto(f"{server}/")
    assert_accessible(page, axe, "start page")
    with page.expect_navigation():
        page.click(f"a[href='/{audience}']")
    assert_accessible(page, axe, f"{audience} start page")
    continue_by_mouse(page, "Start now")
    for slug, data in BY_AUDIENCE[audience]:
        assert on_check_page(page, slug)
        assert_accessible(page, axe, slug)
        if slug != "date-of-service":
            continue_by_mouse(page)  # with no answer: the error page
            assert page.title().startswith("Error: ")
            assert_accessible(page, axe, f"{slug} with an error")
        answer_by_mouse(page, data)
        continue_by_mouse(page)
    assert on_check_page(page, "answers")
    assert_accessible(page, axe, "check answers")
    continue_by_mouse(page, "See the result")
    assert on_check_page(page, "result")
    assert_accessible(page, axe, "result")
    assert re.search(r"Likely covered|Likely not covered|Needs review", page.locator("h1").inner_text())
    assert page.locator("blockquote[lang=en]").count() > 0
    Path(output_path).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(output_path) / f"result-{audience}.png"), full_page=True)
    page.emulate_media(media="print")
    assert pdf_pages(page) <= 2
    page.emulate_media(media="screen")

    # a quote's link opens the policy at that sentence, highlighted by CSS alone
    folded = page.locator("details.details--quote > summary")
    if folded.count():  # a member's page folds the policy's words beneath each reason
        folded.first.click()
    link = page.locator("figcaption a:visible").first
    anchor = link.get_attribute("href").split("#")[1]
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/policy/A015#{anchor}")
    target = page.locator(f"[id='{anchor}']")
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == HIGHLIGHT
    assert_accessible(page, axe, "policy")


def tab_to(page, selector: str, limit: int = 60):
    """Press Tab until the focus reaches the selector, and check that the focus can be seen there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                return [s.outlineStyle, s.outlineColor, s.backgroundColor]; }""")
            visible = (style[0] != "none" and style[1] not in ("transparent", "rgba(0, 0, 0, 0)")) \
                or style[2] == FOCUS_YELLOW
            assert visible, (selector, style)
            return
    raise AssertionError(f"Tab never reached {selector}")


def submit_by_keyboard(page, selector="button[type=submit]"):
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def answer_by_keyboard(page, data: dict):
    for name, value in data.items():
        if name == "state":
            tab_to(page, "#state")
            for _ in range(60):
                if page.eval_on_selector("#state", "e => e.value") == value:
                    break
                page.keyboard.press("ArrowDown")
        elif name == "minutes":
            tab_to(page, "#minutes")
            page.keyboard.type(value)
        elif name in ("month", "day", "year"):
            continue  # the date of service is filled in with today's; keep it
        else:
            tab_to(page, f"input[name={name}]")
            page.keyboard.press("Space")
            for _ in range(10):
                if page.eval_on_selector(f"input[name={name}]:checked", "e => e.value") == value:
                    break
                page.keyboard.press("ArrowDown")
        assert name in ("month", "day", "year") or page.evaluate(
            "([n, v]) => !!document.querySelector(`[name=${n}]`) && (document.querySelector(`[name=${n}]:checked`) "
            "|| document.querySelector(`[name=${n}]`)).value === v", [name, value])


def test_a_path_by_keyboard_alone(page, server):
    page.goto(f"{server}/member")
    submit_by_keyboard(page, "button.button--start")
    for slug, data in PEER_SUPPORT:
        assert on_check_page(page, slug)
        answer_by_keyboard(page, data)
        submit_by_keyboard(page)
    assert on_check_page(page, "answers")
    submit_by_keyboard(page, "form[action$='/answers'] button")
    assert on_check_page(page, "result")
    assert page.locator("h1").inner_text().endswith("Likely covered")
    page.locator("summary:has-text('Your answers')").focus()  # folded on a member's result
    page.keyboard.press("Enter")
    assert "60 minutes" in page.locator(".summary-list").inner_text()


def test_the_skip_link_is_the_first_stop_and_reaches_main(page, server):
    page.goto(f"{server}/member")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).left") == "0px"  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_a_path_with_javascript_turned_off(browser, server, axe):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/provider")
    continue_by_mouse(page, "Start now")
    for slug, data in COACHING_FOLLOW_UP:
        answer_by_mouse(page, data)
        continue_by_mouse(page)
    continue_by_mouse(page, "See the result")
    assert page.locator("h1").inner_text().endswith("Likely covered")
    assert "0592T" in page.locator("table.codes").inner_text()
    context.close()


@pytest.mark.parametrize("audience", ["member", "provider", "agent"])
def test_pages_fit_a_phone_without_scrolling_sideways(browser, server, audience):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{server}/{audience}")
    continue_by_mouse(page, "Start now")
    for slug, data in COACHING_FOLLOW_UP:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, slug
        answer_by_mouse(page, data)
        continue_by_mouse(page)
    continue_by_mouse(page, "See the result")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{server}/policy/A015")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
