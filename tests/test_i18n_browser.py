"""The wizard in Spanish in Debian's Chromium, through Playwright, against the app served by gunicorn:
each audience's whole path chosen in Spanish from the switch, axe-core clean on every page, the page
in lang="es" and the policy's words in lang="en"."""
import re
from pathlib import Path

import pytest

from test_wizard_browser import BY_AUDIENCE, answer_by_mouse, assert_accessible, continue_by_mouse
from wizard_paths import on_check_page

pytestmark = pytest.mark.e2e

OUTCOMES = re.compile(r"Probablemente cubierto|Probablemente no cubierto|Necesita revisión")


def page_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


@pytest.mark.parametrize("audience", list(BY_AUDIENCE))
def test_each_audience_completes_its_path_in_spanish(page, server, axe, output_path, audience):
    page.goto(f"{server}/{audience}")
    assert page_lang(page) == "en"
    with page.expect_navigation():
        page.click(".site-header__languages a[lang=es]")  # "Español", in its own language
    assert page_lang(page) == "es"
    assert page.locator(".site-header__languages [aria-current=true]").inner_text() == "Español"
    assert_accessible(page, axe, f"{audience} start page")
    continue_by_mouse(page, "Empezar ahora")
    for slug, data in BY_AUDIENCE[audience]:
        assert on_check_page(page, slug)  # the session keeps Spanish: no ?lang= any more
        assert page_lang(page) == "es", slug
        assert_accessible(page, axe, slug)
        if slug != "date-of-service":
            continue_by_mouse(page, "Continuar")  # with no answer: the error page, in Spanish
            assert page.title().startswith("Error: ") and page.locator(".error-summary h2").inner_text() == "Hay un problema"
            assert_accessible(page, axe, f"{slug} with an error")
        answer_by_mouse(page, data)
        continue_by_mouse(page, "Continuar")
    assert on_check_page(page, "answers")
    assert_accessible(page, axe, "check answers")
    continue_by_mouse(page, "Ver el resultado")
    assert on_check_page(page, "result") and page_lang(page) == "es"
    assert OUTCOMES.search(page.locator("h1").inner_text())
    quotes = page.locator("blockquote")
    assert quotes.count() > 0
    assert all(lang == "en" for lang in quotes.evaluate_all("qs => qs.map(q => q.getAttribute('lang'))"))
    assert "inglés" in page.locator(".language-note").inner_text()
    assert_accessible(page, axe, "result")
    Path(output_path).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(output_path) / f"result-{audience}-es.png"), full_page=True)

    # the policy, from a quote's link: a Spanish page around the policy's English
    folded = page.locator("details.details--quote > summary")
    if folded.count():  # a member's page folds the policy's words beneath each reason
        folded.first.click()
    link = page.locator("figcaption a:visible").first
    with page.expect_navigation():
        link.click()
    assert page_lang(page) == "es" and page.locator("article.policy").get_attribute("lang") == "en"
    assert_accessible(page, axe, "policy")


def test_switching_language_keeps_the_answers(page, server):
    page.goto(f"{server}/member?lang=es")
    continue_by_mouse(page, "Empezar ahora")
    answer_by_mouse(page, {"diagnosis": "both"})
    continue_by_mouse(page, "Continuar")
    page.goto(f"{server}/check/diagnosis")  # an address from before checks had ids: the latest check's page
    with page.expect_navigation():
        page.click(".site-header__languages a[lang=en]")
    assert page_lang(page) == "en" and on_check_page(page, "diagnosis?lang=en")
    assert page.locator("input[name=diagnosis][value=both]").is_checked()
    assert page.locator("h1").inner_text() == "Do you have a mental health or substance use disorder?"
