"""Spanish as well as English: the catalogue is whole and its placeholders match, every page of every
audience reads in Spanish with no English left outside the policy's own words, the language is chosen
as the README says, and the API answers in Spanish with the policy quoted byte for byte as in English."""
import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from conftest import make_app, upgrade
from wizard_html import parse
from wizard_paths import AUDIENCES, PATHS, start, at

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "app" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}  # as `make extract` reads them
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")  # the name, or "" if unnamed
ANY_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
# an English message shorter than this is not looked for on a Spanish page: "or", "Met", "Day"
SHORTEST = 4
VALID = {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
         "setting": "outpatient", "group": False, "session": "follow_up", "minutes": 45, "delivery": "in_person",
         "date_of_service": "2024-01-10"}


@pytest.fixture(scope="module")
def catalogue():
    with CATALOGUE.open("rb") as source:
        return read_po(source, locale="es")


def messages(catalogue):
    return [m for m in catalogue if m.id]


def forms_of(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def singular(msgid):
    return msgid[0] if isinstance(msgid, tuple) else msgid


# --- the catalogue -----------------------------------------------------------------------------

def marked_in_the_code() -> set[str]:
    """Every message the code marks for translation, extracted the way `make extract` does."""
    from babel.messages.frontend import parse_mapping_cfg
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(singular(message))
    return found


def test_the_catalogue_holds_every_message_the_code_marks(catalogue):
    in_catalogue = {singular(m.id) for m in messages(catalogue)}
    missing = sorted(marked_in_the_code() - in_catalogue)
    assert missing == [], "run `make extract`, then translate: " + repr(missing)


def test_every_message_has_a_spanish_translation_that_is_not_fuzzy(catalogue):
    assert len(messages(catalogue)) > 400
    untranslated = [m.id for m in messages(catalogue) if not all(s.strip() for s in forms_of(m))]
    fuzzy = [m.id for m in messages(catalogue) if m.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_plural_messages_have_every_spanish_form(catalogue):
    plurals = [m for m in messages(catalogue) if m.pluralizable]
    assert plurals
    for message in plurals:
        assert len(message.string) == catalogue.num_plurals, message.id


def test_placeholders_match_between_english_and_spanish(catalogue):
    for message in messages(catalogue):
        if message.pluralizable:
            # every form names the same values; "%(num)s" may be left out where the number is plain ("one unit")
            wanted = set(PLACEHOLDER.findall(message.id[1]))
            assert set(PLACEHOLDER.findall(message.id[0])) - {"num"} == wanted - {"num"}, message.id
        else:
            wanted = set(PLACEHOLDER.findall(message.id))
        for form in forms_of(message):
            found = PLACEHOLDER.findall(form)
            assert set(found) == wanted and len(found) >= len(wanted), (message.id, form)
            if wanted - {""}:
                form % {name: 1 for name in wanted}  # a malformed placeholder raises here


# A015 is an insurer's administrative policy: in Spanish insurance usage a "póliza" is the insurance contract
# itself (the member's plan), and a rule the insurer sets for itself is a "política". Every Spanish text that
# names this policy says "política"; "póliza" would read as the member's plan, which A015 is not.
WRONG_WORD = re.compile(r"\bp[óo]lizas?\b", re.IGNORECASE)


def test_the_policy_is_a_politica_never_a_poliza_in_every_spanish_text(catalogue):
    said = [form for message in messages(catalogue) for form in forms_of(message) if WRONG_WORD.search(form)]
    assert said == []
    renderings = sorted((ROOT / "app" / "policies").glob("*/*.es.yaml"))
    assert renderings and not any(WRONG_WORD.search(path.read_text(encoding="utf-8")) for path in renderings)
    names = [form for message in messages(catalogue) if re.search(r"\bpolic(y|ies)\b", str(message.id))
             for form in forms_of(message)]
    # and the messages that name a policy do name it so
    assert len(names) > 50 and sum("polític" in form.lower() for form in names) > 50


def test_the_check_for_the_other_word_finds_it_when_it_is_there():
    assert WRONG_WORD.search("Leer la póliza completa") and WRONG_WORD.search("editor de Pólizas")
    assert not WRONG_WORD.search("Leer la política completa")


# --- every page in Spanish ---------------------------------------------------------------------

def english_fragments(catalogue) -> dict[str, re.Pattern]:
    """The English words of each message whose Spanish differs, split at its placeholders."""
    fragments = {}
    for message in messages(catalogue):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if all(i == s for i, s in zip(ids, forms_of(message))):
            continue  # a name or a code, the same in both languages
        for msgid in ids:
            for piece in ANY_PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;()")
                if len(piece) >= SHORTEST and re.search(r"[A-Za-z]{2}", piece):
                    fragments[piece] = re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)")
    return fragments


def visible_texts(html: bytes, leave_out=()) -> list[str]:
    """Each piece of text a person sees or hears on the page, outside the elements marked lang="en"
    (the page's own language, on <html>, is what is being checked)."""
    page = parse(html).find("html")
    texts = []

    def walk(node):
        for child in node.children:
            if isinstance(child, str):
                text = " ".join(child.split())
                if text:
                    texts.append(text)
            elif child.attrs.get("lang") == "en" or child.tag in ("script", "style"):
                continue
            else:
                for attribute in ("aria-label", "alt", "title", "placeholder"):
                    if child.attrs.get(attribute):
                        texts.append(child.attrs[attribute])
                walk(child)
    walk(page)
    for known in leave_out:  # the policy's title in <title>, where no element can mark its language
        texts = [text.replace(known, "") for text in texts]
    return texts


def english_left(html: bytes, fragments, leave_out=()) -> list[tuple[str, str]]:
    return [(piece, text) for text in visible_texts(html, leave_out)
            for piece, pattern in fragments.items() if pattern.search(text)]


def spanish_pages(client, audience) -> dict[str, bytes]:
    """name -> HTML of every page this audience can meet, read in Spanish: ?lang=es once, then the session."""
    first = client.get(f"/{audience}?lang=es")
    pages = {"start": first.data, "index": client.get("/").data, "policy": client.get("/policy/A015").data,
             "not found": client.get("/no-such-page").data, "look-up": client.get("/lookup").data,
             "look-up with an error": client.post("/lookup", data={"reference": ""}, follow_redirects=True).data,
             "look-up mistyped": client.post("/lookup", data={"reference": "AAAA-AAAA-AAAA"},
                                             follow_redirects=True).data,
             "one-page check": client.get("/agent/quick").data}
    client.post("/agent/quick", data={})
    pages["one-page check with an error"] = client.get("/agent/quick").data
    for path_name, path in PATHS.items():
        start(client, audience)
        pages[f"start, a check begun ({path_name})"] = client.get(f"/{audience}").data
        for slug, data in path:
            pages[f"{slug} ({path_name})"] = client.get(f"{at(client)}/{slug}").data
            pages[f"{slug} with an error ({path_name})"] = client.post(f"{at(client)}/{slug}", data={},
                                                                     follow_redirects=True).data
            client.post(f"{at(client)}/{slug}", data=data)
        pages[f"check answers ({path_name})"] = client.get(at(client) + "/answers").data
        result = client.get(at(client) + "/result").data
        pages[f"result ({path_name})"] = result
        pages[f"try another answer ({path_name})"] = client.get(at(client) + "/try-another?delivery=telehealth").data
        pages[f"policy from a result ({path_name})"] = client.get("/policy/A015").data
        number = parse(result).find("p", class_="reference__number")
        if number is not None:
            client.post("/lookup", data={"reference": number.text(), "audience": audience})
            pages[f"looked up ({path_name})"] = client.get("/lookup/result").data
    return pages


@pytest.fixture(scope="module")
def spanish_app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('i18n') / 'i18n.sqlite'}"
    app = make_app(url)
    upgrade(app)
    return app


