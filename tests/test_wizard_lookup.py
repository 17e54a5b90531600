"""Looking a saved result up: posted, held in the session, shown in the viewer's layout and language."""
import pytest

from app.extensions import limiter
from conftest import make_app, upgrade
from wizard_html import parse
from wizard_paths import PATHS, at, start, walk


def saved_result(client, audience="member", path="coaching_follow_up") -> str:
    start(client, audience)
    walk(client, PATHS[path])
    page = parse(client.get(at(client) + "/result").data)
    return page.find(class_="reference__number").text()


def look_up(client, reference, audience=None):
    posted = client.post("/lookup", data={"reference": reference, **({"audience": audience} if audience else {})})
    assert posted.status_code == 303 and posted.headers["Location"] == "/lookup/result"
    return client.get("/lookup/result")


def test_the_reference_never_stands_in_an_address(app, client):
    reference = saved_result(client)
    reader = app.test_client()
    posted = reader.post("/lookup", data={"reference": reference})
    assert reference not in posted.headers["Location"] and reference.replace("-", "") not in posted.headers["Location"]
    shown = reader.get("/lookup/result")
    assert reference in shown.get_data(as_text=True)
    links = [a.attrs.get("href", "") + a.attrs.get("action", "") for a in parse(shown.data).walk()
             if a.tag in ("a", "form")]
    assert not [link for link in links if reference in link]


@pytest.mark.parametrize("viewer, mark", [("agent", "script-steps"), ("provider", "codes"),
                                          ("member", "reasons")])
def test_a_result_is_shown_in_the_viewers_layout_whoever_saved_it(app, client, viewer, mark):
    reference = saved_result(client, "member")
    page = parse(look_up(app.test_client(), reference, viewer).data)
    assert page.find(class_=mark) is not None
    assert page.find(class_="site-header__audience").text() == {
        "agent": "For call-center agents", "provider": "For provider offices", "member": "For members"}[viewer]
    assert "It was made for a member, in English." in page.find(class_="looked-up").text()


def test_the_saved_words_are_shown_as_saved(app, client):
    start(client, "agent")
    walk(client, PATHS["coaching_group"])
    shown = parse(client.get(at(client) + "/result").data)
    reference = shown.find(class_="reference__number").text()
    looked = parse(look_up(app.test_client(), reference, "provider").data)
    def words(page):  # each reason's text, less its status tag (the tag is the viewer's chrome)
        return {p.text()[len(p.find("strong").text()):].strip() for p in page.find_all("p", class_="reason__text")}
    assert words(shown) and words(shown) == words(looked)


def test_the_viewers_audience_defaults_to_their_current_checks(client):
    start(client, "provider")
    page = parse(client.get("/lookup").data)
    assert page.find("input", id="audience-provider").attrs.get("checked") is not None


def test_the_look_up_offers_the_layout_of_the_page_it_was_reached_from(client):
    for audience in ("agent", "provider"):
        footer = parse(client.get(f"/{audience}").data).find("footer")
        link = next(a for a in footer.find_all("a") if a.text() == "Find a saved result")
        assert link.attrs["href"] == f"/lookup?layout={audience}"
        page = parse(client.get(link.attrs["href"]).data)
        assert page.find("input", id=f"audience-{audience}").attrs.get("checked") is not None
    page = parse(client.get("/lookup").data)
    assert page.find("input", id="audience-member").attrs.get("checked") is not None


def test_a_looked_up_result_has_a_case_note_and_a_download(app, client):
    reference = saved_result(client)
    reader = app.test_client()
    page = parse(look_up(reader, reference, "member").data)
    note = page.by_id("case-note").text()
    assert f"Reference: {reference}" in note and "Likely covered" in note
    download = reader.get("/lookup/result/case-note.txt")
    assert download.mimetype == "text/plain" and "attachment" in download.headers["Content-Disposition"]
    assert f"Reference: {reference}" in download.get_data(as_text=True)


