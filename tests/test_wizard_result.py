"""The result page for each audience, and the policy page its quotes link to."""
import datetime as dt
import re
from pathlib import Path

import pytest

from app.coverage.answers import parse_answers
from app.coverage.engine import evaluate
from app.coverage.rules import diagnosis, setting
from app.coverage.rules.notices import DISCLAIMER
from app.wizard import flow
from wizard_html import parse
from wizard_paths import AUDIENCES, COACHING_FOLLOW_UP, COACHING_GROUP, PATHS, PEER_SUPPORT, answers, start, walk, at

ROOT = Path(__file__).resolve().parent.parent


def result_page(client, audience, path):
    start(client, audience)
    walk(client, path)
    response = client.get(at(client) + "/result")
    assert response.status_code == 200
    return parse(response.data)


def determination(client, policy, audience):
    # judged on the day the check is made, as the result page judges it
    return evaluate(parse_answers(flow.engine_input(answers(client), audience)), policy, today=dt.date.today())


def visit_in(days: int) -> dict:
    day = dt.date.today() + dt.timedelta(days=days)
    return {"month": str(day.month), "day": str(day.day), "year": str(day.year)}


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("path", PATHS, ids=list(PATHS))
def test_the_result_quotes_the_policy_for_every_reason_and_links_to_each_sentence(client, policy, audience, path):
    page = result_page(client, audience, PATHS[path])
    d = determination(client, policy, audience)
    quotes = page.find_all("blockquote")
    shown = [q.text() for q in quotes]
    for reason in d.reasons:
        for citation in reason.citations:
            href = f"/policy/A015#{citation.anchor}"
            assert page.find("a", href=href) is not None, href
            assert any(citation.quote in text for text in shown), citation.quote
            # the quote is the policy's own wording, as it stands in the data file
            assert citation.quote in policy.sentences[citation.anchor].text
    assert all(q.attrs.get("lang") == "en" and q.attrs["cite"].startswith("/policy/A015#") for q in quotes)


def test_a_quote_from_the_policy_file_appears_on_the_result(client):
    page = result_page(client, "member", COACHING_FOLLOW_UP)
    text = page.text()
    # these words are read from app/policies/a015/2023-04-15.yaml, not retyped anywhere in the wizard
    assert "when provided by a Licensed/Certified coach acting within the scope of license or certification" in text
    assert ("In the event of a conflict, a customer's benefit plan document always supersedes the information in "
            "an Administrative Policy.") in text
    wizard_code = "".join(p.read_text() for p in (ROOT / "app" / "wizard").glob("*.py"))
    templates = "".join(p.read_text() for p in (ROOT / "templates").rglob("*.html"))
    assert "Licensed/Certified coach" not in wizard_code + templates


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_result_shows_the_codes_with_descriptor_eligibility_and_units(client, audience):
    page = result_page(client, audience, COACHING_FOLLOW_UP)
    table = page.find("table", class_="codes")
    row = table.find("tbody").find("tr")
    assert "0592T" in row.find("th").text()
    assert "at least 30 mins" in row.text() and "Listed as eligible" in row.text() and "1 unit" in row.text()


def test_peer_support_units_come_from_the_engine(client):
    page = result_page(client, "provider", PEER_SUPPORT)
    row = page.find("table", class_="codes").find("tbody").find("tr")
    assert "H0038" in row.text() and "4 units" in row.text()


def test_group_coaching_shows_the_unlisted_code_as_not_listed_with_its_source(client):
    page = result_page(client, "provider", COACHING_GROUP)
    row = page.find("table", class_="codes").find("tbody").find("tr")
    assert "0593T" in row.text() and "Not listed" in row.text()
    assert "not printed in this policy" in row.text()
    assert "Needs review" in page.find("h1").text()


@pytest.mark.parametrize("path, outcome", [
    ("coaching_follow_up", "Likely covered"),
    ("coaching_group", "Needs review"),
    ("not_sure", "Needs review"),
])
def test_the_outcome_banner_says_the_outcome_in_words_and_what_it_means(client, path, outcome):
    page = result_page(client, "member", PATHS[path])
    banner = page.find("div", class_="outcome")
    assert outcome in banner.find("h1").text()
    assert page.find("title").text().startswith(f"Result: {outcome}")
    assert banner.find("p", class_="outcome__meaning").text().startswith("From your answers")


