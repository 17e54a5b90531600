"""The DTR benchmark still runs its parts: each kind of call is answered and valid, and a tiny run through gunicorn
answers every call. No timing asserted."""
import json
import shutil

from dtr_checks import FHIR_JSON, check_package, check_response

from bench import dtr  # the project's root is on pytest's path (pyproject.toml), bench/ with it
from conftest import PUBLIC_BASE_URL, make_app


def test_every_kind_of_call_is_answered_and_valid(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "bench.sqlite")
    client = make_app(f"sqlite:///{tmp_path / 'bench.sqlite'}", DTR_JWT_REQUIRED=False).test_client()

    def post(path, body):
        response = client.post(path, data=json.dumps(body), content_type=FHIR_JSON)
        return response.status_code, response.get_json()

    found = dtr.mixes(post, PUBLIC_BASE_URL)
    assert len(found["asking"]) == len(dtr.ANSWERS)  # every question of the flow's follow-up path, one a call
    statuses = set()
    for kind, calls in found.items():
        for path, body in calls:
            status, answered = post(path, json.loads(body))
            assert status == 200
            if kind == "package":
                assert len(check_package(answered)) == 1
            else:
                response = answered["parameter"][0]["resource"]
                check_response(response)
                statuses.add((kind, response["status"]))
    assert statuses == {("asking", "in-progress"), ("completing", "completed")}


def test_a_tiny_run_through_gunicorn_answers_every_call():
    result = dtr.run(calls=2, connections=(1, 2))
    assert [(row["kind"], row["connections"]) for row in result["rows"]] == [
        (kind, count) for count in (1, 2) for kind in ("package", "asking", "completing")]
    assert all(row["not_200"] == 0 and row["server_cpu"] >= 0 for row in result["rows"])
    text = dtr.markdown(result, "python bench/dtr.py --calls 2 --connections 1 2", "0 0 0", "0 0 0")
    assert "| $next-question, completing the form | 2 |" in text and "load average after: 0 0 0" in text


def test_a_kind_whose_cpu_counted_no_tick_is_written_without_dividing_by_it():
    # /proc counts CPU in ticks of 10 ms: a few fast calls may count none
    row = dict(calls=2, seconds=0.02, p50=0.01, p90=0.01, p99=0.01, max=0.01, body=2048, not_200=0)
    result = {"rows": [dict(row, kind=kind, connections=1, server_cpu=cpu)
                       for kind, cpu in (("package", 0.01), ("asking", 0.0), ("completing", 0.01))],
              "questions": 10, "calls": 2, "connections": (1,)}
    text = dtr.markdown(result, "python bench/dtr.py --calls 2 --connections 1", "0 0 0", "0 0 0")
    assert "too few calls to count how many times" in text
