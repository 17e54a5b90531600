"""The whole answer space: one outcome each, and every reason quoting the policy verbatim."""
import collections

import pytest

from app.coverage.answers import STATES, Answers
from app.coverage.engine import OUTCOME_ORDER, assess, evaluate
from app.coverage.space import answer_space, boundary_dates
from verbatim import stands_verbatim


@pytest.fixture(scope="module")
def space(policy):
    return [(answers, assess(answers, policy)) for answers in answer_space(policy)]


def test_every_combination_has_exactly_one_known_outcome(space):
    counts = collections.Counter(outcome for _answers, (outcome, _f, _c) in space)
    assert set(counts) == set(OUTCOME_ORDER)
    assert sum(counts.values()) == len(space) > 30_000


def test_every_reason_of_every_combination_quotes_the_policy_verbatim(space):
    seen = set()
    for _answers, (_outcome, findings, _codes) in space:
        for finding in findings:
            assert finding.citations, finding.reason
            seen.update(finding.citations)
    assert all(stands_verbatim(c.quote) for c in seen), [c for c in seen if not stands_verbatim(c.quote)]


def test_every_finding_has_a_text_in_both_registers(space):
    from app.coverage.rules import RULES
    keys = {(f.reason, f.key) for _a, (_o, findings, _c) in space for f in findings}
    assert keys == set(RULES)
    assert all(RULES[k].text.plain and RULES[k].text.technical for k in keys)


def test_likely_covered_only_when_every_criterion_is_met(space):
    for answers, (outcome, findings, _codes) in space:
        all_met = all(f.status == "met" for f in findings)
        assert (outcome == "likely_covered") == all_met, answers


def test_likely_covered_needs_a_diagnosis_a_credential_outpatient_no_telehealth_and_in_effect(space, policy):
    for answers, (outcome, _findings, _codes) in space:
        if outcome == "likely_covered":
            assert answers.diagnosis in ("mental_health", "substance_use", "both")
            assert answers.credential in ("nbhwc", "nchec", "coaching_program", "licensed", "certified_peer")
            assert answers.setting == "outpatient"
            # coaching in person, one-on-one; peer support however given (H0038 sets no face-to-face condition)
            if answers.service == "coaching":
                # one-on-one as answered: a session's name never stands for it (a group has a first session too)
                assert answers.delivery == "in_person" and answers.group is False
            assert answers.date_of_service >= policy.effective_date


def test_the_state_changes_no_outcome(space, policy):
    # A015 applies the same words in every state; a sample of the space over every state shows it
    sample = space[::97]
    for state in STATES:
        for answers, (outcome, _f, _c) in sample:
            assert assess(answers.changed(state=state), policy)[0] == outcome


def test_every_quote_a_determination_shows_stands_verbatim(space, policy):
    # the full determinations, disclaimer and warnings included, over a sample of every outcome
    by_outcome = collections.defaultdict(list)
    for answers, (outcome, _f, _c) in space:
        by_outcome[outcome].append(answers)
    for outcome, group in by_outcome.items():
        for answers in group[::211]:
            result = evaluate(answers.changed(audience="provider"), policy).to_dict()
            quotes = [c["quote"] for r in result["reasons"] for c in r["citations"]]
            quotes += [c["quote"] for w in result["warnings"] for c in w["citations"]]
            quotes.append(result["disclaimer"]["citation"]["quote"])
            assert all(stands_verbatim(q) for q in quotes)


def test_the_space_holds_both_services_and_every_boundary(policy):
    answers = list(answer_space(policy))
    assert {a.service for a in answers} == {"coaching", "peer_support"}
    assert {29, 30} <= {a.minutes for a in answers if a.service == "coaching"}
    assert {14, 15, 16} <= {a.minutes for a in answers if a.service == "peer_support"}
    assert all(isinstance(a, Answers) for a in answers)


def test_no_criterion_reads_another_criterions_answers(space, policy):
    # what_would_change searches each criterion alone: that is sound only while a criterion's
    # status depends on the service and its own answers (Finding.fields), as this proves
    from app.coverage.answers import AUDIENCES, CREDENTIALS, DELIVERIES, DIAGNOSES, SESSIONS, SETTINGS
    from app.coverage.engine import CRITERIA
    from app.coverage.space import boundary_dates
    others = {"diagnosis": DIAGNOSES, "credential": CREDENTIALS, "setting": SETTINGS + (None,),
              "delivery": DELIVERIES + (None,), "group": (True, False, None), "session": SESSIONS + (None,),
              "minutes": (None, 1, 29, 30, 50, 60), "date_of_service": boundary_dates(policy),
              "state": ("NY", "PR"), "audience": AUDIENCES}
    for answers, (_outcome, findings, _codes) in space[::41]:
        for finding in findings:
            judge = CRITERIA[finding.reason]
            for name, values in others.items():
                if name in finding.fields:
                    continue
                for value in values:
                    assert judge(answers.changed(**{name: value}), policy).status == finding.status, \
                        (finding.reason, name, value)


def test_a_criterion_reads_nothing_beyond_what_its_findings_are_kept_by(space, policy):
    # assess keeps each finding by the answers in READS: whatever else changes, the finding must not
    from app.coverage.rules.code import judge as _code
    from app.coverage.engine import CRITERIA, READS
    everything = {"diagnosis": ("both", "none"), "service": ("coaching", "peer_support"), "credential": ("nbhwc", "none"),
                  "state": ("NY", "GU"), "setting": ("outpatient", None), "group": (True, False, None),
                  "session": ("initial", None), "minutes": (None, 29, 50), "delivery": ("telehealth", None),
                  "date_of_service": boundary_dates(policy)[:2], "audience": ("member", "agent")}
    for answers, _assessed in space[::53]:
        for name, judge in CRITERIA.items():
            whole = _code(answers, policy) if name == "code" else judge(answers, policy)
            for field, values in everything.items():
                if field in READS[name]:
                    continue
                for value in values:
                    changed = answers.changed(**{field: value})
                    assert (_code(changed, policy) if name == "code" else judge(changed, policy)) == whole, (name, field)