def test_a_result_that_is_likely_not_covered_says_what_would_change_it(client, policy):
    # a visit to come: its length is still a choice
    path = tuple((slug, {"minutes": "20"} if slug == "minutes" else visit_in(30) if slug == "date-of-service"
                  else data) for slug, data in COACHING_FOLLOW_UP)
    page = result_page(client, "member", path)
    assert "Likely not covered" in page.find("h1").text()
    d = determination(client, policy, "member")
    assert d.what_would_change
    for change in d.what_would_change:
        assert change.text in page.text()
    assert "It would likely be covered if the visit lasts at least 30 minutes." in page.text()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_visit_that_has_taken_place_is_never_told_to_be_otherwise(client, audience):
    """Twenty minutes of a follow-up dated yesterday: the visit was as long as it was, so no length is offered."""
    path = tuple((slug, {"minutes": "20"} if slug == "minutes" else visit_in(-1) if slug == "date-of-service"
                  else data) for slug, data in COACHING_FOLLOW_UP)
    page = result_page(client, audience, path).text()
    assert "lasts at least 30 minutes" not in page
    assert ("No change of a choice would make the outcome likely covered: it rests on facts of the visit" if
            audience == "provider" else "Nothing you could choose differently would change this answer") in page


def test_a_result_resting_on_a_fact_says_no_choice_would_change_it(client):
    path = (("diagnosis", {"diagnosis": "none"}),) + COACHING_FOLLOW_UP[1:]
    page = result_page(client, "member", path)
    assert "Likely not covered" in page.find("h1").text()
    assert "Nothing you could choose differently would change this answer" in page.text()


@pytest.mark.parametrize("audience, register", [("member", "plain"), ("agent", "plain"), ("provider", "technical")])
def test_the_reasons_are_in_the_audience_register(client, audience, register):
    page = result_page(client, audience, COACHING_FOLLOW_UP)
    assert setting.OUTPATIENT.text[register] in page.text()
    assert DISCLAIMER.text[register] in page.text()


def test_the_provider_result_puts_codes_and_the_credential_requirement_first_with_whole_sentences(client, policy):
    page = result_page(client, "provider", COACHING_FOLLOW_UP)
    headings = [h.text() for h in page.find_all("h2")]
    assert headings[:3] == ["Codes and units", "Credential requirement", "Criteria"]
    marks = [m.text() for m in page.find_all("mark")]
    coverage = policy.sentences["administrative-policy-coverage"].text
    credential_quote = policy.cite("credential")[0].quote
    text = page.text().replace(" .", ".")  # the mark and the words after it are separate elements
    assert credential_quote in marks and coverage in text
    # the coverage sentence is quoted whole once; later reasons quote only their words of it
    assert text.count(coverage) == 1


def test_the_agent_result_is_a_script_with_cues_set_apart_from_what_is_read(client):
    page = result_page(client, "agent", PATHS["not_sure"])
    cues = [c.text() for c in page.find_all("p", class_="script__cue")]
    assert "Say:" in cues and "Read this word for word:" in cues
    assert any(c.startswith("If the caller asks") for c in cues)
    exact = page.find("div", class_="script__read--exact")
    assert exact.text() == DISCLAIMER.text["plain"]
    for block in page.find_all("div", class_="script__read"):
        assert "Say:" not in block.text() and "If the caller asks" not in block.text()
    read = " ".join(b.text() for b in page.find_all("div", class_="script__read"))
    assert "From what you told me" in read
    assert diagnosis.DIAGNOSIS_UNKNOWN.text["plain"] in read


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_result_says_what_to_do_next_and_offers_a_new_check(client, audience):
    from app.wizard.present import NEXT_STEPS
    page = result_page(client, audience, COACHING_FOLLOW_UP)
    for condition, step, _anchors in NEXT_STEPS[audience]:
        assert (str(step) in page.text()) == (condition == "likely_covered")
    form = page.find("form", action=f"/{audience}")
    assert form is not None and "Start a new check" in form.text()


