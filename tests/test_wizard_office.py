"""The office's result: its documentation checklist, trying another answer side by side, and a PDF of any result."""
import io

import pytest
from pypdf import PdfReader

from app.extensions import db
from app.storage import SavedDetermination
from verbatim import stands_verbatim
from wizard_html import parse
from wizard_paths import AUDIENCES, PATHS, at, start, walk


def office_result(client, path="coaching_follow_up"):
    start(client, "provider")
    walk(client, PATHS[path])
    return client.get(at(client) + "/result")


def saved_count(app) -> int:
    with app.app_context():
        return db.session.query(SavedDetermination).count()


def test_the_checklist_quotes_the_policy_and_labels_good_practice(client):
    page = parse(office_result(client).data)
    checklist = page.find("section", class_="checklist")
    policy_items = [li for li in checklist.find_all("li") if li.find(class_="tag--policy")]
    practice = [li for li in checklist.find_all("li") if li.find(class_="tag--practice")]
    quotes = [li.find("q").text() for li in policy_items]
    assert all(stands_verbatim(q) for q in quotes), quotes
    for words in ("face-to-face", "individual", "at least 30 mins", "for individuals with mental health or "
                  "substance use disorders", "Cigna covers outpatient behavioral health coaching and peer support services"):
        assert words in quotes, words
    assert any("scope of license or certification" in q for q in quotes)
    anchors = {li.find("a").attrs["href"].split("#")[1] for li in policy_items}
    assert {"code-0592T", "administrative-policy-coverage"} <= anchors
    assert any("start and end times" in li.text() for li in practice)
    assert any("license or certificate number" in li.text() for li in practice)


def test_peer_supports_checklist_names_its_unit(client):
    checklist = parse(office_result(client, "peer_support").data).find("section", class_="checklist")
    assert "per 15 minutes" in [q.text() for q in checklist.find_all("q")]
    assert "face-to-face" not in [q.text() for q in checklist.find_all("q")]  # H0038 does not say it


def test_only_the_office_sees_the_checklist_and_the_try_another_form(client):
    start(client, "member")
    walk(client, PATHS["coaching_follow_up"])
    page = parse(client.get(at(client) + "/result").data)
    assert page.find("section", class_="checklist") is None and page.find("section", class_="try-another") is None


def test_trying_another_answer_shows_both_outcomes_and_saves_nothing(app, client):
    office_result(client)
    assert saved_count(app) == 1
    form = parse(client.get(at(client) + "/result").data).find("form", class_="try-another__form")
    assert form.attrs["method"] == "get" and form.attrs["action"] == at(client) + "/try-another"
    response = client.get(at(client) + "/try-another", query_string={"minutes": "25"})
    assert response.status_code == 200
    page = parse(response.data)
    before, after = page.find(class_="compare__side--before"), page.find(class_="compare__side--after")
    assert "Likely covered" in before.text() and "Likely not covered" in after.text()
    assert "25 minutes" in after.text() and "45 minutes" in before.text()
    assert saved_count(app) == 1


def test_save_this_one_saves_the_changed_answers_as_a_check_of_their_own(app, client):
    office_result(client)
    first = client.check_id
    saved = client.post(at(client) + "/try-another", data={"minutes": "25", "delivery": "telehealth"})
    assert saved.status_code == 303 and first not in saved.headers["Location"]
    result = parse(client.get(saved.headers["Location"]).data)
    assert "Likely not covered" in result.find("h1").text() and saved_count(app) == 2
    assert "45 minutes" in parse(client.get(at(client, first) + "/result").data).find(class_="summary-list").text()


@pytest.mark.parametrize("query, message", [({"minutes": "45 min"}, "Enter the minutes as a whole number"),
                                            ({"credential": "md"}, "Select the provider's license or certificate"),
                                            ({"delivery": ""}, "Select if the visit is in person")])
def test_a_refused_changed_answer_is_explained(app, client, query, message):
    office_result(client)
    response = client.get(at(client) + "/try-another", query_string=query)
    assert response.status_code == 422
    assert message in parse(response.data).find(class_="error-summary").text()
    assert client.post(at(client) + "/try-another", data=query).status_code == 422
    assert saved_count(app) == 1