def test_texts_kept_by_language_read_as_texts_made_afresh(space, policy):
    from app.coverage import engine
    sample = [answers.changed(audience=audience) for answers, _assessed in space[::409]
              for audience in ("member", "provider")]
    engine.clear_caches()
    fresh = [engine.evaluate(one, policy, language="en").to_dict() for one in sample]
    kept = [engine.evaluate(one, policy, language="en").to_dict() for one in sample]
    assert fresh == kept


# --- one reading of what is not known ---------------------------------------------------------
DETAIL_VALUES = {"setting": ("outpatient", "inpatient", "residential"), "session": ("initial", "follow_up"),
                 "group": (False, True), "delivery": ("in_person", "telehealth"),
                 "minutes": (1, 14, 15, 16, 29, 30, 31, 45, 480)}


def test_an_answer_left_out_reads_exactly_as_not_sure_for_every_detail(space, policy):
    # the API's answer left out, null, or "unknown", and the wizard's "I'm not sure": one determination
    from app.coverage.answers import DETAILS, parse_answers
    for answers, _assessed in space[::29]:
        raw = {k: v for k, v in answers.to_dict().items() if v is not None}
        for name in DETAILS:
            if getattr(answers, name) is not None:
                continue
            said = [parse_answers({**raw, name: how}) for how in ("unknown", None)] + [parse_answers(raw)]
            assert said[0] == said[1] == said[2]
            shown = [evaluate(one.changed(audience="provider"), policy).to_dict() for one in said]
            assert shown[0] == shown[1] == shown[2]


def test_not_sure_is_judged_as_every_answer_it_could_be(space, policy):
    # a criterion is met when every known answer meets it, not met when none does, unknown otherwise
    from app.coverage.rules import combined
    from app.coverage.engine import CRITERIA
    for answers, (_outcome, findings, _codes) in space[::13]:
        for finding in findings:
            for name in finding.fields:
                if name not in DETAIL_VALUES or getattr(answers, name) is not None:
                    continue
                each = [CRITERIA[finding.reason](answers.changed(**{name: v}), policy).status
                        for v in DETAIL_VALUES[name]]
                assert finding.status == combined(each), (finding.reason, finding.key, name, each)


def test_not_sure_of_group_and_session_is_judged_as_every_pair_they_could_be(space, policy):
    from app.coverage.rules import combined
    from app.coverage.engine import CRITERIA
    pairs = [(False, "initial"), (False, "follow_up"), (True, None)]
    for answers, (_outcome, findings, _codes) in space:
        if answers.service != "coaching" or answers.group is not None or answers.session is not None:
            continue
        (finding,) = [f for f in findings if f.reason == "code"]
        each = [CRITERIA["code"](answers.changed(group=g, session=s), policy).status for g, s in pairs]
        assert finding.status == combined(each), (answers, each)


def test_group_not_known_is_judged_as_one_on_one_and_as_a_group_whatever_the_session(space, policy):
    # a session's name does not tell that it was one-on-one: the code and the delivery are judged as both
    from app.coverage.rules import combined
    from app.coverage.engine import CRITERIA
    seen = set()
    for answers, (_outcome, findings, _codes) in space:
        if answers.service != "coaching" or answers.group is not None:
            continue
        seen.add(answers.session)
        for finding in findings:
            if finding.reason in ("code", "delivery"):
                each = [CRITERIA[finding.reason](answers.changed(group=g), policy).status for g in (False, True)]
                assert finding.status == combined(each), (answers, finding.reason, each)
    assert seen == {None, "initial", "follow_up"}


def test_coaching_with_group_not_known_is_never_likely_covered(space):
    for answers, (outcome, _findings, _codes) in space:
        if answers.service == "coaching" and answers.group is None:
            assert outcome != "likely_covered", answers


def test_every_code_lines_eligibility_agrees_with_the_code_reason(space, policy):
    # each line is the code criterion with that code's own group and session: the reason is all of them;
    # before the effective date the policy is silent, so no line is said eligible or not
    from app.coverage.rules import UNKNOWN, combined
    from app.coverage.rules.code import in_effect, judge
    for answers, (_outcome, findings, lines) in space:
        (code,) = [f for f in findings if f.reason == "code"]
        before = answers.date_of_service < policy.effective_date
        assert before or code.status == combined(line.status for line in lines), (answers, code.key)
        for line in lines:
            own = policy.code(line.code)
            fixed = answers.changed(group=own.group, session=own.session) if own.service == "coaching" else answers
            (alone,) = in_effect(judge(fixed, policy)[1], answers, policy)
            expected = None if before else {"met": True, "not_met": False}.get(judge(fixed, policy)[0].status)
            assert line.eligible is alone.eligible and alone.eligible == expected, (answers, line.code)
        if code.status == UNKNOWN and len(lines) == 1:
            assert lines[0].eligible is None  # a code needing review is never shown as ineligible


def test_a_code_line_is_eligible_only_for_the_codes_the_policy_lists(space):
    # 0593T is never true: whether an unlisted code is eligible is what note 1 leaves open
    for _answers, (_outcome, _findings, lines) in space:
        for line in lines:
            if not line.listed:
                assert line.eligible is not True, line