def test_the_result_lists_the_answers_it_was_made_from(client):
    page = result_page(client, "member", PEER_SUPPORT)
    summary = page.find("dl", class_="summary-list")
    assert "California" in summary.text() and "60 minutes" in summary.text()
    assert page.find("a", href=at(client) + "/answers") is not None


# --- the policy page ------------------------------------------------------------------------

def test_the_policy_page_has_every_anchor_and_every_sentence(client, policy):
    response = client.get("/policy/A015")
    assert response.status_code == 200
    page = parse(response.data)
    for anchor, sentence in policy.sentences.items():
        node = page.by_id(anchor)
        assert node is not None, anchor
        assert "sentence" in node.classes()
        if node.tag == "tr":  # a code row: the code, then its descriptor as printed
            assert node.text() == f"{sentence.label} {sentence.text}"
        else:
            assert node.text() == " ".join(sentence.text.split())
    assert len(page.find_all("h1")) == 1 and page.find("h1").text() == policy.title
    assert page.find("article").attrs["lang"] == "en"


def test_the_policy_page_says_its_review_date_has_passed_and_links_to_it(client, policy):
    page = client.get("/policy/A015").get_data(as_text=True)
    assert policy.next_review_date < dt.date.today()  # A015 was due for review on 4/15/2024
    notice = parse(page).find(id="review-passed").text()
    assert "Policy review date passed:" in notice and "due for review on April 15, 2024" in notice
    assert 'href="#next-review-date"' in page and 'id="next-review-date"' in page


def test_the_policy_page_shows_every_section_and_the_code_tables(client, policy):
    page = parse(client.get("/policy/A015").data)
    headings = {h.text() for h in page.find_all("h2") + page.find_all("h3")}

    def all_sections(sections):
        for s in sections:
            yield s
            yield from all_sections(s.subsections)
    assert {s.heading for s in all_sections(policy.sections)} <= headings
    listed = [c for c in policy.codes if c.listed]
    for code in listed:
        assert page.by_id(code.anchor).tag == "tr" and code.descriptor in page.by_id(code.anchor).text()
    assert page.by_id("code-0593T") is None  # not printed in the policy, so not on its page
    assert len(page.find_all("li", class_="sentence")) >= 14


def test_every_policy_link_on_a_result_points_at_a_sentence_on_the_policy_page(client):
    page = result_page(client, "provider", COACHING_GROUP)
    policy_page = parse(client.get("/policy/A015").data)
    anchors = {a.attrs["href"].split("#")[1] for a in page.find_all("a")
               if a.attrs.get("href", "").startswith("/policy/A015#")}
    assert anchors
    for anchor in anchors:
        assert policy_page.by_id(anchor) is not None, anchor


def test_the_cited_sentence_is_highlighted_by_css_alone():
    css = (ROOT / "static" / "css" / "app.css").read_text()
    assert re.search(r"\.sentence:target\s*\{[^}]*background", css)


def test_the_policy_address_is_canonical(client):
    assert client.get("/policy/a015").headers["Location"] == "/policy/A015"
    assert client.get("/policy/B999").status_code == 404


# --- the policy's age, said where the answer is given ---------------------------------------------
LATE = {"month": "6", "day": "1", "year": "2025"}  # after A015's next review date, 4/15/2024


def _late(path):
    return tuple((slug, LATE if slug == "date-of-service" else data) for slug, data in path)


def _inside(node, page, cls):
    """Whether node stands inside an element of this class."""
    return any(node in list(n.walk()) for n in page.find_all(class_=cls))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_policys_age_is_said_in_the_outcome_box_and_printed(client, audience):
    page = result_page(client, audience, _late(PEER_SUPPORT))
    age = page.find("p", id="policy-age")
    assert age is not None and _inside(age, page, "outcome")
    assert not _inside(age, page, "no-print") and not _inside(age, page, "details")
    words = "April 15, 2023 version of" if audience != "provider" else "April 15, 2023 version of A015"
    assert words in age.text() and "April 15, 2024" in age.text()


