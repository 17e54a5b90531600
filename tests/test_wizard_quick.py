"""The agent's one-page check: every question on one page, the wizard's checks, the script as its result."""
from wizard_html import parse
from wizard_paths import DATE

COACHING = {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
            "setting": "outpatient", "group": "individual", "session": "follow_up", "minutes": "45",
            "delivery": "in_person", **DATE}
PEER = {"diagnosis": "substance_use", "service": "peer_support", "credential": "certified_peer", "state": "CA",
        "setting": "outpatient", "minutes": "60", "delivery": "in_person", **DATE}


def test_the_page_asks_every_question_with_the_first_focused(client):
    page = parse(client.get("/agent/quick").data)
    assert len(page.find_all("h1")) == 1
    form = page.find("form", action="/agent/quick")
    for name in ("diagnosis", "service", "credential", "state", "setting", "group", "session", "minutes",
                 "delivery", "date-month"):
        assert form.by_id(name) is not None, name
    first = [n for n in form.walk() if n.tag in ("input", "select") and n.attrs.get("type") != "hidden"][0]
    assert first.attrs["id"] == "diagnosis" and first.attrs.get("autofocus") is not None
    assert page.find("input", name="csrf_token") is not None


def test_questions_for_one_service_say_so_without_javascript(client):
    page = parse(client.get("/agent/quick").data)
    assert "(coaching only)" in page.by_id("q-group").find("legend").text()
    assert "(coaching, unless in a group)" in page.by_id("q-session").find("legend").text()
    assert "(peer support, or coaching other than a first visit)" in page.by_id("q-minutes").find("legend").text()
    assert page.by_id("q-diagnosis").attrs.get("data-applies") is None


def test_a_complete_coaching_check_goes_to_the_agents_script(client):
    response = client.post("/agent/quick", data=COACHING)
    assert response.status_code == 303
    result = client.get(response.headers["Location"])
    page = parse(result.data)
    assert "Likely covered" in page.find("h1").text()
    assert page.find("ol", class_="script-steps") is not None  # the read-aloud script
    assert page.by_id("case-note").tag == "textarea" and page.by_id("case-note").attrs.get("readonly") is not None
    assert page.find(class_="reference__number") is not None


def test_answers_that_do_not_apply_to_the_service_are_left_out(client):
    response = client.post("/agent/quick", data={**PEER, "group": "group", "session": "initial"})
    page = parse(client.get(response.headers["Location"]).data)
    rows = page.find(class_="summary-list").text()
    assert "60 minutes" in rows and "group" not in rows.lower()


def test_refused_answers_come_back_with_every_error_and_what_was_typed(client):
    posted = client.post("/agent/quick", data={**COACHING, "minutes": "45 min", "state": "ZZ"})
    assert posted.status_code == 303 and posted.headers["Location"] == "/agent/quick"
    page = parse(client.get("/agent/quick").data)
    assert page.find("title").text().startswith("Error: ")
    links = [a.text() for a in page.find("div", class_="error-summary").find_all("a")]
    assert links == ["Select the state where the care is given",
                     "Enter the minutes as a whole number, for example 45"]
    assert page.by_id("minutes").attrs["value"] == "45 min"
    assert page.find("input", id="diagnosis").attrs.get("checked") is not None  # the rest kept too
    again = parse(client.get("/agent/quick").data)  # shown once
    assert again.find("div", class_="error-summary") is None


def test_an_empty_post_asks_for_each_question_that_applies(client):
    client.post("/agent/quick", data={})
    page = parse(client.get("/agent/quick").data)
    links = [a.attrs["href"] for a in page.find("div", class_="error-summary").find_all("a")]
    assert links == ["#diagnosis", "#service", "#credential", "#state", "#setting", "#delivery", "#date-month"]


def test_the_quick_check_is_saved_like_the_wizards(app, client):
    from app.extensions import db
    from app.storage import SavedDetermination
    client.get(client.post("/agent/quick", data=PEER).headers["Location"])
    with app.app_context():
        saved = db.session.query(SavedDetermination).one()
        assert saved.audience == "agent" and saved.source == "wizard" and saved.answers["minutes"] == 60


def test_the_agent_start_page_offers_the_one_page_check(client):
    page = parse(client.get("/agent").data)
    assert page.find("a", href="/agent/quick") is not None
    assert parse(client.get("/member").data).find("a", href="/agent/quick") is None
