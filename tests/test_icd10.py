"""ICD-10-CM codes: real or not, billable or not, named, and grouped as the policy's two kinds of disorder."""
from pathlib import Path

import pytest

from app.coverage import icd10
from app.coverage.icd10 import DiagnosisCodeError, diagnosis_of, look_up, reconcile


def test_the_release_named_is_the_one_installed():
    import simple_icd_10_cm
    data = Path(simple_icd_10_cm.__file__).parent / "data"
    assert any(icd10.RELEASE_FILE_MONTH in f.name for f in data.iterdir())
    assert icd10.RELEASE_FILE_MONTH.replace("-1-", " 1, ").replace("-", " ") in icd10.ICD10_RELEASE


@pytest.mark.parametrize("typed, code, kind", [
    ("F10.20", "F10.20", "substance_use"),
    ("f1020", "F10.20", "substance_use"),
    (" F19.10 ", "F19.10", "substance_use"),
    ("F32.9", "F32.9", "mental_health"),
    ("F01.50", "F01.50", "mental_health"),
    ("F99", "F99", "mental_health"),
    ("F09", "F09", "mental_health"),
    ("E11.9", "E11.9", "unknown"),
    ("Z00.00", "Z00.00", "unknown"),
    ("R45.851", "R45.851", "unknown"),
    ("T40.1X1A", "T40.1X1A", "unknown"),
    ("Z71.41", "Z71.41", "unknown"),
    ("O99.310", "O99.310", "substance_use"),
    ("O99.324", "O99.324", "substance_use"),
    ("O99.335", "O99.335", "substance_use"),
    ("O99.341", "O99.341", "mental_health"),
    ("O99.350", "O99.350", "unknown"),
    ("F10", "F10", "not_billable"),
    ("F32", "F32", "not_billable"),
    ("X99.99", "X99.99", "invalid"),
    ("F10-F19", "F10-F19", "invalid"),
    ("hello", "HELLO", "invalid"),
    ("", "", "invalid"),
    ("F32.", "F32", "not_billable"),  # a dot with nothing after it, where the code prints one
    ("F3.2", "F3.2", "invalid"),  # a dot in the wrong place is a mistyped code, never moved to make F32
    ("F32.9.", "F32.9.", "invalid"),
    ("F1.020", "F1.020", "invalid"),
])
def test_each_code_is_read_as_its_kind(typed, code, kind):
    found = look_up(typed)
    assert (found.code, found.kind) == (code, kind)
    assert found.code in found.note() or kind == "invalid"


def test_a_category_still_says_its_group_though_it_is_not_billable():
    found = look_up("F10")
    assert found.valid and not found.billable and found.diagnosis == "substance_use"
    assert "not a billable code" in found.note()


def test_a_name_comes_from_the_release():
    assert look_up("F41.1").name == "Generalized anxiety disorder"


@pytest.mark.parametrize("codes, diagnosis", [
    (["F32.9"], "mental_health"),
    (["F10.20"], "substance_use"),
    (["F32.9", "F10.20"], "both"),
    (["E11.9"], "unknown"),
    (["Z00.00", "R45.851"], "unknown"),
    (["E11.9", "F32.9"], "mental_health"),
    (["O99.320", "O99.340"], "both"),
    (["X99.99"], "unknown"),
    ([], "unknown"),
])
def test_several_codes_give_one_diagnosis_answer(codes, diagnosis):
    assert diagnosis_of(codes)[0] == diagnosis


@pytest.mark.parametrize("code, given, answer", [
    ("F32.9", None, "mental_health"),
    ("F32.9", "mental_health", "mental_health"),
    ("F32.9", "both", "both"),
    ("F32.9", "unknown", "mental_health"),
    ("F10.20", "substance_use", "substance_use"),
    ("Z00.00", "none", "none"),
    ("Z00.00", None, "unknown"),
    ("Z00.00", "unknown", "unknown"),
    ("Z00.00", "mental_health", "mental_health"),
    ("R45.851", "both", "both"),
    ("T40.1X1A", "substance_use", "substance_use"),
    ("O99.310", None, "substance_use"),
])
def test_a_code_agrees_with_the_diagnosis_answer(code, given, answer):
    assert reconcile(code, given)[0] == answer


@pytest.mark.parametrize("code, given, words", [
    ("F32.9", "substance_use", "does not agree"),
    ("F10.20", "none", "does not agree"),
    ("O99.340", "none", "does not agree"),
    ("X99.99", None, "not an ICD-10-CM code"),
    (42, None, "Enter an ICD-10-CM code"),
    ("  ", None, "Enter an ICD-10-CM code"),
])
def test_a_bad_or_contradicting_code_is_said_as_such(code, given, words):
    with pytest.raises(DiagnosisCodeError, match=words):
        reconcile(code, given)


def test_the_policy_names_no_codes_and_the_texts_say_so():
    import re
    from app.coverage.policy import default_policy_path
    assert "A015 names no diagnosis codes" in icd10.POLICY_NAMES_NO_CODES
    # the policy's own words hold no ICD-10-CM code: the grouping is ours, and the note says so
    assert not re.search(r"\b[A-TV-Z][0-9]{2}\.[0-9A-Z]", Path(default_policy_path()).read_text())


def test_each_group_outside_chapter_5_stands_in_the_release_under_its_title():
    import simple_icd_10_cm as cm
    for category, group, title in icd10.OTHER_CHAPTERS:
        assert cm.get_description(category) == title
        assert ("mental disorder" in title) == (group == "mental_health") and "complicating pregnancy" in title
        for code in [category] + cm.get_descendants(category):
            assert look_up(code).diagnosis == group
    # the grouping is this service's, and the note beside every answer names each group it adds
    for group in ("substance_use", "mental_health"):
        named = sorted(c for c, g, _title in icd10.OTHER_CHAPTERS if g == group)
        assert "-".join(dict.fromkeys([named[0], named[-1]])) in icd10.POLICY_NAMES_NO_CODES
        assert "-".join(dict.fromkeys([named[0], named[-1]])) in icd10.NOTES[group]


def test_a_code_in_neither_group_alone_says_the_diagnosis_is_not_known_and_that_the_policy_names_no_codes():
    found = look_up("Z00.00")
    assert found.valid and found.diagnosis == "unknown"
    note = found.note()
    assert "not one of those read as a mental health or substance use disorder" in note
    assert "the policy names no codes" in note and "neither a mental health" not in note
