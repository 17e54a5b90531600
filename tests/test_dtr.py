"""The A015 Questionnaire: one source with the wizard (its questions, choices and flow), the policy's own
words in each item's help, and one Questionnaire per policy version."""
import itertools
import shutil

import pytest
from dtr_checks import ANSWERS, CANONICAL, FHIR_JSON, check_questionnaire, items
from versions_fixtures import BOTH

from app.coverage.policy import default_policy_path, load_policy
from app.dtr.questionnaire import NEUTRAL_TITLES, Site, citations, questionnaire
from app.wizard import flow
from app.wizard.questions import QUESTIONS, choices_for, pick
from conftest import make_app

SERVICES = ("coaching", "peer_support")


@pytest.fixture
def client(tmp_path, migrated_sqlite):
    path = tmp_path / "dtr.sqlite"
    shutil.copy(migrated_sqlite, path)
    return make_app(f"sqlite:///{path}", DTR_JWT_REQUIRED=False).test_client()


@pytest.fixture
def form(client):
    response = client.get("/fhir/Questionnaire/a015")
    assert response.status_code == 200 and response.mimetype == FHIR_JSON
    return response.get_json()


def by_id(form):
    return {item["linkId"]: item for item in form["item"]}


def test_the_questionnaire_is_valid_fhir_and_asks_the_wizards_questions_in_its_order(form):
    check_questionnaire(form)
    assert [item["linkId"] for item in form["item"]] == list(flow.QUESTIONS)
    assert form["version"] == "2023-04-15" and form["effectivePeriod"] == {"start": "2023-04-15"}
    assert form["url"] == CANONICAL and form["id"] == "a015-2023-04-15"


def test_each_question_reads_as_the_wizard_asks_an_office(form):
    for name, item in by_id(form).items():
        question = QUESTIONS[name]
        said = {str(pick(question.title, "provider", s)) for s in SERVICES}
        # the whole form is read before the service is known: a question the wizard words by service is neutral
        assert item["text"] == (said.pop() if len(said) == 1 else NEUTRAL_TITLES[name]), name


def test_each_choice_is_the_wizards_value_and_label_not_sure_included(form):
    for name, item in by_id(form).items():
        if name in ("minutes", "date_of_service"):
            assert item["type"] == {"minutes": "integer", "date_of_service": "date"}[name]
            continue
        offered = [(o["valueCoding"]["code"], o["valueCoding"]["display"]) for o in item["answerOption"]]
        if name == "state":
            assert len(offered) == 56 and ("NY", "New York") in offered
            assert {o["valueCoding"]["system"] for o in item["answerOption"]} == {"https://www.usps.com/"}
            continue
        wanted = [(c.value, str(c.label.for_audience("provider"))) for c in choices_for(QUESTIONS[name], None)]
        assert offered == wanted, name
        assert {o["valueCoding"]["system"] for o in item["answerOption"]} == {ANSWERS}
    not_sure = {name for name, item in by_id(form).items()
                if any(o["valueCoding"]["code"] == "unknown" for o in item.get("answerOption", []))}
    assert not_sure == {"diagnosis", "credential", "setting", "group", "session", "delivery"}
    assert by_id(form)["minutes"]["required"] is False  # left blank: not known, as "I'm not sure"


def enabled(item: dict, answers: dict) -> bool:
    """R4's enableWhen: '=' holds when the answer equals, '!=' when no answer equals, 'exists' on presence."""
    def holds(condition):
        given = answers.get(condition["question"])
        if condition["operator"] == "exists":
            return (given is not None) == condition["answerBoolean"]
        equal = given == condition["answerCoding"]["code"]
        return equal if condition["operator"] == "=" else not equal
    conditions = item.get("enableWhen")
    if not conditions:
        return True
    results = [holds(c) for c in conditions]
    return all(results) if item.get("enableBehavior", "all") == "all" else any(results)


def test_enable_when_agrees_with_the_wizards_flow_for_every_answer(form):
    questions = by_id(form)
    values = {"service": (None, "coaching", "peer_support"), "group": (None, "individual", "group", "unknown"),
              "session": (None, "initial", "follow_up", "unknown")}
    combinations = 0
    for service, group, session in itertools.product(*values.values()):
        given = {k: v for k, v in (("service", service), ("group", group), ("session", session)) if v}
        # a disabled question holds no answer (R4): what the form sees is what the flow keeps
        shown = {}
        for name in flow.QUESTIONS:
            if name in given and enabled(questions[name], shown):
                shown[name] = given[name]
        for name in flow.QUESTIONS:
            assert enabled(questions[name], shown) == flow.applies(name, shown), (name, shown)
        combinations += 1
    assert combinations == 48