@pytest.fixture(scope="module")
def pages_in_spanish(spanish_app):
    return {audience: spanish_pages(spanish_app.test_client(), audience) for audience in AUDIENCES}


def every_page(pages_in_spanish):
    for audience, pages in pages_in_spanish.items():
        for name, html in pages.items():
            yield f"{audience}: {name}", html


def test_every_page_of_every_audience_is_spanish_once_chosen(pages_in_spanish):
    names = [name for name, _html in every_page(pages_in_spanish)]
    assert len(names) > 150 and any("looked up" in name for name in names)
    for name, html in every_page(pages_in_spanish):
        page = parse(html)
        assert page.find("html").attrs["lang"] == "es", name
        assert page.find("title").text().endswith("– Consulta de cobertura"), name


def test_no_english_message_is_left_on_a_spanish_page_outside_the_policys_words(pages_in_spanish, catalogue,
                                                                                spanish_app):
    fragments = english_fragments(catalogue)
    assert len(fragments) > 400
    policy_title = spanish_app.extensions["policy"].title
    left = {name: found for name, html in every_page(pages_in_spanish)
            if (found := english_left(html, fragments, leave_out=(policy_title,)))}
    assert left == {}


def test_the_check_finds_english_when_it_is_there(catalogue):
    english = make_app("sqlite://").test_client().get("/member").data
    assert english_left(english, english_fragments(catalogue))


