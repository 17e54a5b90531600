"""Plain language in Spanish as well: every sentence a member reads, or hears an agent read, in Spanish
scores 60 or more on the Fernández Huerta scale, Flesch's reading ease adapted to Spanish (textstat,
language "es"). On that scale 60 to 70 is "normal", what 7th and 8th graders read: the same bar as
grade 8 in English (tests/test_wizard_readability.py). Member question pages and rendered member pages
are measured whole as well, as in English.

textstat counts Spanish syllables with pyphen's Spanish hyphenation dictionary, which pyphen installs
with itself: nothing is downloaded, and the counts are the same everywhere.
"""
import pyphen
import pytest
from flask_babel import force_locale
from textstat.textstat import textstatistics

from app.i18n import translator
from test_wizard_readability import (SAMPLE, engine_plain_texts, passage, question_pages, sentences_only,
                                     visible_text, wizard_sentences)
from wizard_paths import PATHS, start, at

LOWEST = 60  # Fernández Huerta: 60-70 "normal", 7th and 8th grade

spanish = textstatistics()
spanish.set_lang("es")


# the values put into a Spanish sentence are Spanish too
ES_SAMPLE = {**SAMPLE, "values": "una licencia del estado", "choices": "la visita es en persona",
             "confirms": "es una primera visita"}


def ease(text: str) -> float:
    return spanish.fernandez_huerta(text % ES_SAMPLE if "%(" in text else text)


def test_the_spanish_syllable_dictionary_is_installed_not_downloaded():
    assert "es" in pyphen.LANGUAGES
    assert spanish.syllable_count("telesalud") == 4 and spanish.syllable_count("consumo de sustancias") == 7


def spanish_sentences(app):
    """(where, text) of every sentence a member reads, or hears read, in Spanish: the wizard's and the engine's."""
    with app.test_request_context("/"), force_locale("es"):
        sentences = [(where, str(text)) for where, text in sentences_only(wizard_sentences())]
        gettext = translator("es")
        sentences += [(where, gettext(text)) for where, text in engine_plain_texts() if not where.startswith("condition")]
        # a condition read inside its sentence, both in Spanish
        from app.coverage.texts import CHANGE_SENTENCES, CONDITIONS, CONDITIONS_BY_SERVICE
        sentences += [(f"condition {key}", gettext(CHANGE_SENTENCES["choice"]["plain"]) % {"choices": gettext(text["plain"])})
                      for key, text in list(CONDITIONS.items()) + list(CONDITIONS_BY_SERVICE.items())]
        pages = [(name, passage(str(s) for s in strings)) for name, strings in question_pages()]
    return sentences, pages


def test_every_spanish_sentence_a_member_reads_is_plain(app):
    sentences, _pages = spanish_sentences(app)
    assert len(sentences) > 100
    english = dict(engine_plain_texts())
    assert not any(text == english.get(where) for where, text in sentences)  # translated, not measured in English
    too_hard = [(where, text, round(ease(text), 1)) for where, text in sentences if ease(text) < LOWEST]
    assert too_hard == []


def test_every_spanish_member_question_page_is_plain_as_a_whole(app):
    _sentences, pages = spanish_sentences(app)
    assert {name: round(ease(text), 1) for name, text in pages if ease(text) < LOWEST} == {}


@pytest.mark.parametrize("path", PATHS, ids=list(PATHS))
def test_every_spanish_member_page_is_plain_as_a_whole(client, path):
    pages = {"start": client.get("/member?lang=es").data, "index": client.get("/").data}
    start(client, "member")
    for slug, data in PATHS[path]:
        pages[slug] = client.get(f"{at(client)}/{slug}").data
        client.post(f"{at(client)}/{slug}", data=data)
    pages["check answers"] = client.get(at(client) + "/answers").data
    pages["result"] = client.get(at(client) + "/result").data
    assert all(b'<html lang="es">' in html for html in pages.values())
    scores = {name: ease(passage(visible_text(html))) for name, html in pages.items()}
    assert {name: round(score, 1) for name, score in scores.items() if score < LOWEST} == {}
