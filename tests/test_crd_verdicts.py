"""The verdict on a resource's text is kept: a resource the EHR sends again is validated once, and judged
exactly as it was the first time, its problem named where it stands in each request."""
import copy
import re
import shutil

import pytest
from conftest import make_app
from crd_checks import check_response, load

from app.crd import hook
from app.crd.hook import HookError, read_resource

REFERENCE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")  # each saved determination's own
PRACTITIONER = {"resourceType": "Practitioner", "id": "p1",
                "qualification": [{"code": {"coding": [{"system": "http://nucc.org/provider-taxonomy",
                                                        "code": "101YA0400X"}]}}]}


@pytest.fixture
def validations(monkeypatch):
    """Counts the resources fhir.resources is asked to validate, with the kept verdicts emptied first."""
    monkeypatch.setattr(hook, "_verdicts", type(hook._verdicts)(hook.VERDICTS))
    seen = []
    validate = hook._validate

    def counted(model, value, part):
        seen.append(model.__name__)
        return validate(model, value, part)
    monkeypatch.setattr(hook, "_validate", counted)
    return seen


def test_a_resource_sent_again_is_validated_once(validations):
    read_resource(copy.deepcopy(PRACTITIONER), "prefetch.practitioner")
    read_resource(copy.deepcopy(PRACTITIONER), "prefetch.practitioner")
    assert validations == ["Practitioner"]


def test_a_resource_that_differs_by_one_value_is_validated_again(validations):
    read_resource(PRACTITIONER, "prefetch.practitioner")
    read_resource({**PRACTITIONER, "id": "p2"}, "prefetch.practitioner")
    assert validations == ["Practitioner", "Practitioner"]


def test_a_kept_verdict_on_a_bad_resource_is_the_same_refusal_named_where_it_stands_now(validations):
    bad = {**PRACTITIONER, "qualification": "not a list"}
    with pytest.raises(HookError) as first:
        read_resource(bad, "prefetch.practitioner")
    with pytest.raises(HookError) as second:
        read_resource(copy.deepcopy(bad), "context.draftOrders.entry[0].resource.contained[1]")
    assert validations == ["Practitioner"]
    (where, problem), = first.value.errors.items()
    assert where == "prefetch.practitioner"
    assert second.value.errors == {"context.draftOrders.entry[0].resource.contained[1]": problem}


def test_a_part_and_the_whole_of_the_same_text_are_judged_apart(validations):
    # a Coverage is read in part (its required beneficiary may be left out), an order whole
    coverage = {"resourceType": "Coverage", "id": "c", "status": "active"}
    assert read_resource(coverage, "prefetch.coverage") is coverage
    with pytest.raises(HookError):
        hook.validate_resource(coverage, "context.draftOrders.entry[0].resource")
    assert validations == ["Coverage", "Coverage"]


def test_a_long_resource_is_validated_each_time_and_not_kept(validations):
    long = {**PRACTITIONER, "qualification": [{"code": {"text": "x" * hook.VERDICT_MAX_TEXT}}]}
    for _ in range(2):
        read_resource(long, "prefetch.practitioner")
    assert validations == ["Practitioner", "Practitioner"]
    assert len(hook._verdicts) == 0


def test_the_kept_verdicts_are_bounded(monkeypatch, validations):
    monkeypatch.setattr(hook, "_verdicts", type(hook._verdicts)(3))
    for number in range(10):
        read_resource({**PRACTITIONER, "id": f"p{number}"}, "prefetch.practitioner")
    assert len(hook._verdicts) == 3


@pytest.fixture
def client(tmp_path, migrated_sqlite):
    path = tmp_path / "crd.sqlite"
    shutil.copy(migrated_sqlite, path)
    return make_app(f"sqlite:///{path}", CRD_JWT_REQUIRED=False).test_client()


def test_the_same_hook_call_twice_validates_nothing_the_second_time_and_answers_the_same(client, validations):
    body = load("order-sign-a015.json")
    first = client.post("/cds-services/a015-order-sign", json=body)
    once = len(validations)
    second = client.post("/cds-services/a015-order-sign", json=body)
    assert first.status_code == second.status_code == 200, second.get_json()
    assert once > 0 and len(validations) == once
    for answer in (first.get_json(), second.get_json()):
        check_response(answer)
    summary = lambda answer: [(card["indicator"], REFERENCE.sub("REF", card["summary"]))  # noqa: E731
                              for card in answer["cards"]]
    assert summary(first.get_json()) == summary(second.get_json())