def test_each_items_help_quotes_the_policy_verbatim_with_its_anchor_and_link(form):
    policy = load_policy(default_policy_path())
    for name, item in by_id(form).items():
        (help_item,) = item["item"]
        assert help_item["type"] == "display"
        assert help_item["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "help"
        quoted = citations(policy, name, None)
        assert quoted, name
        links = {e["valueUri"] for e in item["extension"] if e["url"].endswith("supportLink")}
        for citation in quoted:
            assert citation.quote in policy.sentences[citation.anchor].text  # verbatim, from the policy's data
            assert f'"{citation.quote}"' in help_item["text"], (name, citation.quote)
            assert f"(http://localhost/policy/A015#{citation.anchor})" in help_item["text"]
            xhtml = help_item["_text"]["extension"][0]["valueString"]
            assert f'href="http://localhost/policy/A015#{citation.anchor}"' in xhtml
        assert links == {f"http://localhost/policy/A015#{c.anchor}" for c in quoted}


def test_the_help_cites_what_each_question_turns_on(form):
    anchors = {name: {e["valueUri"].rsplit("#", 1)[1] for e in item["extension"] if e["url"].endswith("supportLink")}
               for name, item in by_id(form).items()}
    assert anchors["diagnosis"] == {"administrative-policy-coverage"}
    assert {"coaching-6", "peer-support-3", "administrative-policy-plan-terms"} <= anchors["credential"]
    assert anchors["group"] == {"code-0591T", "code-0592T", "coding-note-1"}
    assert anchors["session"] == {"code-0591T", "code-0592T"}
    assert anchors["minutes"] == {"code-0592T", "code-H0038"}
    assert anchors["date_of_service"] == {"effective-date"}


def test_a_minimum_in_the_help_is_the_versions_own_number(tmp_path, migrated_sqlite):
    path = tmp_path / "versions.sqlite"
    shutil.copy(migrated_sqlite, path)
    client = make_app(f"sqlite:///{path}", POLICY_PATH=BOTH).test_client()
    first = by_id(client.get("/fhir/Questionnaire/a015-2023-04-15").get_json())["minutes"]["item"][0]["text"]
    second = by_id(client.get("/fhir/Questionnaire/a015-2025-01-01").get_json())["minutes"]["item"][0]["text"]
    assert '"at least 30 mins"' in first and "45" not in first
    assert '"at least 45 mins"' in second and "30 mins" not in second


def test_one_questionnaire_per_version_each_in_effect_until_the_next(tmp_path, migrated_sqlite):
    path = tmp_path / "versions.sqlite"
    shutil.copy(migrated_sqlite, path)
    client = make_app(f"sqlite:///{path}", POLICY_PATH=BOTH).test_client()
    first = client.get("/fhir/Questionnaire/a015-2023-04-15").get_json()
    second = client.get("/fhir/Questionnaire/a015-2025-01-01").get_json()
    for form in (first, second):
        check_questionnaire(form)
    assert first["version"] == "2023-04-15" and first["effectivePeriod"] == {"start": "2023-04-15", "end": "2024-12-31"}
    assert second["version"] == "2025-01-01" and second["effectivePeriod"] == {"start": "2025-01-01"}
    assert first["url"] == second["url"] == CANONICAL


@pytest.mark.parametrize("name", ["a015-1999-01-01", "other", "a015-", "$next-question"])
def test_an_unknown_questionnaire_is_a_404_operation_outcome(client, name):
    response = client.get(f"/fhir/Questionnaire/{name}")
    assert response.status_code == 404 and response.mimetype == FHIR_JSON
    body = response.get_json()
    assert body["resourceType"] == "OperationOutcome" and body["issue"][0]["code"] == "not-found"


def test_the_pure_builder_needs_no_flask(policy):
    site = Site(base="https://payer.example/fhir", policy_url="https://payer.example/policy/A015",
                publisher="Payer", gettext=lambda s: s)
    form = questionnaire(site, policy, None)
    assert form["url"] == "https://payer.example/fhir/Questionnaire/a015"
    assert all("payer.example" in e["valueUri"] for i in items(form["item"]) for e in i.get("extension", [])
               if e["url"].endswith("supportLink"))
