"""The impact of a new version: counts checked against the whole answer space, the CLI and its errors."""
import json
from collections import Counter

import yaml

from app.coverage.engine import assess
from app.coverage.impact import compare
from app.coverage.policy import load_policy
from app.coverage.space import answer_space
from versions_fixtures import REAL_VERSION, TEST_VERSION


def _versions():
    return load_policy(REAL_VERSION), load_policy(TEST_VERSION)


def test_the_counts_equal_a_direct_count_over_the_whole_answer_space():
    old, new = _versions()
    impact = compare(old, new)
    direct = Counter()
    total = 0
    for answers in answer_space(new, dates=(new.effective_date,), also=(old,)):
        total += 1
        before, after = assess(answers, old)[0], assess(answers, new)[0]
        if before != after:
            direct[(before, after)] += 1
    assert impact.total == total
    assert {(a, b): n for a, b, n in impact.changes()} == dict(direct)
    assert impact.changed_outcomes == sum(direct.values()) > 0


def test_the_space_reaches_both_sides_of_each_versions_minimum():
    old, new = _versions()
    minutes = {a.minutes for a in answer_space(new, dates=(new.effective_date,), also=(old,))
               if a.service == "coaching"}
    assert {29, 30, 31, 44, 45, 46} <= minutes


def test_the_one_changed_criterion_is_what_changes():
    old, new = _versions()
    impact = compare(old, new)
    # only 0592T's minimum changed: follow-ups of 30 to 44 minutes are now short, nothing else moves
    for before, after, _n in impact.changes():
        for example in impact.examples[(before, after)]:
            # a follow-up, or a visit not known to be a first one (which could be a follow-up)
            assert example["session"] in ("follow_up", None) and 30 <= example["minutes"] < 45
    criteria = {r["criterion"] for r in impact.reason_changes()}
    assert criteria == {"code", "date_of_service"}  # the date's quote and 0592T's words differ too
    assert [c["anchor"] for c in impact.changed] == ["effective-date", "next-review-date", "code-0592T"]
    assert impact.added == [] and impact.removed == []
    assert ("likely_covered", "likely_not_covered") in impact.examples


def test_an_unchanged_version_changes_nothing():
    old, _ = _versions()
    impact = compare(old, old)
    assert impact.changed_outcomes == 0 and impact.reason_changes() == [] and impact.changed == []


def test_the_command_reports_the_transitions_and_the_changed_words(runner):
    result = runner.invoke(args=["policy-impact", str(REAL_VERSION), str(TEST_VERSION)])
    assert result.exit_code == 0, result.output
    impact = compare(*_versions())
    assert f"{impact.changed_outcomes:,} of {impact.total:,} answer sets change outcome." in result.output
    moved = {(before, after): n for before, after, n in impact.changes()}
    assert f"likely_covered -> likely_not_covered: {moved[('likely_covered', 'likely_not_covered')]:,}" in result.output
    assert "- “at least 30 mins”" in result.output and "+ “at least 45 mins”" in result.output
    assert "#code-0592T" in result.output


def test_the_command_prints_json(runner):
    result = runner.invoke(args=["policy-impact", str(REAL_VERSION), str(TEST_VERSION), "--json"])
    body = json.loads(result.output)
    assert body["old"]["version"] == "2023-04-15" and body["new"]["version"] == "2025-01-01"
    assert sum(t["count"] for t in body["transitions"]) == body["changed_outcomes"]
    assert body["sentences"]["changed"][-1]["new"].endswith("at least 45 mins")


def test_a_bad_file_is_named_with_its_field_before_anything_else(runner, tmp_path):
    data = yaml.safe_load(TEST_VERSION.read_text(encoding="utf-8"))
    data["next_review_date"] = "someday"
    bad = tmp_path / "2025-01-01.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = runner.invoke(args=["policy-impact", str(REAL_VERSION), str(bad)])
    assert result.exit_code == 2
    assert f"{bad}: next_review_date: must be a date written YYYY-MM-DD" in result.output
    assert "answer sets" not in result.output
    missing = runner.invoke(args=["policy-impact", str(tmp_path / "none.yaml"), str(TEST_VERSION)])
    assert missing.exit_code == 2 and "none.yaml: file: cannot be read" in missing.output