def test_the_agent_reads_the_policys_age_aloud_with_the_result(client):
    page = result_page(client, "agent", _late(PEER_SUPPORT))
    first = page.find_all("div", class_="script__read")[0]
    assert "due for review on April 15, 2024" in first.text()


def test_the_agent_says_the_policys_age_in_its_own_words_and_keeps_the_note_out_of_the_box(client):
    page = result_page(client, "agent", _late(PEER_SUPPORT))
    said = page.find_all("div", class_="script__read")[0].text()
    assert "The rules I checked this against are from April 15, 2023." in said
    assert "A015" not in said and "version" not in said  # what a caller cannot know
    note = page.find("p", id="policy-age").text()
    assert "not to read aloud" in note and "version of policy A015" in note


def test_every_line_the_agent_reads_about_group_coaching_can_be_said_aloud(client):
    page = result_page(client, "agent", COACHING_GROUP)
    said = " ".join(box.text() for box in page.find_all("div", class_="script__read"))
    assert "the reason about the code" not in said
    assert "The visit is in person. But the policy lists no code for group coaching" in said


def test_no_age_is_said_before_the_review_date(client):
    page = result_page(client, "member", PEER_SUPPORT)
    assert page.find("p", id="policy-age") is None


# --- the agent's script says only what fits the caller's answers ----------------------------------
def test_the_agent_asks_about_answers_not_sure_of_only_when_some_were(client):
    line = "Please ask your provider about the answers you were not sure of."
    unsure = result_page(client, "agent", PATHS["not_sure"])
    assert line in unsure.text()
    # needs review with every answer known: group coaching, whose code the policy does not list
    sure = result_page(client, "agent", COACHING_GROUP)
    assert "Needs review" in sure.find("h1").text() and line not in sure.text()
    assert "Your plan will need to check the points the policy says nothing about." in sure.text()


def test_members_read_what_to_do_next_before_the_reasons_and_the_policys_words_folded(client):
    page = result_page(client, "member", PEER_SUPPORT)
    headings = [h.text() for h in page.find_all("h2")]
    assert headings.index("What to do next") < headings.index("Why")
    quotes = [(reason, quote) for reason in page.find_all("li", class_="reason")
              for quote in reason.find_all("figure", class_="quote")]
    assert len(quotes) >= 7
    assert all(_inside(quote, reason, "details--quote") for reason, quote in quotes)


def test_the_disclaimer_says_what_the_purpose_says(client):
    page = result_page(client, "member", PEER_SUPPORT).text()
    assert "If your benefit plan document and this policy differ, your plan document is what counts." in page
    assert "It is not advice about which care is right for you." in page
    assert "A final answer looks at your plan, the laws that apply" in page


def test_the_codes_table_says_what_the_reason_says_of_a_part_unit(client):
    path = tuple((slug, {"minutes": "10"} if slug == "minutes" else data) for slug, data in PEER_SUPPORT)
    page = result_page(client, "provider", path)
    row = page.find("table", class_="codes").find("tbody").text()
    assert "Less than one unit: the policy gives no rounding rule" in row
    assert "shorter than the code requires" not in row


def test_offices_are_told_the_list_of_codes_may_not_be_all_inclusive(client):
    page = result_page(client, "provider", PEER_SUPPORT)
    assert "A015 notes that its list of codes may not be all-inclusive." in page.text()


@pytest.mark.parametrize("audience, not_known", [("provider", "Not known"), ("member", "Not known yet"),
                                                 ("agent", "Not known yet")])
def test_group_coachings_code_is_shown_as_not_known_never_as_not_eligible(client, audience, not_known):
    # 0593T of 30 minutes or more: not listed, and "This list of codes may not be all-inclusive"
    start(client, audience)
    walk(client, PATHS["coaching_group"])
    table = parse(client.get(at(client) + "/result").data).find("table", class_="codes")
    (row,) = table.find("tbody").find_all("tr")
    assert "0593T" in row.find("th").text()
    assert [cell.text() for cell in row.find_all("td")][1:3] == ["Not listed", not_known]
