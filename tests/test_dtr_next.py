"""$next-question: the adaptive form asks the wizard's questions in the flow's order, and ends in the engine's own
determination: a QuestionnaireResponse answered as each wizard path gives what the wizard gives."""
import copy
import re
import shutil

import hypothesis.strategies as st
import pytest
from crd_checks import coverage_information, parts
from dtr_checks import (CANONICAL, FHIR_JSON, NEXT, answer, answer_item, answers_of, check_response, contained, load,
                        next_asked, post, walk)
from hypothesis import HealthCheck, given, settings
from versions_fixtures import BOTH
from wizard_paths import PATHS, start
from wizard_paths import walk as walk_wizard

from app.coverage.answers import STATES
from app.dtr.questionnaire import labels
from app.wizard import flow
from conftest import make_app, upgrade

REFERENCE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def dtr_app(tmp_path, migrated_sqlite):
    path = tmp_path / "dtr.sqlite"
    shutil.copy(migrated_sqlite, path)
    return make_app(f"sqlite:///{path}", DTR_JWT_REQUIRED=False)


@pytest.fixture
def client(dtr_app):
    return dtr_app.test_client()


def first():
    """The guide-shaped first call: a contained Questionnaire with no items yet, no answers."""
    return load("next-question-a015-start.json")["parameter"][0]["resource"]


def as_answers(path) -> dict:
    """A wizard path (the pages and what is posted on them) as the answers DTR takes, by linkId."""
    found = {}
    for slug, data in path:
        name = flow.BY_SLUG[slug]
        if name == "date_of_service":
            found[name] = f"{data['year']}-{int(data['month']):02}-{int(data['day']):02}"
        elif name == "minutes":
            if "minutes" in data:
                found[name] = int(data["minutes"])  # "I'm not sure" is left blank
        else:
            found[name] = data[name]
    return found


def looked_up(client, reference: str) -> dict:
    found = client.post("/api/v1/determinations/lookup", json={"reference": reference})
    assert found.status_code == 200, found.get_json()
    return found.get_json()


def determination_of(response: dict) -> dict:
    (group,) = [i for i in response["item"] if i["linkId"] == "determination"]
    return {i["linkId"].split(".", 1)[1]: i.get("answer", [{}])[0] for i in group["item"]}


# a code line's eligibility as the API's `eligible` gives it, and whether A015 lists it, as coded in the response
ELIGIBLE = {True: "eligible", False: "not_eligible", None: "not_known"}
LISTED = {True: "listed", False: "not_listed"}
CODE_STATUS = {"met": True, "not_met": False, "unknown": None}  # the code reason's status, as `eligible` says it


def code_lines(response: dict) -> dict:
    """Each code line of the determination: {code: {"listed": code, "eligible": code, "units": int or None}}."""
    (group,) = [i for i in response["item"] if i["linkId"] == "determination"]
    found = {}
    for line in group["item"]:
        if line["linkId"].startswith("determination.code."):
            parts = {i["linkId"].rsplit(".", 1)[1]: i.get("answer", [{}])[0] for i in line["item"]}
            found[line["linkId"].rsplit(".", 1)[1]] = {
                "listed": parts["listed"]["valueCoding"]["code"], "eligible": parts["eligible"]["valueCoding"]["code"],
                "units": parts["units"].get("valueInteger")}
    return found


# --- every path of the wizard --------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(PATHS))
def test_a_response_answered_as_a_wizard_path_gets_the_wizards_determination(client, name):
    path = PATHS[name]
    completed, asked = walk(client, first(), as_answers(path))
    assert asked == [flow.BY_SLUG[slug] for slug, _data in path]  # the flow's questions, in its order
    assert completed["status"] == "completed"
    given = determination_of(completed)
    reference = given["reference"]["valueString"]
    assert REFERENCE.fullmatch(reference)
    saved = looked_up(client, reference)
    assert saved["source"] == "dtr" and saved["audience"] == "provider"

    wizard = client.application.test_client()
    start(wizard, "provider")
    walk_wizard(wizard, path)
    result = wizard.get(f"/check/{wizard.check_id}/result").get_data(as_text=True)
    wizard_reference = REFERENCE.search(result.split('reference__number', 1)[1]).group(0)
    assert looked_up(client, wizard_reference)["determination"] == saved["determination"]

    shown = saved["determination"]
    assert given["outcome"]["valueCoding"]["code"] == shown["outcome"]
    for reason in shown["reasons"]:
        assert given[reason["id"]]["valueCoding"]["code"] == reason["status"]
    assert code_lines(completed) == {line["code"]: {"listed": LISTED[line["listed"]], "eligible": ELIGIBLE[line["eligible"]],
                                                    "units": line["units"]} for line in shown["codes"]}
    (extension,) = coverage_information(completed)
    assert parts(extension, "coverage-assertion-id") == [reference]
    assert parts(extension, "covered") == [{"likely_covered": "covered", "likely_not_covered": "not-covered",
                                             "needs_review": "conditional"}[shown["outcome"]]]


