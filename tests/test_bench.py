"""The benchmarks still run: each part on a very small count, with no timing asserted.

The figures themselves are taken by hand with `python bench/run.py` and kept in docs/benchmarks.md.
"""
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # bench/ sits beside app/ and is not installed

from bench import api, engine, load, mix, report, saves, wrk  # noqa: E402
from bench import bare_app, no_saving  # noqa: E402
from app.api import routes  # noqa: E402
from conftest import POSTGRES_URL, PUBLIC_BASE_URL, TEST_SECRET  # noqa: E402


def quiet(_message):
    pass


def test_the_engine_benchmark_runs_on_a_small_count(policy):
    result = engine.run(min_seconds=0, repeat=1, space_step=5000, policy=policy, progress=quiet)
    assert result.space_size > 30_000
    assert set(result.space_seconds) == {"generation", "assess()", "evaluate()"}
    assert [body.label for body in result.bodies] == [label for label, _body in mix.BODIES]
    text = engine.markdown(result, "python bench/run.py engine")
    assert "| assess() |" in text and "| evaluate() |" in text


def test_the_profile_of_evaluate_runs_on_a_small_sample(policy):
    result = engine.profile(step=5000, repeat=1, policy=policy)
    assert result.answers == sum(count for count, _seconds in result.by_unmet.values())
    assert "evaluate" in engine.profile_markdown(result, "python bench/run.py profile")
    assert engine.evaluate.__module__ == "app.coverage.engine"  # what the profile replaced is back
    assert engine.engine.what_would_change.__name__ == "what_would_change"


def test_the_mix_has_every_outcome_and_only_bodies_the_api_accepts(client):
    outcomes = set()
    for request in api.determination_requests(mix.BODIES):
        response = client.post(request.path, data=request.body, content_type=request.content_type)
        assert response.status_code == 200, (request.body, response.get_json())
        outcomes.add(response.get_json()["outcome"])
    assert outcomes == {"likely_covered", "likely_not_covered", "needs_review"}


def test_the_bare_app_answers_a_constant_determination():
    response = bare_app.app.test_client().post(api.PATH, json=mix.BODIES[0][1])
    assert response.status_code == 200
    assert response.get_json() == bare_app.ANSWER


def test_a_request_for_wrk_must_fit_on_one_line():
    assert wrk.Request("POST", "/a", '{"b":1}', "application/json").line() == "POST\t/a\tapplication/json\t\t{\"b\":1}"
    with pytest.raises(ValueError):
        wrk.Request("POST", "/a", "one\ntwo").line()


def test_load_is_never_sent_off_this_machine():
    with pytest.raises(ValueError):
        wrk.run_wrk("http://192.168.1.10:80", [wrk.Request("GET", "/")], connections=1, seconds=1)


def test_writing_a_section_replaces_only_that_section(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nWritten by hand.\n")
    report.update("engine", "The engine", "first", doc)
    report.update("api", "The API", "second", doc)
    report.update("engine", "The engine", "third", doc)
    text = doc.read_text()
    assert "Written by hand." in text and "third" in text and "second" in text and "first" not in text
    assert text.count("## The engine") == 1


def test_the_api_without_saving_answers_as_it_does_when_nothing_can_be_saved(monkeypatch, tmp_path, migrated_sqlite):
    monkeypatch.setattr(routes, "save_determination", routes.save_determination)  # whatever the factory replaces is put back after
    shutil.copy(migrated_sqlite, tmp_path / "none.sqlite")  # the schema is there, as `make run` leaves it
    app = no_saving.create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "RATELIMIT_ENABLED": False,
                                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'none.sqlite'}",
                                "PUBLIC_BASE_URL": PUBLIC_BASE_URL})
    assert routes.save_determination is no_saving.not_saved
    response = app.test_client().post(api.PATH, json=mix.BODIES[0][1])
    assert response.status_code == 200
    assert response.get_json()["reference"] is None and "reference_note" in response.get_json()


def test_the_load_test_runs_on_a_small_count_and_loses_nothing():
    """Through gunicorn on loopback: every kind of request, CSRF tokens, and the database counted."""
    weights = {"wizard": 4, load.API_POST: 2, load.API_LOOKUP: 1, load.LOOKUP_PAGE: 1}
    result = load.run(requests=150, users=4, workers=1, max_seconds=30, task_weights=weights, progress=quiet)
    assert result.requests == 150
    assert result.server_errors == 0 and not result.stats.errors and result.stats.unexpected_count == 0
    assert result.stats.wizard_checks >= 1 and result.stats.api_ok >= 1
    assert result.references and result.lost == 0 and result.rows_without_reference == 0
    assert "p99" in load.markdown([result], "python bench/run.py load")


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert [load._percentile(values, q) for q in (0.5, 0.95, 0.99)] == [50, 95, 99]
    assert load._percentile([7.0], 0.99) == 7.0


@pytest.mark.skipif(not (POSTGRES_URL and os.environ.get("TEST_POSTGRES_DATA")),
                    reason="no PostgreSQL: run through tests/with-services")
def test_the_postgresql_save_benchmark_runs_on_a_small_count_and_a_save_is_one_round_trip():
    result = saves.run(POSTGRES_URL, os.environ["TEST_POSTGRES_DATA"], saves=3, blocks=1)
    assert result["round_trips"] == [4, 1]  # pre-ping, BEGIN, INSERT, COMMIT; then the INSERT alone
    text = saves.markdown(result, "bench/saves.py")
    assert "| the pool of saves: the INSERT alone | 1 |" in text and "Insert on determinations" in text
