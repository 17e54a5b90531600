"""An office may type an ICD-10-CM code on the diagnosis question: it is checked, named and classified,
it may stand for the choice or must agree with it, and the policy itself names no codes."""
from wizard_html import parse
from wizard_paths import COACHING_FOLLOW_UP, answers, at, start, walk


def test_an_office_sees_the_code_box_and_a_member_does_not(client):
    start(client, "provider")
    page = parse(client.get(at(client) + "/diagnosis").data)
    assert page.find("input", id="diagnosis_code") is not None
    assert "A015 itself names no diagnosis codes" in page.text()
    start(client, "member")
    assert parse(client.get(at(client) + "/diagnosis").data).find("input", id="diagnosis_code") is None


def test_a_code_alone_stands_for_the_diagnosis_and_is_kept_and_named(client):
    start(client, "provider")
    response = client.post(at(client) + "/diagnosis", data={"diagnosis_code": "f32.9"})
    assert response.status_code == 302
    kept = answers(client)
    assert kept["diagnosis"] == "mental_health" and kept["diagnosis_code"] == "F32.9"
    walk(client, COACHING_FOLLOW_UP[1:])
    summary = parse(client.get(at(client) + "/answers").data).find("dl", class_="summary-list").text()
    assert "ICD-10-CM F32.9: Major depressive disorder, single episode, unspecified" in summary


def test_a_substance_use_code_gives_a_substance_use_diagnosis(client):
    start(client, "provider")
    client.post(at(client) + "/diagnosis", data={"diagnosis_code": "F10.20"})
    assert answers(client)["diagnosis"] == "substance_use"


def test_a_code_that_contradicts_the_choice_is_refused_with_a_message(client):
    start(client, "provider")
    response = client.post(at(client) + "/diagnosis", data={"diagnosis": "none", "diagnosis_code": "F32.9"})
    assert response.status_code == 303  # refused: shown again, once, by Post/Redirect/Get
    page = parse(client.get(response.headers["Location"]).data)
    error = page.find("p", id="diagnosis_code-error")
    assert error is not None and "F32.9" in error.text()
    assert "diagnosis" not in answers(client)


def test_a_code_that_is_not_real_is_refused_and_nothing_is_stored(client):
    start(client, "provider")
    response = client.post(at(client) + "/diagnosis", data={"diagnosis": "mental_health", "diagnosis_code": "ZZZ.99"})
    assert response.status_code == 303
    page = parse(client.get(response.headers["Location"]).data)
    assert page.find("p", id="diagnosis_code-error") is not None
    assert page.find("title").text().startswith("Error:")
    assert "diagnosis" not in answers(client)


def test_choosing_again_without_a_code_forgets_the_old_code(client):
    start(client, "provider")
    client.post(at(client) + "/diagnosis", data={"diagnosis_code": "F32.9"})
    client.post(at(client) + "/diagnosis", data={"diagnosis": "both"})
    kept = answers(client)
    assert kept["diagnosis"] == "both" and "diagnosis_code" not in kept
