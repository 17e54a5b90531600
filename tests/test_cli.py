"""The command line: `check` for one set of answers and `decision-table` for all of them."""
import csv
import datetime as dt
import io
import json

ARGS = ["check", "--diagnosis", "substance_use", "--service", "peer_support", "--credential", "certified_peer",
        "--state", "tx", "--setting", "outpatient", "--minutes", "60", "--delivery", "in_person",
        "--date-of-service", "2023-06-01"]


def test_check_prints_the_outcome_reasons_and_codes(runner):
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("LIKELY COVERED (likely_covered)")
    assert "H0038" in result.output and "4 unit(s)" in result.output
    assert "“Cigna covers outpatient behavioral health coaching and peer support services”" in result.output


def test_check_prints_json(runner):
    result = runner.invoke(args=ARGS + ["--json"])
    body = json.loads(result.output)
    assert body["outcome"] == "likely_covered" and body["codes"][0]["units"] == 4


def test_check_names_a_bad_answer_and_exits_2(runner):
    result = runner.invoke(args=ARGS[:-2] + ["--date-of-service", "2023-02-30"])
    assert result.exit_code == 2
    assert "date_of_service" in result.output


def test_check_refuses_a_value_outside_the_list(runner):
    result = runner.invoke(args=["check", "--diagnosis", "flu", "--service", "coaching", "--credential", "none",
                                 "--state", "NY"])
    assert result.exit_code == 2


def test_check_lists_what_would_change(runner):
    to_come = (dt.date.today() + dt.timedelta(days=30)).isoformat()  # a visit to come: its length is a choice
    result = runner.invoke(args=[a if a != "60" else "10" for a in ARGS[:-1]] + [to_come])
    assert "NEEDS REVIEW" in result.output and "What would change the answer" in result.output
    assert "Likely covered if the session lasts at least 15 minutes." in result.output


def test_check_of_a_visit_that_has_taken_place_offers_no_other_length(runner):
    result = runner.invoke(args=[a if a != "60" else "10" for a in ARGS])  # ten minutes on 2023-06-01
    assert "NEEDS REVIEW" in result.output and "lasts at least 15 minutes" not in result.output


def test_check_says_when_no_choice_would_change_the_answer(runner):
    result = runner.invoke(args=ARGS[:-2] + ["--date-of-service", "2023-01-01"])
    assert "NEEDS REVIEW" in result.output and "No change of a choice" in result.output


def test_check_says_the_policys_age_under_the_outcome(runner):
    result = runner.invoke(args=ARGS[:-2] + ["--date-of-service", "2025-01-01"])
    assert result.output.splitlines()[1].startswith("Determined under the 2023-04-15 version of A015")


def test_decision_table_lists_every_combination_with_its_outcome(runner, policy):
    from app.coverage.space import answer_space
    result = runner.invoke(args=["decision-table"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == sum(1 for _ in answer_space(policy))
    assert {r["outcome"] for r in rows} == {"likely_covered", "likely_not_covered", "needs_review"}
    assert all(r["statuses"].count("=") == 7 for r in rows)
