"""The engine against the case tables in tests/cases/, and its own promises."""
import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml

from app.coverage.answers import parse_answers
from app.coverage.engine import LIKELY_COVERED, Determination, assess, evaluate
from app.coverage.rules import MODULES, rules_in

CASES_DIR = Path(__file__).parent / "cases"
BASES = yaml.safe_load((CASES_DIR / "bases.yaml").read_text(encoding="utf-8"))["bases"]
PEER, COACHING = BASES["peer"], BASES["coaching"]


def _cases(path: Path) -> list[dict]:
    """A file's cases, each with its answers merged over its base and the name of the file it stands in."""
    return [{**case, "file": path.stem, "answers": {**BASES.get(case.get("base"), {}), **(case.get("answers") or {})}}
            for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]


# a015.yaml for the determination as a whole; one file per criterion, named as its module in app/coverage/rules/
CASES = [case for path in sorted(CASES_DIR.glob("*.yaml")) if path.stem != "bases" for case in _cases(path)]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case, policy):
    # `today`, the day the check is made, where the case turns on whether the visit has taken place
    today = dt.date.fromisoformat(case["today"]) if "today" in case else None
    result = evaluate(parse_answers(case["answers"]), policy, today=today)
    assert result.outcome == case["outcome"]
    statuses = {r.id: r.status for r in result.reasons}
    for reason, status in case.get("reasons", {}).items():
        assert statuses[reason] == status, reason
    if "codes" in case:
        shown = [c.to_dict() for c in result.codes]
        assert [c["code"] for c in shown] == [c["code"] for c in case["codes"]]
        for got, want in zip(shown, case["codes"]):
            for key, value in want.items():
                assert got[key] == value, (got["code"], key)
    if "warnings" in case:
        assert [w.id for w in result.warnings] == case["warnings"]
    if "policy_age" in case:
        assert (result.policy_age is not None) == case["policy_age"]
    if "changes" in case:
        assert [c.to_dict()["changes"] for c in result.what_would_change] == case["changes"]


def test_the_case_table_has_at_least_forty_cases_with_distinct_names():
    names = [c["name"] for c in CASES]
    assert len(names) >= 40
    assert len(set(names)) == len(names)


def test_the_case_table_covers_every_outcome():
    assert {c["outcome"] for c in CASES} == {"likely_covered", "likely_not_covered", "needs_review"}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_every_rule_of_a_criterion_has_a_case_in_the_file_named_after_it(module, policy):
    # rules/credential.py and tests/cases/credential.yaml: a rule and its cases at mirrored paths
    criterion = module.__name__.rsplit(".", 1)[1]
    cases = [c for c in CASES if c["file"] == criterion]
    reached = {f.key for c in cases for f in assess(parse_answers(c["answers"]), policy)[1] if f.reason == criterion}
    assert cases and {rule.key for rule in rules_in(module)} - reached == set()


def test_every_reason_is_given_once_in_a_fixed_order(policy):
    result = evaluate(parse_answers(PEER), policy)
    assert [r.id for r in result.reasons] == ["diagnosis", "service", "credential", "setting", "delivery",
                                              "code", "date_of_service"]


def test_what_would_change_is_empty_when_likely_covered(policy):
    result = evaluate(parse_answers(PEER), policy)
    assert result.outcome == LIKELY_COVERED
    assert result.what_would_change == ()


def _values_to_try(name, values):
    # minutes are a minimum: the threshold itself, a little over it and the longest session
    return sorted({min(values), min(values) + 7, 480}) if name == "minutes" else values


@pytest.mark.parametrize("case", [c for c in CASES if c["outcome"] != "likely_covered"],
                         ids=lambda c: c["name"])
def test_every_change_offered_does_turn_the_outcome_to_likely_covered(case, policy):
    answers = parse_answers(case["answers"])
    result = evaluate(answers, policy)
    for way in result.what_would_change:
        names = [name for name, _values, _kind in way.fields]
        for values in itertools.product(*(_values_to_try(n, v) for n, v, _kind in way.fields)):
            changed = answers.changed(**dict(zip(names, values)))
            assert assess(changed, policy)[0] == LIKELY_COVERED, (names, values)
        assert way.text


@pytest.mark.parametrize("case", [c for c in CASES if c["outcome"] != "likely_covered"],
                         ids=lambda c: c["name"])
def test_a_way_is_offered_unless_a_fact_of_the_visit_decides(case, policy):
    answers = parse_answers(case["answers"])
    result = evaluate(answers, policy)
    decided_by_a_fact = answers.diagnosis == "none" or answers.date_of_service < policy.effective_date
    assert bool(result.what_would_change) != decided_by_a_fact


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_no_way_changes_a_fact_of_the_visit(case, policy):
    answers = parse_answers(case["answers"])
    for way in evaluate(answers, policy).what_would_change:
        for name, _values, kind in way.fields:
            assert name != "date_of_service"
            if name in ("diagnosis", "session"):
                assert getattr(answers, name) in (None, "unknown") and kind == "confirm"