def test_the_determinations_words_are_the_engines_with_the_policys_quotes(client):
    completed, _asked = walk(client, first(), as_answers(PATHS["coaching_follow_up"]))
    shown = looked_up(client, determination_of(completed)["reference"]["valueString"])["determination"]
    (group,) = [i for i in contained(completed)["item"] if i["linkId"] == "determination"]
    texts = {i["linkId"]: i for i in group["item"]}
    for reason in shown["reasons"]:
        item = texts[f"determination.{reason['id']}"]
        assert item["text"] == reason["text"] and item["readOnly"] is True
        quotes = [child["text"] for child in item["item"]]
        for citation in reason["citations"]:
            assert any(f'"{citation["quote"]}"' in q and f"#{citation['anchor']}" in q for q in quotes)
    assert texts["determination.disclaimer"]["text"].startswith(shown["disclaimer"]["text"])


# --- each code line: its eligibility and whether A015 lists it -----------------------------------

def _changed(name: str, **answers) -> dict:
    return {**as_answers(PATHS[name]), **answers}


@pytest.mark.parametrize("answers, code, eligible, listed", [
    (_changed("coaching_initial"), "0591T", True, True),
    (_changed("coaching_follow_up", minutes=20), "0592T", False, True),
    (_changed("coaching_follow_up", minutes=45), "0592T", True, True),
    (_changed("coaching_group", minutes=45), "0593T", None, False),  # the policy is silent on group coaching
    (_changed("peer_support", minutes=10), "H0038", None, True),  # under one unit: no rounding rule
], ids=["0591T", "0592T short", "0592T long", "0593T of 30+ minutes", "H0038 under one unit"])
def test_each_code_line_says_its_eligibility_as_the_api_does_and_whether_a015_lists_it(client, answers, code, eligible,
                                                                                      listed):
    completed, _asked = walk(client, first(), answers)
    shown = looked_up(client, determination_of(completed)["reference"]["valueString"])["determination"]
    (line,) = shown["codes"]
    assert (line["code"], line["eligible"], line["listed"]) == (code, eligible, listed)  # the API's, as expected
    (reason,) = [r for r in shown["reasons"] if r["id"] == "code"]
    assert CODE_STATUS[reason["status"]] is eligible  # the code reason beside it says the same
    assert code_lines(completed)[code] == {"listed": LISTED[listed], "eligible": ELIGIBLE[eligible],
                                           "units": line["units"]}
    assert determination_of(completed)["code"]["valueCoding"]["code"] == reason["status"]
    (group,) = [i for i in contained(completed)["item"] if i["linkId"] == "determination"]
    (form_line,) = [i for i in group["item"] if i["linkId"] == f"determination.code.{code}"]
    options = {i["linkId"].rsplit(".", 1)[1]: [o["valueCoding"]["code"] for o in i.get("answerOption", [])]
               for i in form_line["item"]}
    assert options == {"listed": ["listed", "not_listed"], "eligible": ["eligible", "not_eligible", "not_known"],
                       "units": []}
    # not known is its own answer, never a false or a missing one
    (given,) = [i for i in completed["item"] if i["linkId"] == "determination"]
    (given_line,) = [i for i in given["item"] if i["linkId"] == f"determination.code.{code}"]
    (eligibility,) = [i for i in given_line["item"] if i["linkId"].endswith(".eligible")]
    assert [set(a) for a in eligibility["answer"]] == [{"valueCoding", "extension"}]


# --- "not sure" ----------------------------------------------------------------------------------

def test_a_question_left_blank_is_judged_exactly_as_not_sure(client):
    path = as_answers(PATHS["not_sure"])
    chosen, _ = walk(client, first(), path)
    blank, asked = walk(client, first(), {k: v for k, v in path.items() if v != "unknown"})
    assert "diagnosis" in asked and "credential" in asked
    one, other = (looked_up(client, determination_of(r)["reference"]["valueString"])["determination"]
                  for r in (chosen, blank))
    assert one == other and one["outcome"] == "needs_review"
    assert one["answers"]["diagnosis"] == "unknown" and one["answers"]["setting"] is None


