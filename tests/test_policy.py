"""The policy data: every sentence and every quote stands verbatim in the source; bad files stop start-up."""
import re
from pathlib import Path

import pytest
import yaml

from app import create_app
from app.coverage.policy import YAML_LOADER, PolicyError, default_policy_path, load_policy
from verbatim import SOURCE, SOURCE_COPY, normalise, source_path, source_text, stands_verbatim


def test_the_copy_beside_the_tests_is_the_published_conversion():
    if not SOURCE.exists():
        pytest.skip("the published conversion is not beside this checkout")
    assert SOURCE_COPY.read_bytes() == SOURCE.read_bytes()


def test_every_policy_file_reads_the_same_through_libyaml_as_through_pyyaml():
    tests_data = Path(__file__).resolve().parent / "data"
    files = sorted(default_policy_path().parent.glob("*.yaml")) + sorted(tests_data.glob("a015-*/*.yaml"))
    assert len(files) >= 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=YAML_LOADER) == yaml.load(text, Loader=yaml.SafeLoader), path


def test_every_sentence_stands_verbatim_in_the_source(policy):
    missing = [s.anchor for s in policy.sentences.values() if not stands_verbatim(s.text)]
    assert missing == []


def test_header_labels_stand_in_the_source(policy):
    for field in policy.header:
        assert stands_verbatim(field.label) and stands_verbatim(field.text)


def test_every_citation_stands_verbatim_in_the_source(policy):
    for key, citations in policy.citations.items():
        for citation in citations:
            assert stands_verbatim(citation.quote), key
            assert citation.quote in policy.sentences[citation.anchor].text


def test_listed_codes_are_printed_as_in_the_source(policy):
    for code in policy.codes:
        printed = f"{code.code} {code.descriptor}"
        assert stands_verbatim(printed) == code.listed, code.code


def test_the_group_code_is_kept_as_not_listed(policy):
    group = policy.code("0593T")
    assert not group.listed and group.descriptor_source
    assert "0593T" not in source_text()


def _document_text(policy) -> str:
    """The data's wording in reading order, paragraphs as runs of sentences, code rows as printed."""
    parts = []

    def walk(section):
        parts.append(section.heading)
        for block in section.blocks:
            if block.kind == "codes":
                parts.append(block.heading)
                parts.extend(f"{c.code} {c.descriptor}" for c in policy.codes if c.system == block.system and c.listed)
            else:
                parts.extend(s.text for s in block.sentences)
        for sub in section.subsections:
            walk(sub)

    for section in policy.sections:
        walk(section)
    return " ".join(parts)


def test_the_data_holds_every_line_of_the_policy(policy):
    source = source_path().read_text(encoding="utf-8")
    body = source.split("Related Coverage Resources", 1)[1]
    held = _document_text(policy)
    skipped = {"PURPOSE", "Description"}
    for line in body.splitlines():
        line = normalise(re.sub(r"^(- |\d+\. )", "", line.strip())).replace(" Description", "")
        if line and line not in skipped:
            assert line in held, line[:80]

def test_dates_and_identity(policy):
    assert (policy.id, policy.effective_date.isoformat(), policy.next_review_date.isoformat()) == \
        ("A015", "2023-04-15", "2024-04-15")
    assert policy.title == "Behavioral Health Coaching and Peer Support Services"
    assert stands_verbatim(policy.title)


def test_anchors_are_unique_and_url_safe(policy):
    anchors = [s.anchor for s in policy.sentences.values()]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[A-Za-z0-9-]+", a) for a in anchors)


def _write_broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(default_policy_path().read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, field", [
    (lambda d: d.pop("effective_date"), "effective_date"),
    (lambda d: d.update(next_review_date="2023-02-30"), "next_review_date"),
    (lambda d: d["codes"][0].update(system="ICD"), "codes[0].system"),
    (lambda d: d["codes"][1].pop("descriptor"), "codes[1].descriptor"),
    (lambda d: d["citations"]["diagnosis"][0].update(quote="for everyone"), "citations.diagnosis[0].quote"),
    (lambda d: d["citations"]["service"][0].update(anchor="nowhere"), "citations.service[0].anchor"),
    (lambda d: d["sections"][1]["blocks"][0]["paragraph"][0].pop("text"), "sections[1].blocks[0].paragraph[0].text"),
    (lambda d: d["sections"][2]["blocks"][0].update(table=[]), "sections[2].blocks[0]"),
    # a code's conditions are quoted in its descriptor's words, each found at load
    (lambda d: d["codes"][0].update(descriptor="Health and well-being coaching; individual, initial assessment"),
     "codes[0].descriptor"),
    (lambda d: d["codes"][1].update(descriptor="Health and well-being coaching face-to-face; follow-up session, at least 30 mins"),
     "codes[1].descriptor"),
    (lambda d: d["codes"][1].update(session="initial"), "codes[1].descriptor"),
    (lambda d: d["codes"][1].update(min_minutes=45), "codes[1].descriptor"),
    # every citation a rule quotes must be in the file
    (lambda d: d["citations"].pop("peer_background"), "citations.peer_background"),
])
def test_a_malformed_file_names_the_file_and_the_field(tmp_path, change, field):
    path = _write_broken(tmp_path, change)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(path) in str(caught.value) and field in str(caught.value)


def test_a_codes_descriptor_words_are_those_the_data_file_sets(policy):
    assert dict(policy.code("0592T").words) == {"face_to_face": "face-to-face", "individual": "individual",
                                                "session": "follow-up session", "minimum": "at least 30 mins"}
    assert dict(policy.code("H0038").words) == {"unit": "per 15 minutes"}


def test_a_code_row_is_quoted_only_in_words_it_has_and_only_when_the_policy_prints_it(policy):
    from app.coverage.policy import MINIMUM, UNIT
    assert policy.cite_code(policy.code("0592T"), MINIMUM).quote == "at least 30 mins"
    assert policy.cite_code(policy.code("H0038")).quote == policy.code("H0038").descriptor
    with pytest.raises(PolicyError, match=r"2023-04-15\.yaml: codes\.0591T: sets no minimum"):
        policy.cite_code(policy.code("0591T"), MINIMUM)
    with pytest.raises(PolicyError, match=r"codes\.0592T: sets no unit"):
        policy.cite_code(policy.code("0592T"), UNIT)
    with pytest.raises(PolicyError, match=r"codes\.0593T: is not printed in the policy"):
        policy.cite_code(policy.code("0593T"))


def test_every_quote_a_rule_makes_stands_in_the_policy(policy):
    # the rules quote the file's citations by key and the code rows by their words: each is there, verbatim
    from app.coverage.rules import QUOTED, RULES, CodeWords, notices, rules_in
    assert QUOTED <= set(policy.citations)
    for rule in (*RULES.values(), *rules_in(notices)):
        for cite in rule.cites:
            if isinstance(cite, CodeWords):
                for code in policy.codes:
                    if code.listed and (cite.term is None or code.says(cite.term)):
                        assert stands_verbatim(policy.cite_code(code, cite.term).quote), (rule.key, code.code)


def test_a_file_that_is_not_yaml_is_named(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(PolicyError, match="bad.yaml: file: is not valid YAML"):
        load_policy(path)


def test_a_malformed_policy_stops_start_up(tmp_path, capsys):
    path = _write_broken(tmp_path, lambda d: d.pop("title"))
    with pytest.raises(PolicyError):
        create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "POLICY_PATH": str(path),
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "broken.yaml: policy.title" in capsys.readouterr().err