def test_what_would_change_names_the_fewest_answers(policy):
    answers = parse_answers({"diagnosis": "unknown", "service": "peer_support", "credential": "certified_peer",
                             "state": "OH", "setting": "outpatient", "delivery": "in_person", "minutes": 60})
    (way,) = evaluate(answers, policy).what_would_change
    assert way.fields == (("diagnosis", ("mental_health", "substance_use", "both"), "confirm"),)
    # the policy says "for individuals with mental health or substance use disorders": not who finds one
    assert way.text == "It would likely be covered if you find out that you have a mental health or substance use disorder."


def test_what_would_change_is_said_in_each_register(policy):
    answers = {**COACHING, "delivery": "telehealth"}
    plain = evaluate(parse_answers(answers), policy).what_would_change[0].text
    technical = evaluate(parse_answers({**answers, "audience": "provider"}), policy).what_would_change[0].text
    assert plain == "It would likely be covered if the visit is in person."
    assert technical == "Likely covered if the service is face-to-face (in person)."


def test_the_date_of_service_defaults_to_today(policy):
    answers = parse_answers({"diagnosis": "both", "service": "coaching", "credential": "nbhwc", "state": "NY"})
    assert answers.date_of_service == dt.date.today()


@pytest.mark.parametrize("audience", ["member", "provider", "agent"])
def test_texts_follow_the_audience_register(audience, policy):
    answers = parse_answers({**PEER, "audience": audience})
    texts = " ".join(r.text for r in evaluate(answers, policy).reasons)
    # a provider office reads the codes; a member or a caller reads plain words
    assert ("H0038" in texts) == (audience == "provider")


def test_the_disclaimer_quotes_that_the_benefit_plan_always_supersedes(policy):
    result = evaluate(parse_answers(PEER), policy)
    assert "always supersedes" in result.disclaimer["citation"]["quote"]
    assert result.disclaimer["citation"]["anchor"] == "purpose-plan-supersedes"


def test_the_policy_summary_has_iso_dates(policy):
    result = evaluate(parse_answers(PEER), policy)
    assert result.policy == {"id": "A015", "title": "Behavioral Health Coaching and Peer Support Services",
                             "version": "2023-04-15", "effective_date": "2023-04-15",
                             "next_review_date": "2024-04-15"}


def test_texts_can_be_translated(policy):
    result = evaluate(parse_answers(PEER), policy, gettext=lambda m: "«" + m + "»")
    assert all(r.text.startswith("«") for r in result.reasons)
    assert result.disclaimer["text"].startswith("«")


APP = Path(__file__).parent.parent / "app"
# the FHIR mapping beside the CDS Hooks service: plain Python, as the engine is
FHIR_MAPPING = ("app.crd.fhir_answers", "app.crd.fhir_credentials", "app.crd.fhir_resources", "app.crd.code_systems")
WEB = ("flask", "flask_babel", "flask_wtf", "flask_sqlalchemy", "flask_limiter", "werkzeug")


def _modules(package: Path, prefix: str) -> list[str]:
    return sorted(f"{prefix}.{path.relative_to(package).with_suffix('').as_posix().replace('/', '.')}"
                  .removesuffix(".__init__") for path in package.rglob("*.py"))


