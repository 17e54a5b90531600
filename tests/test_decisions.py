"""How we decide: the rules from the engine over the answer space, as a page and as CSV."""
import csv
import io
import re
from collections import Counter

import pytest

from app.coverage.decisions import decision_rules, filtered
from app.coverage.engine import assess
from app.coverage.space import answer_space
from wizard_html import parse


@pytest.fixture(scope="module")
def rules(policy):
    # worked out once for the module, as the page works them out once per worker (a second or two over the space)
    return decision_rules(policy)


def test_every_likely_covered_answer_set_stands_in_exactly_one_rule(policy, rules):
    outcomes = Counter((a.service, assess(a, policy)[0]) for a in answer_space(policy))
    for service in ("coaching", "peer_support"):
        covered = [r for r in rules if r.service == service and r.outcome == "likely_covered"]
        assert sum(r.answer_sets for r in covered) == outcomes[(service, "likely_covered")]


def test_each_rule_holds_for_every_answer_set_it_names(policy, rules):
    for answers in answer_space(policy):
        outcome, findings, _ = assess(answers, policy)
        deciding = {(f.reason, f.key) for f in findings if f.status != "met"}
        if outcome == "likely_covered":
            deciding = {(f.reason, f.key) for f in findings if f.reason != "service"}
        matching = [r for r in rules if r.service == answers.service and r.outcome == outcome
                    and {(c.criterion, c.key) for c in r.conditions} <= deciding]
        assert matching, answers


def test_every_quote_of_a_rule_stands_in_its_sentence(policy, rules):
    for rule in rules:
        for condition in rule.conditions:
            for anchor, quote in condition.quotes:
                assert quote in policy.sentences[anchor].text


def test_filters_keep_rules_for_any_credential(rules):
    shown = filtered(rules, service="coaching", credential="nbhwc", outcome="likely_not_covered")
    assert shown and all(r.service == "coaching" and r.outcome == "likely_not_covered" for r in shown)
    assert all(r.credentials is None or "nbhwc" in r.credentials for r in shown)
    # a coaching certificate for peer support: whether its scope under the state's law reaches it is not known
    assert filtered(rules, credential="nbhwc", outcome="likely_covered", service="peer_support") == []
    assert filtered(rules, credential="nbhwc", outcome="needs_review", service="peer_support")
    assert filtered(rules, credential="licensed", outcome="likely_covered", service="peer_support")
    assert filtered(rules, credential="none", outcome="likely_covered") == []
    assert filtered(rules, credential="certified_peer", outcome="likely_covered", service="peer_support")


def test_the_page_lists_the_rules_with_their_quotes_in_pages_under_100_kb(client):
    first = client.get("/policy/A015/decisions")
    assert first.status_code == 200
    page = parse(first.get_data(as_text=True))
    total = int(re.match(r"(\d+) rules", page.find(id="rule-count").text()).group(1))
    seen = 0
    pages = len(page.find_all("nav", class_="pagination")[0].find_all("li")) - 1 if total > 15 else 1
    for number in range(1, pages + 1):
        response = client.get(f"/policy/A015/decisions?page={number}")
        assert len(response.data) < 100_000
        rules = parse(response.get_data(as_text=True)).find_all("li", class_="rule")
        assert all(rule.find("q") for rule in rules)  # each row with its quotes
        seen += len(rules)
    assert seen == total


@pytest.mark.parametrize("query", [{"service": "peer_support"}, {"credential": "certified_peer", "outcome": "needs_review"},
                                   {"service": "coaching", "credential": "none", "outcome": "likely_not_covered"}])
def test_the_filters_are_applied_on_the_server_and_the_csv_follows_them(client, rules, query):
    expected = filtered(rules, **query)
    page = parse(client.get("/policy/A015/decisions", query_string=query).get_data(as_text=True))
    assert page.find(id="rule-count").text().startswith(f"{len(expected)} rule")
    for name, value in query.items():
        assert page.find("select", id=name).find("option", selected=True).attrs["value"] == value
    response = client.get("/policy/A015/decisions.csv", query_string=query)
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == len(expected)
    assert [(r["service"], r["outcome"], int(r["answer_sets"])) for r in rows] == \
        [(r.service, r.outcome, r.answer_sets) for r in expected]


def test_a_filter_value_not_offered_is_ignored_and_a_page_past_the_end_shows_the_last(client):
    everything = parse(client.get("/policy/A015/decisions").get_data(as_text=True)).find(id="rule-count").text()
    odd = client.get("/policy/A015/decisions?service=massage&page=999&outcome=<b>")
    assert odd.status_code == 200
    pages = re.search(r"page 1 of (\d+)", everything).group(1)
    assert parse(odd.get_data(as_text=True)).find(id="rule-count").text() == \
        everything.replace("page 1 of", f"page {pages} of")


def test_the_decisions_of_another_policy_are_not_found(client):
    assert client.get("/policy/B999/decisions").status_code == 404
    assert client.get("/policy/B999/decisions.csv").status_code == 404


def test_minutes_and_dates_are_said_as_ranges_not_as_the_samples_judged(client):
    pages = []
    for page in range(1, 6):
        pages.append(parse(client.get(f"/policy/A015/decisions?page={page}").get_data(as_text=True)))
    answers = [span.text() for page in pages for span in page.find_all("span", class_="rule__answer")]
    minutes = [a for a in answers if a.startswith("Minutes: ")]
    dates = [a for a in answers if a.startswith("Date of service: ")]
    assert minutes and dates
    assert not any(re.search(r"\d+; \d+", a) for a in minutes + dates), minutes  # no "30; 31; 480"
    assert "Minutes: 30 minutes or more" in minutes and "Minutes: under 30 minutes" in minutes
    assert "Date of service: on or after April 15, 2023" in dates and "Date of service: before April 15, 2023" in dates


def test_a_run_of_samples_reads_as_the_range_it_stands_for(app):
    from app.wizard.policy_pages import values_words
    with app.test_request_context():
        assert values_words("minutes", (30, 31, 480), "coaching") == "30 minutes or more"
        assert values_words("minutes", (1, 29, None), "coaching") == "under 30 minutes; not known (left out, or not sure)"
        assert values_words("minutes", (15, 16, 29), "peer_support") == "15 to 29 minutes"
        assert values_words("minutes", (1, 14, 15, 16, 29, 30, 45, 50, 60, 480), "peer_support") == "any length"
