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


def _refused_code_message(client, data) -> str:
    response = client.post(at(client) + "/diagnosis", data=data)
    assert response.status_code == 303
    return parse(client.get(response.headers["Location"]).data).find("p", id="diagnosis_code-error").text()


def test_a_code_that_disagrees_is_said_in_words_with_the_answer_it_points_to(client):
    start(client, "provider")
    said = _refused_code_message(client, {"diagnosis": "mental_health", "diagnosis_code": "F10.20"})
    assert "F10.20 (Alcohol dependence, uncomplicated) is a substance use disorder code" in said
    assert "the answer chosen is a mental health disorder" in said and "choose Both" in said
    assert "mental_health" not in said and "substance_use" not in said
    said = _refused_code_message(client, {"diagnosis": "none", "diagnosis_code": "F32.9"})
    assert "Choose Mental health disorder (or Both)" in said and "_" not in said


def test_a_code_that_disagrees_is_said_in_spanish_words_too(client):
    start(client, "provider")
    client.get("/?lang=es")
    said = _refused_code_message(client, {"diagnosis": "mental_health", "diagnosis_code": "F10.20"})
    assert "F10.20" in said and "mental_health" not in said and "Ambos" in said


def test_a_category_is_accepted_and_said_to_be_one_with_the_billable_codes_under_it(client):
    start(client, "provider")
    client.post(at(client) + "/diagnosis", data={"diagnosis": "mental_health", "diagnosis_code": "F32"})
    assert answers(client)["diagnosis_code"] == "F32"
    walk(client, COACHING_FOLLOW_UP[1:])
    summary = parse(client.get(at(client) + "/answers").data).find("dl", class_="summary-list").text()
    assert "F32 is a category, not a billable code" in summary and "ICD-10-CM April 1, 2026" in summary
    assert "F32.0, F32.1, F32.2, F32.3, F32.4, F32.5, F32.81, F32.89, F32.9, F32.A" in summary
    start(client, "provider")
    client.post(at(client) + "/diagnosis", data={"diagnosis_code": "F10"})
    walk(client, COACHING_FOLLOW_UP[1:])
    summary = parse(client.get(at(client) + "/answers").data).find("dl", class_="summary-list").text()
    assert "F10.10, F10.11," in summary and "and 48 more" in summary


def test_a_code_in_neither_group_beside_a_choice_is_kept_and_the_choice_stands(client):
    start(client, "provider")
    response = client.post(at(client) + "/diagnosis", data={"diagnosis": "both", "diagnosis_code": "J45.909"})
    assert response.status_code == 302
    kept = answers(client)
    assert kept["diagnosis"] == "both" and kept["diagnosis_code"] == "J45.909"


def test_a_code_in_neither_group_alone_leaves_the_diagnosis_not_known(client):
    start(client, "provider")
    response = client.post(at(client) + "/diagnosis", data={"diagnosis_code": "Z00.00"})
    assert response.status_code == 302
    assert answers(client)["diagnosis"] == "unknown"
    walk(client, COACHING_FOLLOW_UP[1:])
    summary = parse(client.get(at(client) + "/answers").data).find("dl", class_="summary-list").text()
    assert "Not known yet (ICD-10-CM Z00.00: Encounter for general adult medical examination" in summary
