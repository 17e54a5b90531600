"""The card's link to launch DTR, an operator's opt-in (DTR_LAUNCH_URL): a SMART link on each card whose answer
names a questionnaire, its appContext the fields DTR 1.1.0-ballot gave a launch from CRD; none without the setting,
since CRD 2.x launches DTR from the coverage information alone."""
import json
import shutil

import jsonschema
import pytest
from crd_checks import RESPONSE_SCHEMA, check_response, load, parts

from conftest import make_app

ORDER_SIGN = "/cds-services/a015-order-sign"
APPOINTMENT_BOOK = "/cds-services/a015-appointment-book"
LAUNCH = "https://dtr.example.org/launch"
QUESTIONNAIRE = "http://localhost/fhir/Questionnaire/a015|2023-04-15"


def client_with(tmp_path, migrated_sqlite, **settings):
    shutil.copy(migrated_sqlite, tmp_path / "launch.sqlite")
    return make_app(f"sqlite:///{tmp_path / 'launch.sqlite'}", CRD_JWT_REQUIRED=False, **settings).test_client()


def answered(client, url: str, body: dict) -> tuple[dict, dict]:
    """The hook's answer, validated whole (CDS Hooks schema, FHIR, CRD's invariants), and each card by its order."""
    response = client.post(url, json=body)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    extensions = check_response(answer)
    return answer, extensions


def needs_review() -> dict:
    """The guide-based order-sign call, its 0592T order naming no performer: the credential is not known."""
    body = load("order-sign-a015.json")
    del body["context"]["draftOrders"]["entry"][0]["resource"]["performer"]
    return body


def smart_links(card: dict) -> list[dict]:
    return [link for link in card.get("links", []) if link["type"] == "smart"]


def test_without_the_setting_no_card_carries_a_smart_link(tmp_path, migrated_sqlite):
    client = client_with(tmp_path, migrated_sqlite)
    answer, extensions = answered(client, ORDER_SIGN, needs_review())
    assert parts(extensions["coach-follow-up"], "questionnaire") == [QUESTIONNAIRE]  # DTR is still named
    assert all(smart_links(card) == [] for card in answer["cards"])


def test_with_the_setting_each_card_naming_a_questionnaire_links_the_dtr_app(tmp_path, migrated_sqlite):
    client = client_with(tmp_path, migrated_sqlite, DTR_LAUNCH_URL=LAUNCH)
    answer, extensions = answered(client, ORDER_SIGN, needs_review())
    named = {order_id: parts(extension, "questionnaire") for order_id, extension in extensions.items()}
    assert named == {"coach-follow-up": [QUESTIONNAIRE], "peer-support": []}  # the peer support order is covered
    follow_up, peer_support = answer["cards"]
    (link,) = smart_links(follow_up)
    assert link["url"] == LAUNCH and link["label"] == "Answer the A015 questions in DTR"
    assert json.loads(link["appContext"]) == {"questionnaire": [QUESTIONNAIRE], "order": ["ServiceRequest/coach-follow-up"],
                                              "coverage": ["Coverage/COV1"]}
    assert follow_up["links"][0] == link  # the first thing to do
    assert smart_links(peer_support) == []  # a likely covered answer names no questionnaire, so no DTR to launch


def test_a_card_that_could_not_judge_without_the_state_links_the_dtr_app_too(tmp_path, migrated_sqlite):
    client = client_with(tmp_path, migrated_sqlite, DTR_LAUNCH_URL=LAUNCH)
    body = load("appointment-book-a015.json")
    body["prefetch"] = {"coverage": body["prefetch"]["coverage"]}  # no performer: no state
    answer, extensions = answered(client, APPOINTMENT_BOOK, body)
    (extension,) = extensions.values()
    (card,) = answer["cards"]
    (link,) = smart_links(card)
    context = json.loads(link["appContext"])
    assert context["questionnaire"] == parts(extension, "questionnaire")
    assert context["order"] == ["Appointment/coach-initial"]


def test_an_app_context_on_an_absolute_link_is_not_valid_cds_hooks():
    card = {"summary": "x", "indicator": "info", "source": {"label": "x"},
            "links": [{"label": "x", "url": LAUNCH, "type": "absolute", "appContext": "{}"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"cards": [card]}, RESPONSE_SCHEMA)
    card["links"][0]["type"] = "smart"
    jsonschema.validate({"cards": [card]}, RESPONSE_SCHEMA)


@pytest.mark.parametrize("url", ["http://dtr.example.org/launch", "ftp://dtr.example.org/launch", "https://",
                                 "https://user:pw@dtr.example.org/launch", "https://dtr.example.org/launch?x=1",
                                 "https://dtr.example.org/launch#top", "https://dtr.example.org/a b", "dtr.example.org"])
def test_a_launch_url_that_is_not_a_plain_https_address_stops_start_up(tmp_path, url):
    from app.security import InsecureConfiguration
    with pytest.raises(InsecureConfiguration, match="DTR_LAUNCH_URL"):
        make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", DTR_LAUNCH_URL=url)


@pytest.mark.parametrize("url", [LAUNCH, "http://localhost:9000/launch", "http://127.0.0.1/launch", " "])
def test_an_https_launch_url_or_one_on_this_machine_is_taken(tmp_path, url):
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", DTR_LAUNCH_URL=url)
    assert app.config["DTR_LAUNCH_URL"] == url.strip()
