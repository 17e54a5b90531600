"""Wizard results are saved once under a reference number, and found again on the look-up page."""
import pytest
import yaml

from app.coverage.policy import default_policy_path
from app.extensions import db
from app.storage import SavedDetermination
from app.storage.references import ALPHABET, display, new_reference
from conftest import make_app
from wizard_html import parse
from wizard_paths import AUDIENCES, PATHS, start, walk, at


def finish(client, audience="member", path="peer_support"):
    start(client, audience)
    walk(client, PATHS[path])
    return client.get(at(client) + "/result")


def reference_on(response) -> str:
    return parse(response.get_data(as_text=True)).find(class_="reference__number").text()


def look_up(client, reference: str, audience: str | None = None):
    """Post a reference to the look-up page and follow its 303 to the page that shows it."""
    posted = client.post("/lookup", data={"reference": reference, **({"audience": audience} if audience else {})})
    assert posted.status_code == 303 and posted.headers["Location"] == "/lookup/result", posted.status_code
    return client.get("/lookup/result")


def saved_count(app) -> int:
    with app.app_context():
        return db.session.query(SavedDetermination).count()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_result_page_shows_the_reference_it_was_saved_under(app, client, audience):
    response = finish(client, audience)
    reference = reference_on(response)
    assert len(reference) == 14
    with app.app_context():
        record = db.session.query(SavedDetermination).one()
        assert display(record.reference) == reference
        assert record.source == "wizard" and record.audience == audience and record.language == "en"


def test_a_reload_shows_the_same_saved_result_and_saves_nothing_more(app, client):
    first = reference_on(finish(client))
    assert reference_on(client.get(at(client) + "/result")) == first
    assert saved_count(app) == 1


def test_changing_an_answer_makes_a_new_determination(app, client):
    first = reference_on(finish(client))
    client.post(at(client) + "/minutes?change=1", data={"minutes": "50"})
    second = reference_on(client.get(at(client) + "/result"))
    assert second != first and saved_count(app) == 2


def test_the_look_up_page_shows_the_saved_result_as_it_was_shown(app, client):
    shown = finish(client, "agent", "coaching_group")
    reference = reference_on(shown)
    found = look_up(app.test_client(), reference.lower().replace("-", " "), "agent")
    assert found.status_code == 200
    page, original = parse(found.get_data(as_text=True)), parse(shown.get_data(as_text=True))
    assert page.find(class_="looked-up") is not None
    for part in ("outcome", "table", "reference__number"):
        assert page.find(class_=part).text() == original.find(class_=part).text(), part
    quotes = [q.text() for q in page.find_all("blockquote")]
    assert quotes and quotes == [q.text() for q in original.find_all("blockquote")]


def test_a_saved_result_reads_the_same_after_the_policy_file_changes(app, client, tmp_path):
    reference = reference_on(finish(client))
    data = yaml.safe_load(default_policy_path().read_text(encoding="utf-8"))
    data["citations"]["diagnosis"][0]["quote"] = "mental health or substance use disorders"
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    later = make_app(app.config["SQLALCHEMY_DATABASE_URI"], POLICY_PATH=str(changed)).test_client()
    page = look_up(later, reference).get_data(as_text=True)
    assert "for individuals with mental health or substance use disorders" in page


def test_the_look_up_form_asks_for_a_reference(client):
    page = parse(client.get("/lookup").get_data(as_text=True))
    assert page.find("label", for_="reference").text() == "Find a saved result"
    assert page.find("form").attrs["method"] == "post"  # a reference never stands in an address


def refused(client, reference: str):
    """Post a reference that is refused: 303 back to the form, which shows why once."""
    posted = client.post("/lookup", data={"reference": reference})
    assert posted.status_code == 303 and posted.headers["Location"] == "/lookup"
    response = client.get("/lookup")
    assert parse(client.get("/lookup").get_data(as_text=True)).find(class_="error-summary") is None  # once
    return response


def test_an_empty_reference_is_asked_for(client):
    response = refused(client, "")
    assert "Enter the reference number" in response.get_data(as_text=True)


def test_a_mistyped_reference_is_told_to_be_checked(client):
    reference = reference_on(finish(client))
    wrong = reference.replace(reference[0], next(s for s in ALPHABET if s != reference[0]), 1)
    response = refused(client, wrong)
    page = response.get_data(as_text=True)
    assert wrong in page  # what was typed, to correct
    assert "Check the reference number" in page and "Error: " in page.split("</title>")[0]