def test_the_service_left_blank_is_asked_for_again_with_a_422(client):
    response = first()
    response["contained"][0]["item"] = [{"linkId": "diagnosis", "type": "choice", "text": "x"},
                                        {"linkId": "service", "type": "choice", "text": "x"}]
    response["item"] = [{"linkId": "diagnosis", "answer": [answer("diagnosis", "none")]}]
    refused = post(client, NEXT, response)
    assert refused.status_code == 422 and refused.mimetype == FHIR_JSON
    (issue,) = refused.get_json()["issue"]
    assert "service" in issue["diagnostics"] and "service" in issue["expression"][0]


# --- the response as it is sent ------------------------------------------------------------------

@pytest.mark.parametrize("name, back", [("questionnaire-response", None), ("questionnaire-response-in",
                                                                           "questionnaire-response-out"),
                                        ("in", "out")])
def test_each_releases_parameter_name_is_answered_in_kind(client, name, back):
    body = {"resourceType": "Parameters", "parameter": [{"name": name, "resource": first()}]}
    got = post(client, NEXT, body).get_json()
    if back is None:
        assert got["resourceType"] == "QuestionnaireResponse"
    else:
        assert got["resourceType"] == "Parameters" and got["parameter"][0]["name"] == back
        got = got["parameter"][0]["resource"]
    check_response(got)
    assert [i["linkId"] for i in contained(got)["item"]] == ["diagnosis"]


def test_a_bare_response_gets_a_bare_response_with_the_first_question(client):
    got = post(client, NEXT, first()).get_json()
    form = check_response(got)
    assert got["status"] == "in-progress" and got["id"] == "a015-start"
    assert got["subject"] == {"reference": "Patient/examplepatient"}
    (question,) = form["item"]
    assert question["linkId"] == "diagnosis" and question["item"][0]["type"] == "display"
    assert got["item"] == [{"linkId": "diagnosis", "text": question["text"]}]  # unanswered: item 1..* (DTR 2.1)
    assert form["derivedFrom"] == [f"{CANONICAL}|2023-04-15"]


def test_an_answer_the_question_does_not_take_is_a_422_naming_it(client):
    response = post(client, NEXT, first()).get_json()
    for wrong in ({"valueCoding": {"system": "http://other.example", "code": "mental_health"}},
                  {"valueCoding": {"code": "depression"}}, {"valueString": "mental_health"}):
        bad = copy.deepcopy(response)
        bad["item"] = [{"linkId": "diagnosis", "answer": [wrong]}]
        refused = post(client, NEXT, bad)
        assert refused.status_code == 422
        assert refused.get_json()["issue"][0]["expression"] == ["QuestionnaireResponse.item[0].answer[0]"]


def test_an_item_that_is_not_one_of_the_questions_is_refused(client):
    bad = first()
    bad["item"] = [{"linkId": "member-name", "answer": [{"valueString": "Jane"}]}]
    assert post(client, NEXT, bad).status_code == 422


def test_a_changed_service_drops_the_questions_that_no_longer_apply(client):
    path = as_answers(PATHS["coaching_follow_up"])
    response = first()
    for name in ("diagnosis", "service", "credential", "state", "setting", "group", "session"):
        response = post(client, NEXT, response).get_json()
        assert next_asked(response) == [name]  # the next question, there to be answered
        answer_item(response, name, path[name])
    for item in response["item"]:
        if item["linkId"] == "service":
            item["answer"] = [answer("service", "peer_support")]
    got = post(client, NEXT, response).get_json()
    asked = [i["linkId"] for i in contained(got)["item"]]
    assert "group" not in asked and "session" not in asked and asked[-1] == "minutes"
    assert "group" not in answers_of(got)


def test_a_completed_response_sent_again_is_judged_again(client):
    completed, _ = walk(client, first(), as_answers(PATHS["coaching_follow_up"]))
    changed = copy.deepcopy(completed)
    for item in changed["item"]:
        if item["linkId"] == "minutes":
            item["answer"] = [answer("minutes", 20)]
    again = post(client, NEXT, changed).get_json()
    check_response(again)
    assert determination_of(again)["outcome"]["valueCoding"]["code"] == "likely_not_covered"
    assert len(coverage_information(again)) == 1  # the earlier determination's extension is replaced