def test_a_change_that_opens_a_question_asks_for_it(client):
    office_result(client, "coaching_initial")
    response = client.get(at(client) + "/try-another", query_string={"session": "follow_up", "minutes": ""})
    assert response.status_code == 422
    assert "Enter how many minutes" in response.get_data(as_text=True)
    ok = client.get(at(client) + "/try-another", query_string={"session": "follow_up", "minutes": "40"})
    assert ok.status_code == 200 and "Follow-up session (0592T)" in ok.get_data(as_text=True)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_pdf_of_any_result_has_its_outcome_reference_and_quotes(client, audience):
    start(client, audience)
    walk(client, PATHS["coaching_follow_up"])
    page = parse(client.get(at(client) + "/result").data)
    reference = page.find(class_="reference__number").text()
    response = client.get(at(client) + "/result.pdf")
    assert response.mimetype == "application/pdf" and reference in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "Likely covered" in text and reference in text
    assert "always supersedes the information in an Administrative Policy" in text  # the disclaimer's quote
    assert "http://localhost/policy/A015#purpose-plan-supersedes" in text  # links printed as full addresses
    if audience != "agent":  # the agent's policy words are for the screen, when a caller asks
        assert "for individuals with mental health or substance use disorders" in text
        # every warning and note stands on its own words on paper too, as on the page
        assert "2) Deleted codes and codes which are not effective at the time the service is rendered" in text
        assert "Coverage determinations require consideration of" in text
    catalog = PdfReader(io.BytesIO(response.data)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]  # tagged, for screen readers
    assert catalog["/Lang"] == "en"


def test_a_pdf_is_us_letter_with_the_reference_the_day_and_the_page_on_every_page(client):
    import datetime as dt
    office_result(client, "not_sure")
    reference = parse(client.get(at(client) + "/result").data).find(class_="reference__number").text()
    pages = PdfReader(io.BytesIO(client.get(at(client) + "/result.pdf").data)).pages
    assert len(pages) > 1  # an office's PDF with its checklist runs over a page: each carries the heading
    made = f"{dt.date.today():%B} {dt.date.today().day}, {dt.date.today().year}"
    for number, page in enumerate(pages, 1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)  # 8.5 x 11 in
        text = " ".join(page.extract_text().split())
        assert f"Coverage Check result {reference}, made on {made}" in text
        assert f"{number} / {len(pages)}" in text


def test_the_checklist_names_its_links_in_words_and_keeps_face_to_face_off_a_telehealth_visit(client):
    start(client, "provider")
    walk(client, [(slug, {"delivery": "telehealth"} if slug == "delivery" else data)
                  for slug, data in PATHS["coaching_follow_up"]])
    checklist = parse(client.get(at(client) + "/result").data).find("section", class_="checklist")
    links = [a.text() for a in checklist.find_all("a")]
    assert links and all(text.startswith("Policy A015: ") and "#" not in text for text in links)
    assert "Policy A015: Coding Information" in links and "Policy A015: Administrative Policy" in links
    quotes = [q.text() for q in checklist.find_all("q")]
    assert "face-to-face" not in quotes and "at least 30 mins" in quotes
    in_person = parse(office_result(client).data).find("section", class_="checklist")
    assert "face-to-face" in [q.text() for q in in_person.find_all("q")]


def test_a_looked_up_result_has_a_pdf_too(app, client):
    office_result(client)
    reference = parse(client.get(at(client) + "/result").data).find(class_="reference__number").text()
    reader = app.test_client()
    reader.post("/lookup", data={"reference": reference, "audience": "provider"})
    text = pdf_text(reader.get("/lookup/result.pdf").data)
    assert reference in text and "Documentation checklist" in text


def test_the_agents_case_note_is_plain_text_one_line_per_reason(client):
    start(client, "agent")
    walk(client, PATHS["peer_support"])
    page = parse(client.get(at(client) + "/result").data)
    note = page.by_id("case-note").text()
    download = client.get(at(client) + "/case-note.txt")
    assert download.mimetype == "text/plain" and download.headers["Content-Disposition"].startswith("attachment;")
    text = download.get_data(as_text=True)
    lines = text.splitlines()
    assert lines[0] == "Coverage Check: Likely covered"
    assert lines[1] == f"Reference: {page.find(class_='reference__number').text()}"
    assert "Policy: A015, effective April 15, 2023" in lines and lines[2].startswith("Date: ")  # one date format
    reasons = lines[lines.index("Reasons:") + 1:lines.index("Codes:") - 1]
    assert len(reasons) == len(page.find_all("li", class_="reason")) and all(r.startswith("- [Met] ") for r in reasons)
    assert "- HCPCS H0038: 4 units" in lines
    assert " ".join(note.split()) == " ".join(text.split())