def test_the_hints_example_reference_is_one_the_reference_module_takes(client):
    from app.storage.references import is_well_formed, normalise
    from app.wizard.forms import EXAMPLE_REFERENCE
    hint = parse(client.get("/lookup").data).by_id("reference-hint").text()
    assert EXAMPLE_REFERENCE in hint and is_well_formed(normalise(EXAMPLE_REFERENCE))
    # looked up, it is well formed: at most not found, never "mistyped"
    assert "No saved result has this reference number" in refused(client, EXAMPLE_REFERENCE).get_data(as_text=True)


@pytest.mark.parametrize("typed, said", [
    ("7KQ4-M2XD", "The reference number is too short: it has 8 of its 12 letters and numbers."),
    ("7KQ4-M2XD-9HPG-22", "The reference number is too long: it has 14 letters and numbers, and a reference has 12."),
    ("7KQ0-M2XD-9HP!", "A reference number never has \u201c!\u201d, \u201c0\u201d in it."),
    ("hello world", "A reference number never has \u201cL\u201d, \u201cO\u201d in it."),
    ("7KQ4-M2XD-9HPW", "like 7KQ4-M2XD-9HPG, and one of them looks mistyped."),
])
def test_a_reference_that_cannot_be_one_says_what_is_wrong_with_it(client, typed, said):
    page = parse(refused(client, typed).data)
    assert said in page.by_id("reference-error").text()


def test_an_unknown_reference_is_not_found(client):
    response = refused(client, display(new_reference()))
    assert "No saved result has this reference number" in response.get_data(as_text=True)


def test_when_the_database_is_down_the_result_still_shows_with_a_note(tmp_path):
    broken = make_app(f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}")
    client = broken.test_client()
    response = finish(client)
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    assert page.find(class_="reference__number") is None
    assert "No reference number could be saved" in page.find(class_="reference--none").text()
    assert page.find(class_="outcome") is not None


def test_a_spanish_result_looked_up_by_an_english_reader_says_its_words_are_spanish(app, client):
    client.get("/member?lang=es")
    reference = reference_on(finish(client))
    reader = app.test_client()
    page = parse(look_up(reader, reference).get_data(as_text=True))
    assert page.find("html").attrs["lang"] == "en"  # the reader's language around the saved words
    assert "The saved original is in Spanish." in page.find(class_="looked-up").text()
    assert "It was made for a member." in page.find(class_="looked-up").text()
    exact = parse(reader.get("/lookup/result?as_saved=1").get_data(as_text=True))
    assert "The saved words are in Spanish." in exact.find(class_="looked-up").text()
    assert "It was made for a member, in Spanish." in exact.find(class_="looked-up").text()
    spanish = parse(reader.get("/lookup/result?lang=es").get_data(as_text=True))
    assert spanish.find("html").attrs["lang"] == "es"
    assert spanish.find(class_="looked-up__language") is None
    english = parse(reader.get("/lookup/result?lang=en").get_data(as_text=True))
    assert english.find("html").attrs["lang"] == "en" and english.find(class_="looked-up__language") is not None


def test_a_replayed_cookie_from_before_the_result_shows_the_same_reference_and_saves_nothing(app, client):
    start(client, "member")
    walk(client, PATHS["peer_support"])
    before = client.get_cookie("session").value  # the cookie as it was before the result was seen
    url = at(client) + "/result"
    first = reference_on(client.get(url))
    for _ in range(5):
        replay = app.test_client()
        replay.set_cookie("session", before)
        assert reference_on(replay.get(url)) == first
        assert replay.get(url.replace("/result", "/result.pdf")).status_code == 200
        assert replay.get(url.replace("/result", "/case-note.txt")).status_code == 200
    assert saved_count(app) == 1


def test_the_same_answers_in_another_language_are_a_determination_of_their_own(app, client):
    first = reference_on(finish(client))
    spanish = reference_on(client.get(at(client) + "/result?lang=es"))
    assert spanish != first and saved_count(app) == 2
    assert reference_on(client.get(at(client) + "/result?lang=es")) == spanish and saved_count(app) == 2