def test_the_policy_is_quoted_in_english_and_the_page_says_so(pages_in_spanish):
    for audience, pages in pages_in_spanish.items():
        for name in [n for n in pages if n.startswith(("result", "looked up", "policy"))]:
            page = parse(pages[name])
            note = page.find("p", class_="language-note")
            assert note is not None and "inglés" in note.text(), (audience, name)
            quotes = page.find_all("blockquote") + page.find_all("article")
            assert quotes and all(q.attrs.get("lang") == "en" for q in quotes), (audience, name)
            for code_cell in page.find_all("td"):
                descriptor = code_cell.find("span")
                if descriptor is not None and code_cell.parent.find("th", scope="row"):
                    assert descriptor.attrs.get("lang") == "en", (audience, name)


def test_an_english_page_needs_no_such_note(client):
    page = parse(client.get("/policy/A015").data)
    assert page.find("p", class_="language-note") is None


# --- how the language is chosen ----------------------------------------------------------------

def html_lang(response) -> str:
    return parse(response.data).find("html").attrs["lang"]


def test_the_lang_link_is_remembered_in_the_session(client):
    assert html_lang(client.get("/")) == "en"
    assert html_lang(client.get("/?lang=es")) == "es"
    assert html_lang(client.get("/member")) == "es"
    assert html_lang(client.get("/member?lang=en")) == "en"
    assert html_lang(client.get("/")) == "en"


def test_the_browser_language_is_used_until_one_is_chosen(client):
    assert html_lang(client.get("/", headers={"Accept-Language": "es-US,es;q=0.9,en;q=0.5"})) == "es"
    assert html_lang(client.get("/", headers={"Accept-Language": "fr-FR"})) == "en"
    client.get("/?lang=en")
    assert html_lang(client.get("/", headers={"Accept-Language": "es"})) == "en"


def test_a_short_address_in_a_language_opens_the_start_page_in_it_and_remembers_it(client):
    response = client.get("/es")
    assert response.status_code == 302 and response.headers["Location"] == "/?lang=es"
    assert html_lang(client.get(response.headers["Location"])) == "es"
    assert html_lang(client.get("/member")) == "es"  # remembered, as the language switch is
    assert html_lang(client.get("/en", follow_redirects=True)) == "en"
    assert client.get("/fr").status_code == 404  # a language not offered is not an address


def test_an_unknown_lang_is_ignored(client):
    response = client.get("/?lang=fr")
    assert response.status_code == 200 and html_lang(response) == "en"


def test_the_language_switch_is_on_every_page_each_name_in_its_own_language(pages_in_spanish):
    for name, html in every_page(pages_in_spanish):
        switch = parse(html).find("nav", aria_label="Idioma")
        assert switch is not None, name
        english = switch.find("a", lang="en")
        assert english is not None and english.text() == "English" and "lang=en" in english.attrs["href"], name
        current = switch.find("span", aria_current="true")
        assert current is not None and current.text() == "Español" and current.attrs["lang"] == "es", name


def test_the_switch_on_a_page_with_an_error_leads_to_that_page(client):
    start(client, "member")
    page = parse(client.post(at(client) + "/diagnosis?lang=es", data={}, follow_redirects=True).data)
    link = page.find("nav", aria_label="Idioma").find("a", lang="en")
    assert link.attrs["href"] == at(client) + "/diagnosis?lang=en"