def test_the_case_note_is_for_someone_reading_it_later(client):
    import datetime as dt
    visit = dt.date.today() + dt.timedelta(days=30)  # a visit to come: who gives it is still a choice
    start(client, "agent")
    walk(client, [(slug, {"credential": "other_certification"} if slug == "provider-credential" else data)
                  for slug, data in PATHS["not_sure"][:-1]] + [("date-of-service", {
                      "month": str(visit.month), "day": str(visit.day), "year": str(visit.year)})])
    page = parse(client.get(at(client) + "/result").data)
    lines = client.get(at(client) + "/case-note.txt").get_data(as_text=True).splitlines()
    text = "\n".join(lines)
    # the reasons in the third person, never the caller's "you"
    reasons = lines[lines.index("Reasons:") + 1:lines.index("What would change the answer:") - 1]
    assert reasons and not any(" you " in f" {r.lower()} " or "you said" in r.lower() for r in reasons)
    # the answers in the script's own words, an answer not known said as what it is
    script_answers = {row.find("dt").text(): row.find("dd").text()
                      for row in page.find_all("div", class_="summary-list__row")}
    assert script_answers["License or certificate"] == "Another certificate"
    assert "- License or certificate: Another certificate" in lines and "- Where: The caller is not sure" in lines
    assert "Not known yet" not in text
    # what would change, and the policy's age
    changes = lines[lines.index("What would change the answer:") + 1:lines.index("Codes:") - 1]
    assert changes and all(c.startswith("- Likely covered") for c in changes)
    assert any(line.startswith("Policy's age: Determined under the April 15, 2023 version of A015") for line in lines)
    assert "Date of visit" in text and f"{visit:%B} {visit.day}, {visit.year}" in text
    assert visit.isoformat() not in text


def test_an_offices_case_note_keeps_the_offices_terms(client):
    start(client, "provider")
    walk(client, PATHS["not_sure"])
    text = client.get(at(client) + "/case-note.txt").get_data(as_text=True)
    assert "- Setting: Not known: not sure at the time of the check" in text.splitlines()
    assert "- Delivery: Not known: not sure at the time of the check" in text.splitlines()


def test_a_results_pdf_is_laid_out_once_and_then_given_from_what_was_kept(app, client, monkeypatch):
    from app.wizard import pdf
    laid_out = []
    real = pdf._laid_out
    monkeypatch.setattr(pdf, "_laid_out", lambda html: laid_out.append(1) or real(html))
    office_result(client)
    first = client.get(at(client) + "/result.pdf")
    again = client.get(at(client) + "/result.pdf")
    assert first.data == again.data and len(laid_out) == 1
    assert client.get(at(client) + "/result.pdf?lang=es").data != first.data and len(laid_out) == 2  # its language
    reference = parse(client.get(at(client) + "/result").data).find(class_="reference__number").text()
    for viewer in ("provider", "member", "member"):  # a looked-up result is kept per layout
        reader = app.test_client()
        reader.post("/lookup", data={"reference": reference, "audience": viewer})
        assert reference in pdf_text(reader.get("/lookup/result.pdf").data)
    assert len(laid_out) == 4


def test_the_kept_pdfs_are_bounded_in_count_and_bytes():
    from app.wizard.pdf import KeptPdfs
    kept = KeptPdfs(entries=3, size=100)
    for n in range(5):
        kept.put(("r", n), b"x" * 10)
    assert kept.get(("r", 0)) is None and kept.get(("r", 4)) == b"x" * 10
    kept.put(("big",), b"y" * 95)  # the bytes bound drops the oldest until it fits
    assert kept.get(("big",)) and kept.get(("r", 3)) is None and kept.get(("r", 4)) is None
    kept.put(("too big",), b"z" * 101)
    assert kept.get(("too big",)) is None


def test_a_pdf_prints_the_configured_address_never_the_host_it_was_asked_at(app, client):
    office_result(client)
    forger = app.test_client()
    forger.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    forged = forger.get(at(client) + "/result.pdf", base_url="http://evil.example")
    assert forged.status_code == 200 and forged.mimetype == "application/pdf"
    text = pdf_text(forged.data)
    assert "evil.example" not in text and "http://localhost/policy/A015#" in text
    assert pdf_text(client.get(at(client) + "/result.pdf").data) == text


def test_pdfs_are_rate_limited_per_client_both_views_together(tmp_path, migrated_sqlite):
    import shutil
    from conftest import make_app
    shutil.copy(migrated_sqlite, tmp_path / "pdf.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'pdf.sqlite'}", RATELIMIT_ENABLED=True, PDF_RATE_LIMIT="3 per minute")
    client = app.test_client()
    office_result(client)
    reference = parse(client.get(at(client) + "/result").data).find(class_="reference__number").text()
    assert [client.get(at(client) + "/result.pdf").status_code for _ in range(2)] == [200, 200]
    client.post("/lookup", data={"reference": reference, "audience": "provider"})
    assert client.get("/lookup/result.pdf").status_code == 200
    refused = client.get(at(client) + "/result.pdf")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert client.get(at(client) + "/result").status_code == 200  # the page itself is not limited