def test_start_a_new_check_with_the_saved_answers(app, client):
    reference = saved_result(client, "member")
    reader = app.test_client()
    look_up(reader, reference, "agent")
    made = reader.post("/lookup/result/new-check")
    assert made.status_code == 303 and made.headers["Location"].endswith("/answers")
    summary = parse(reader.get(made.headers["Location"]).data)
    assert "45 minutes" in summary.find(class_="summary-list").text()
    assert summary.find(class_="site-header__audience").text() == "For call-center agents"


def test_without_a_look_up_the_result_pages_go_to_the_form(client):
    for path in ("/lookup/result", "/lookup/result/case-note.txt", "/lookup/result.pdf"):
        assert client.get(path).headers["Location"] == "/lookup", path
    assert client.post("/lookup/result/new-check").headers["Location"] == "/lookup"


def test_an_old_link_with_a_reference_only_fills_the_box(client):
    page = parse(client.get("/lookup?reference=ABCD").data)
    assert page.by_id("reference").attrs["value"] == "ABCD" and page.find(class_="error-summary") is None


def test_look_ups_are_rate_limited_per_address(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", RATELIMIT_ENABLED=True, LOOKUP_RATE_LIMIT="3 per minute")
    upgrade(app)
    limiter.reset()
    client = app.test_client()
    statuses = [client.post("/lookup", data={"reference": "AAAA-AAAA-AAAA"}).status_code for _ in range(4)]
    assert statuses[:3] == [303, 303, 303] and statuses[3] == 429
    assert client.get("/lookup").status_code == 200  # the form itself is not limited


def test_a_result_saved_before_code_lines_were_judged_shows_its_codes_as_it_was_saved(app, client):
    # before, a code line's "eligible" said whether the policy lists the code, and there was no "listed"
    from app.coverage.answers import parse_answers
    from app.coverage.engine import evaluate
    from app.storage.service import save_determination
    with app.test_request_context("/"):
        policy = app.extensions["policies"].deciding(parse_answers({"diagnosis": "both", "service": "coaching",
                                                                    "credential": "nbhwc", "state": "NY",
                                                                    "date_of_service": "2024-03-01"}).date_of_service)
        shown = evaluate(parse_answers({"diagnosis": "both", "service": "coaching", "credential": "nbhwc", "state": "NY",
                                        "setting": "outpatient", "group": True, "minutes": 60, "delivery": "in_person",
                                        "date_of_service": "2024-03-01", "audience": "provider"}), policy).to_dict()
        for line in shown["codes"]:
            line["eligible"] = line.pop("listed")
        reference = save_determination(shown, source="api", policy=policy)
    saved = client.post("/api/v1/determinations/lookup", json={"reference": reference}).get_json()
    assert saved["determination"]["codes"] == shown["codes"]
    assert "listed" not in saved["determination"]["codes"][0]
    table = parse(look_up(client, reference, "provider").data).find("table", class_="codes")
    assert "Eligible on these answers" not in table.text() and "Not listed" in table.text()


def test_a_result_saved_in_english_reads_in_spanish_judged_again_with_the_saved_words_one_click_away(app, client):
    reference = saved_result(client, "member", "peer_support")
    saved_reasons = [li.find("p").text() for li in
                     parse(client.get(at(client) + "/result").data).find_all("li", class_="reason")]
    reader = app.test_client()
    reader.get("/?lang=es")
    page = parse(look_up(reader, reference, "agent").data)
    said = " ".join(box.text() for box in page.find_all("div", class_="script__read"))
    assert "La política cubre estos servicios" in said and "The policy covers" not in said  # no English after DIGA
    note = page.by_id("looked-up").text()
    assert "El original guardado está en inglés" in note
    link = page.by_id("looked-up").find("a")
    assert link.attrs["href"] == "/lookup/result?as_saved=1"
    exact = parse(reader.get(link.attrs["href"]).data)
    saved_sentences = [text.replace("Meets the policy ", "", 1) for text in saved_reasons]
    assert saved_sentences and all(sentence in exact.text() for sentence in saved_sentences)  # the English as saved
    assert "Las palabras guardadas están en inglés." in exact.by_id("looked-up").text()
    # the saved row itself never changes
    assert parse(look_up(app.test_client(), reference, "member").data).find_all("li", class_="reason")