def test_the_whole_form_answered_at_once_is_judged_with_its_blanks_as_not_sure(client):
    response = first()
    del response["contained"]
    response["questionnaire"] = f"{CANONICAL}|2023-04-15"
    path = as_answers(PATHS["peer_support"])
    response["item"] = [{"linkId": k, "answer": [answer(k, v)]} for k, v in path.items() if k != "minutes"]
    got = post(client, NEXT, response).get_json()
    check_response(got)
    assert got["status"] == "completed"
    assert determination_of(got)["code"]["valueCoding"]["code"] == "unknown"  # peer support of unknown length


# --- a response given on another version ----------------------------------------------------------

@pytest.fixture
def both(tmp_path, migrated_sqlite):
    path = tmp_path / "versions.sqlite"
    shutil.copy(migrated_sqlite, path)
    return make_app(f"sqlite:///{path}", POLICY_PATH=BOTH, DTR_JWT_REQUIRED=False).test_client()


def test_answers_given_on_an_older_version_are_judged_under_the_one_in_effect_and_it_says_so(both):
    path = {**as_answers(PATHS["coaching_follow_up"]), "minutes": 40, "date_of_service": "2025-02-01"}
    completed, _ = walk(both, first(), path)  # the first call names the 2023-04-15 questionnaire
    form = contained(completed)
    assert form["derivedFrom"] == [f"{CANONICAL}|2025-01-01"]
    note = next(i for i in form["item"][-1]["item"] if i["linkId"] == "determination.version")
    assert "2023-04-15" in note["text"] and "2025-01-01" in note["text"]
    # 40 minutes meets the first version's 30, not the test version's 45: the version in effect decided
    assert determination_of(completed)["outcome"]["valueCoding"]["code"] == "likely_not_covered"


def test_a_version_that_does_not_exist_cannot_be_read(both):
    response = first()
    response["contained"][0]["derivedFrom"] = [f"{CANONICAL}|2020-01-01"]
    refused = post(both, NEXT, response)
    assert refused.status_code == 422
    assert "2023-04-15, 2025-01-01" in refused.get_json()["issue"][0]["diagnostics"]


def test_the_guides_own_adaptive_example_is_not_this_services_questionnaire(client):
    refused = post(client, NEXT, load("NextQuestionInputParamsExample.json"))
    assert refused.status_code == 422
    (issue,) = refused.get_json()["issue"]
    assert "not this service's questionnaire" in issue["diagnostics"] and issue["expression"] == [
        "Questionnaire.derivedFrom"]


def test_a_determination_is_saved_with_source_dtr(client, dtr_app):
    completed, _ = walk(client, first(), as_answers(PATHS["coaching_initial"]))
    from app.extensions import db
    from app.storage.models import SavedDetermination
    with dtr_app.app_context():
        (row,) = db.session.execute(db.select(SavedDetermination)).scalars()
        assert row.source == "dtr" and row.outcome == determination_of(completed)["outcome"]["valueCoding"]["code"]


# --- any answers: the engine's determination, as the API gives it --------------------------------

BLANK = None
CHOICES = {name: st.sampled_from([BLANK, *labels(name)]) for name in
           ("diagnosis", "credential", "setting", "group", "session", "delivery")}
ANY_ANSWERS = st.fixed_dictionaries({
    **CHOICES, "service": st.sampled_from(["coaching", "peer_support"]), "state": st.sampled_from(sorted(STATES)),
    "minutes": st.sampled_from([BLANK, 1, 14, 15, 29, 30, 31, 44, 45, 60, 480]),
    "date_of_service": st.sampled_from(["2023-04-14", "2023-04-15", "2024-03-01", "2024-04-16"])})


@pytest.fixture(scope="module")
def module_client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('dtr-any') / 'any.sqlite'}"
    app = make_app(url, DTR_JWT_REQUIRED=False)
    upgrade(app)
    return app.test_client()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(chosen=ANY_ANSWERS)
def test_any_answers_get_the_questions_the_flow_asks_and_the_determination_the_api_gives(module_client, chosen):
    path = {k: v for k, v in chosen.items() if v is not BLANK}
    completed, asked = walk(module_client, first(), path)
    given_so_far, expected = {}, []
    for name in flow.QUESTIONS:  # the flow, each question left blank taken as "not sure"
        if flow.applies(name, given_so_far):
            expected.append(name)
            given_so_far[name] = path.get(name, "unknown")
    assert asked == expected
    saved = looked_up(module_client, determination_of(completed)["reference"]["valueString"])["determination"]
    api = module_client.post("/api/v1/determinations", json=flow.engine_input(given_so_far, "provider")).get_json()
    assert {k: v for k, v in api.items() if k != "reference"} == saved