def _imported_web_modules(modules) -> list[str]:
    """The web modules in sys.modules after importing `modules` in a fresh interpreter."""
    import json
    import subprocess
    import sys
    script = (f"import importlib, json, sys\nfor name in {list(modules)!r}: importlib.import_module(name)\n"
              f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {list(WEB)!r})))")
    done = subprocess.run([sys.executable, "-c", script], cwd=APP.parent, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_engine_imports_no_flask():
    modules = _modules(APP / "coverage", "app.coverage")
    assert "app.coverage.engine" in modules and "app.coverage.icd10" in modules
    assert _imported_web_modules(modules) == []


def test_the_fhir_mapping_imports_no_flask():
    assert _imported_web_modules(FHIR_MAPPING) == []


def test_the_check_of_flask_free_imports_can_fail():
    # the same check, on a module that does import Flask, finds it
    assert "flask" in _imported_web_modules(["app.crd.routes"])


@pytest.mark.parametrize("case", CASES[::7], ids=lambda c: c["name"])
def test_a_determination_comes_back_whole_from_its_dict(case, policy):
    import json
    result = evaluate(parse_answers(case["answers"]), policy)
    again = Determination.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again.to_dict() == result.to_dict()


def test_the_answers_as_a_dict_hold_every_answer_and_the_date_as_written():
    import dataclasses
    answers = parse_answers({**PEER, "date_of_service": "2023-04-15", "minutes": 45})
    data = answers.to_dict()
    assert list(data) == [f.name for f in dataclasses.fields(answers)]
    assert data["date_of_service"] == "2023-04-15" and data["minutes"] == 45
    assert parse_answers(data) == answers


def test_dates_are_written_out_in_the_readers_language_when_it_is_named(policy):
    answers = parse_answers({**PEER, "date_of_service": "2023-04-15"})
    (date_reason,) = [r for r in evaluate(answers, policy, language="en").reasons if r.id == "date_of_service"]
    assert date_reason.text == "The visit is on or after April 15, 2023, the date the policy took effect."
    provider = answers.changed(audience="provider")
    (date_reason,) = [r for r in evaluate(provider, policy, language="en").reasons if r.id == "date_of_service"]
    assert "April 15, 2023" in date_reason.text
    (date_reason,) = [r for r in evaluate(provider, policy).reasons if r.id == "date_of_service"]
    assert "2023-04-15" in date_reason.text


def test_a_codes_minimum_is_said_as_the_version_in_effect_sets_it(policy):
    # a later version (for the tests only) raises 0592T's minimum to 45 minutes: the texts follow the data
    from pathlib import Path
    from app.coverage.policy import load_policy
    later = load_policy(Path(__file__).parent / "data" / "a015-test-version" / "2025-01-01.yaml")
    answers = parse_answers({**COACHING, "minutes": 40, "date_of_service": "2025-06-01"})
    for register in ("member", "provider"):
        (code,) = [r for r in evaluate(answers.changed(audience=register), later).reasons if r.id == "code"]
        assert "45" in code.text and "30" not in code.text
        (code,) = [r for r in evaluate(answers.changed(audience=register), policy).reasons if r.id == "code"]
        assert "30" in code.text


def test_a_determination_saved_before_code_lines_were_judged_shows_as_it_was(policy):
    # before, a code line's "eligible" was whether the policy lists it, and there was no "listed"
    import json
    result = evaluate(parse_answers({**COACHING, "group": True, "minutes": 60}), policy).to_dict()
    saved = json.loads(json.dumps(result))
    for line in saved["codes"]:
        line["eligible"] = line.pop("listed")
    again = Determination.from_dict(saved)
    assert again.to_dict() == saved
    (line,) = again.codes
    assert line.listed is False and line.status is None and line.eligible is None


def test_a_code_line_says_listed_and_eligible_apart(policy):
    result = evaluate(parse_answers({**COACHING, "group": None}), policy).to_dict()
    assert [(c["code"], c["listed"], c["eligible"]) for c in result["codes"]] == [("0592T", True, True),
                                                                                 ("0593T", False, None)]


def test_no_change_offers_the_answer_already_given_and_each_names_its_values(policy):
    # "What would change" never says what is already true: not the current value, and never an umbrella
    # ("a certificate") that the current answer falls under; every credential is named in its own words
    from app.coverage.space import answer_space
    from app.coverage.vocabulary import said
    offered = 0
    for answers in list(answer_space(policy))[::23]:
        for audience, register in (("member", "plain"), ("provider", "technical")):
            result = evaluate(answers.changed(audience=audience), policy)
            for way in result.what_would_change:
                offered += 1
                for name, values, _kind in way.fields:
                    current = getattr(answers, name)
                    if name == "minutes":
                        assert current is None or min(values) > current, (answers, way.text)
                    else:
                        assert current not in values, (answers, way.text)
                    if name == "credential":
                        assert all(said("credential", v, register) in way.text for v in values), way.text
    assert offered > 1000


@pytest.mark.parametrize("credential", ["other_certification", "nbhwc", "certified_peer", "none"])
def test_a_certificate_change_names_the_certificates_for_this_service(credential, policy):
    for service, expected in (("coaching", "It would likely be covered if the coach has a state license, the NBC-HWC "
                                           "certificate, a CHES or MCHES certificate, or a certificate from an "
                                           "accredited coaching program."),
                              ("peer_support", "It would likely be covered if the peer support worker has a state "
                                               "license or a peer specialist certificate.")):
        base = COACHING if service == "coaching" else PEER
        answers = parse_answers({**base, "credential": credential})
        if (service, credential) in (("coaching", "nbhwc"), ("peer_support", "certified_peer")):
            assert evaluate(answers, policy).outcome == LIKELY_COVERED
            continue
        (way,) = evaluate(answers, policy).what_would_change
        assert way.text == expected