@pytest.mark.parametrize("query", ["_scheme=https", "_external=1", "endpoint=x", "slug=other", "a=1&a=2"])
def test_the_switch_keeps_the_query_as_it_came_whatever_it_names(client, query):
    start(client, "member")
    for path in ("/", at(client) + "/diagnosis", "/lookup", "/policy/A015"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, (path, query)
        link = parse(response.data).find("nav", aria_label="Language").find("a", lang="es")
        assert link.attrs["href"] == f"{path}?{query}&lang=es"


def test_the_form_errors_are_in_spanish(client):
    client.get("/?lang=es")
    start(client, "member")
    response = client.post(at(client) + "/diagnosis", data={}, follow_redirects=True)
    page = parse(response.data)
    assert response.status_code == 200 and response.request.method == "GET"
    assert page.find("title").text().startswith("Error: ")
    assert "Seleccione si hay un trastorno" in page.find("div", class_="error-summary").text()


# --- the API -----------------------------------------------------------------------------------

def post(client, body):
    return client.post("/api/v1/determinations", data=json.dumps(body), content_type="application/json")


def citations(body) -> list:
    cites = [c for reason in body["reasons"] for c in reason["citations"]]
    cites += [c for warning in body["warnings"] for c in warning["citations"]]
    return cites + [body["disclaimer"]["citation"]]


def texts(body) -> list[str]:
    return ([body["outcome_label"], body["disclaimer"]["text"]] + [r["text"] for r in body["reasons"]]
            + [w["text"] for w in body["warnings"]] + [c["text"] for c in body["what_would_change"]])


API_CASES = [
    VALID,
    {**VALID, "audience": "provider"},
    {**VALID, "audience": "agent", "credential": "none", "delivery": "telehealth"},
    {"diagnosis": "unknown", "service": "peer_support", "credential": "unknown", "state": "PR", "minutes": 50,
     "setting": "unknown", "date_of_service": "2025-01-02", "audience": "provider"},
    {**VALID, "session": None, "minutes": None, "group": True, "date_of_service": "2023-01-01"},
]


@pytest.mark.parametrize("answers", API_CASES)
def test_the_api_answers_in_spanish_and_quotes_the_policy_byte_for_byte(client, answers, catalogue):
    english = post(client, answers)
    spanish = post(client, {**answers, "language": "es"})
    assert english.status_code == spanish.status_code == 200
    en, es = english.get_json(), spanish.get_json()
    assert es["outcome"] == en["outcome"] and es["codes"] == en["codes"]
    assert [r["status"] for r in es["reasons"]] == [r["status"] for r in en["reasons"]]
    assert [c["changes"] for c in es["what_would_change"]] == [c["changes"] for c in en["what_would_change"]]
    # the held quotes: the same bytes in both languages
    assert json.dumps(citations(es), ensure_ascii=False).encode() == json.dumps(citations(en), ensure_ascii=False).encode()
    for citation in citations(es):
        # as JSON writes it, its non-ASCII characters escaped or not
        assert (json.dumps(citation["quote"]).encode() in spanish.data
                or json.dumps(citation["quote"], ensure_ascii=False).encode() in spanish.data)
    # the words: Spanish, with no English message left in them
    assert all(s != e for s, e in zip(texts(es), texts(en)))
    fragments = english_fragments(catalogue)
    assert [(piece, text) for text in texts(es) for piece, p in fragments.items() if p.search(text)] == []


def test_the_api_saves_the_language_it_answered_in(client):
    body = post(client, {**VALID, "language": "es"}).get_json()
    saved = client.get(f"/api/v1/determinations/{body['reference']}").get_json()
    assert saved["language"] == "es"
    assert saved["determination"] == {k: v for k, v in body.items() if k != "reference"}
    assert client.get(f"/api/v1/determinations/{post(client, VALID).get_json()['reference']}").get_json()[
        "language"] == "en"


def test_the_note_when_nothing_could_be_saved_is_in_the_language_asked_for(tmp_path):
    broken = make_app(f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}").test_client()  # no such folder
    body = post(broken, {**VALID, "language": "es"}).get_json()
    assert body["reference"] is None and body["reference_note"].startswith("Esta vez no se pudo guardar")


def test_the_api_is_english_by_default_whatever_the_browser_or_session_says(client):
    client.get("/?lang=es")
    body = client.post("/api/v1/determinations", data=json.dumps(VALID), content_type="application/json",
                       headers={"Accept-Language": "es"}).get_json()
    assert body["outcome_label"] == "Likely covered"
    assert post(client, {**VALID, "language": None}).get_json()["outcome_label"] == "Likely covered"
    assert post(client, {**VALID, "language": "es"}).get_json()["outcome_label"] == "Probablemente cubierto"


def test_a_language_outside_the_list_is_a_422_naming_it_with_the_other_bad_fields(client):
    response = post(client, {**VALID, "language": "fr", "state": "ZZ"})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"language", "state"} and "en or es" in errors["language"]


def test_the_openapi_document_offers_the_languages(client):
    document = client.get("/api/v1/openapi.json").get_json()
    language = document["components"]["schemas"]["Answers"]["properties"]["language"]
    assert language["anyOf"][0]["enum"] == ["en", "es"] and language["anyOf"][0]["default"] == "en"


def test_each_languages_gettext_is_kept_and_gives_what_a_fresh_look_up_gives(app):
    from flask_babel import force_locale, get_translations

    from app.i18n import translator
    with app.test_request_context("/"):
        assert translator("es")("Continue") == "Continuar" and translator("en")("Continue") == "Continue"
        assert translator("es") is translator("es")  # kept by the app: one look-up per language
        for language in ("en", "es"):
            with force_locale(language):
                assert translator(language)("Continue") == get_translations().gettext("Continue")
        translator("fr")  # a language not configured is looked up, never kept: nothing grows by asking
        assert set(app.extensions["translators"]) == {"en", "es"}
