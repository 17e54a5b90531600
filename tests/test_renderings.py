"""Unofficial Spanish renderings: one for every quote the engine can give, shown after the English on Spanish pages."""
import pytest

from app.coverage.engine import assess, evaluate
from app.coverage.policy import default_policy_path
from app.coverage.space import answer_space
from app.wizard.spanish import load_renderings, renderings_path
from verbatim import stands_verbatim
from wizard_html import parse
from wizard_paths import PATHS, at, start, walk


@pytest.fixture(scope="module")
def renderings():
    return load_renderings(str(renderings_path(default_policy_path())))


def every_quote(policy) -> set[str]:
    """Every quote a determination can hold: each criterion's over the whole answer space, the warnings'
    and the disclaimer's over a sample of it, every citation the data file names, every code descriptor
    and the checklist's words."""
    quotes = set()
    space = list(answer_space(policy))
    for answers in space:
        for finding in assess(answers, policy)[1]:
            quotes.update(c.quote for c in finding.citations)
    for answers in space[::50]:
        made = evaluate(answers, policy)
        quotes.update(c.quote for w in made.warnings for c in w.citations)
        quotes.add(made.disclaimer["citation"]["quote"])
    quotes.update(c.quote for cited in policy.citations.values() for c in cited)
    quotes.update(code.descriptor for code in policy.codes)
    # the descriptor's words for each condition: the checklist and the DTR questions quote them too
    quotes.update(words for code in policy.codes if code.listed for _term, words in code.words)
    return quotes


def test_every_quote_the_engine_can_give_has_a_spanish_rendering(policy, renderings):
    quotes = every_quote(policy)
    assert len(quotes) > 15
    assert sorted(q for q in quotes if not renderings.get(q)) == []


def test_every_rendering_is_of_a_real_quote(policy, renderings):
    # the policy's words, or a code descriptor the data file gives from elsewhere (0593T's, from the AMA)
    descriptors = {code.descriptor for code in policy.codes}
    assert sorted(q for q in renderings if not stands_verbatim(q) and q not in descriptors) == []
    assert all(spanish != english for english, spanish in renderings.items() if len(english.split()) > 2)


def test_a_spanish_page_follows_each_english_quote_with_its_rendering(client):
    client.get("/?lang=es")
    start(client, "provider")
    walk(client, PATHS["coaching_follow_up"])
    page = parse(client.get(at(client) + "/result").data)
    figures = page.find_all("figure", class_="quote")
    assert figures
    for figure in figures:
        assert figure.find("blockquote").attrs["lang"] == "en"  # the English stays, and is the authority
        rendering = figure.find("p", class_="translation")
        assert rendering is not None and rendering.attrs["lang"] == "es"
        assert rendering.text().startswith("Traducción no oficial:")


def test_an_english_page_shows_no_rendering(client):
    start(client, "member")
    walk(client, PATHS["coaching_follow_up"])
    assert parse(client.get(at(client) + "/result").data).find("p", class_="translation") is None


def test_section_labels_and_state_names_are_spanish_in_the_page(client):
    client.get("/?lang=es")
    start(client, "member")
    walk(client, PATHS["coaching_follow_up"])
    page = parse(client.get(at(client) + "/result").data)
    labels = [a.text() for a in page.find_all("figcaption")]
    assert "Política A015: Política Administrativa" in labels
    assert not any("Administrative Policy" in label for label in labels)
    assert "Nueva York" in page.find(class_="summary-list").text()
    question = parse(client.get(at(client) + "/state").data)
    assert question.find("option", value="NY").text() == "Nueva York"


def test_the_office_checklist_renders_its_quotes_in_spanish_too(client):
    client.get("/?lang=es")
    start(client, "provider")
    walk(client, PATHS["peer_support"])
    checklist = parse(client.get(at(client) + "/result").data).find("section", class_="checklist")
    renderings = checklist.find_all("span", class_="translation")
    assert len(renderings) == len(checklist.find_all("q"))
    assert any("por cada 15 minutos" in r.text() for r in renderings) and all(r.attrs["lang"] == "es" for r in renderings)
