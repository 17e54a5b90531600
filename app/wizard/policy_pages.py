"""The policy's own pages: the version in effect today, every other version, and how we decide."""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import threading

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l, ngettext

from ..coverage.decisions import decision_rules, filtered
from ..coverage.engine import OUTCOME_ORDER
from ..coverage.answers import CREDENTIALS, MAX_MINUTES, MIN_MINUTES, SERVICES
from ..coverage.space import COACHING_MINUTES, PEER_MINUTES, boundary_dates, minute_boundaries
from ..coverage import vocabulary
from ..i18n import lazy
from ..in_force import reviewed
from . import bp, flow, pagecache, present, state

PER_PAGE = 15  # rules a page: each with its quotes, so a page stays well under 100 KB
NOT_GIVEN = _l("not known (left out, or not sure)")
CRITERIA_NAMES = lazy(vocabulary.CRITERIA)
OUTCOME_NAMES = lazy(vocabulary.OUTCOMES)
STATUS_NAMES = lazy(vocabulary.STATUSES["table"])
# each answer's name at the head of a column, as a message the template translates
FIELD_NAMES = {name: term.in_table for name, term in vocabulary.ANSWERS.items()}

_rules: dict[str, list] = {}
_rules_lock = threading.Lock()


def _library():
    return current_app.extensions["policies"]


def policy_url(policy, anchor: str | None = None) -> str:
    """The page of the version a quote comes from: the plain policy URL for the one in effect today."""
    library = _library()
    if library.current().digest == policy.digest or library.version(policy.effective_date.isoformat()) is None:
        return url_for("wizard.policy_page", policy_id=policy.id, _anchor=anchor)
    return url_for("wizard.policy_version_page", policy_id=policy.id, version=policy.effective_date.isoformat(),
                   _anchor=anchor)


@bp.app_context_processor
def _policy_globals():
    return {"policy_url": policy_url}


def _policy_page(policy):
    check = state.latest()  # the browser's most recent check, for a link back to its result
    done = check is not None and flow.is_complete(check.answers)
    library = _library()
    shown, current = reviewed(policy), library.current()
    result_url = url_for(".result", check_id=check.id) if done else None
    # whether the version's review date has passed is said beside the text, and changes with the day
    review_passed = shown.next_review_date < dt.date.today()
    key = (shown.digest, shown.next_review_date, current.digest, result_url, review_passed)
    return pagecache.render("wizard/policy.html", key, policy=shown, code_tables=present.code_tables(policy),
                            result_url=result_url, versions=library.versions, current=current,
                            review_passed=review_passed)


@bp.get("/policy/<policy_id>")
def policy_page(policy_id: str):
    """The version of the policy in effect today, every sentence with its anchor, and links to the others."""
    library = _library()
    if policy_id != library.id:
        if policy_id.upper() == library.id:
            return redirect(url_for(".policy_page", policy_id=library.id), 301)
        abort(404)
    return _policy_page(library.current())


@bp.get("/policy/<policy_id>/<version>")
def policy_version_page(policy_id: str, version: str):
    """One version of the policy, named by its effective date."""
    library = _library()
    found = library.version(version) if policy_id == library.id else None
    if found is None:
        abort(404)
    return _policy_page(found)


def _rules_of(policy) -> list:
    """The rules, worked out once per version and worker (about a second and a half)."""
    with _rules_lock:
        if policy.digest not in _rules:
            _rules[policy.digest] = decision_rules(policy)
        return _rules[policy.digest]


def value_words(name: str, value) -> str:
    """An answer's value in the engine's words, in the reader's language."""
    if value is None:
        return str(NOT_GIVEN)
    if name == "minutes":
        return str(value)
    if name == "date_of_service":
        return present.iso_date(value.isoformat())
    label = vocabulary.in_table(name, value)
    return gettext(label) if label else str(value)


def values_words(name: str, values, service: str) -> str:
    """The answers that give a rule, said as a person would: a run of minutes or dates as a range ("30 minutes
    or more", "before April 15, 2023"), never the samples the engine judged ("30; 31; 480")."""
    values = tuple(values)
    known = [v for v in values if v is not None]
    said = []
    if name == "minutes" and known:
        samples = minute_boundaries((_library().current(),), service,
                                    COACHING_MINUTES if service == "coaching" else PEER_MINUTES)[1:]
        said = [_minutes_range(lo, hi) for lo, hi in _runs(sorted(known), samples)]
    elif name == "date_of_service" and known:
        samples = sorted({d for p in _library().versions for d in boundary_dates(p)} | set(known))
        said = [_dates_range(lo, hi, samples) for lo, hi in _runs(sorted(known), samples)]
    else:
        said = [value_words(name, v) for v in known]
    if None in values:
        said.append(str(NOT_GIVEN))
    return "; ".join(said)


def _runs(values: list, samples: list) -> list[tuple]:
    """The values as runs of neighbouring samples: the engine's verdict changes only between samples."""
    runs, place = [], {v: i for i, v in enumerate(samples)}
    for value in values:
        if runs and place.get(value, -2) == place.get(runs[-1][1], -5) + 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


def _minutes_range(lo: int, hi: int) -> str:
    if lo <= MIN_MINUTES and hi >= MAX_MINUTES:
        return gettext("any length")
    if hi >= MAX_MINUTES:
        return gettext("%(num)s minutes or more", num=lo)
    if lo <= MIN_MINUTES:
        return gettext("under %(num)s minutes", num=hi + 1)
    return gettext("%(low)s to %(high)s minutes", low=lo, high=hi) if lo != hi else \
        ngettext("%(num)s minute", "%(num)s minutes", lo)


def _dates_range(lo, hi, samples: list) -> str:
    day = dt.timedelta(days=1)
    first, last = samples[0], samples[-1]
    if lo == first and hi == last:
        return gettext("any date")
    if hi == last:
        return gettext("on or after %(date)s", date=present.iso_date(lo.isoformat()))
    if lo == first:
        return gettext("before %(date)s", date=present.iso_date((hi + day).isoformat()))
    return gettext("%(low)s to %(high)s", low=present.iso_date(lo.isoformat()), high=present.iso_date(hi.isoformat()))


def _filters():
    """The GET form's choices; a value not offered is ignored, as if the filter were left empty."""
    wanted = {"service": request.args.get("service") or None, "credential": request.args.get("credential") or None,
              "outcome": request.args.get("outcome") or None}
    allowed = {"service": SERVICES, "credential": CREDENTIALS, "outcome": OUTCOME_ORDER}
    return {k: (v if v in allowed[k] else None) for k, v in wanted.items()}


def _decisions_context(policy_id: str):
    library = _library()
    if policy_id != library.id:
        abort(404)
    policy = library.current()
    return policy, filtered(_rules_of(policy), **_filters())


@bp.get("/policy/<policy_id>/decisions")
def decisions(policy_id: str):
    """How we decide: the engine's rules over every answer, filtered by service, credential and outcome."""
    policy, rules = _decisions_context(policy_id)
    pages = max(1, math.ceil(len(rules) / PER_PAGE))
    try:
        page = min(max(1, int(request.args.get("page", "1"))), pages)
    except ValueError:
        page = 1
    shown = rules[(page - 1) * PER_PAGE: page * PER_PAGE]
    query = {k: v for k, v in _filters().items() if v}
    return render_template(
        "wizard/decisions.html", policy=policy, rules=shown, total=len(rules), page=page, pages=pages,
        first=(page - 1) * PER_PAGE + 1, filters=_filters(), query=query,
        services=[(s, gettext(vocabulary.in_table("service", s))) for s in SERVICES],
        credentials=[(c, value_words("credential", c)) for c in CREDENTIALS],
        outcomes=[(o, str(OUTCOME_NAMES[o])) for o in OUTCOME_ORDER], outcome_names=OUTCOME_NAMES,
        criteria_names=CRITERIA_NAMES, status_names=STATUS_NAMES, field_names=FIELD_NAMES,
        value_words=value_words, values_words=values_words, csv_url=url_for(".decisions_csv", policy_id=policy.id, **query))


@bp.get("/policy/<policy_id>/decisions.csv")
def decisions_csv(policy_id: str):
    """The rules as CSV, filtered as the page is: one line per rule, its conditions and quotes."""
    policy, rules = _decisions_context(policy_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["policy", "version", "service", "outcome", "credentials", "conditions", "quotes", "answer_sets"])
    for rule in rules:
        conditions = "; ".join(
            f"{c.criterion}={c.status} ({c.key}) when " + ", ".join(
                f"{name} in [{' | '.join('' if v is None else str(v) for v in values)}]" for name, values in c.answers)
            for c in rule.conditions)
        quotes = " | ".join(f"#{anchor}: {quote}" for c in rule.conditions for anchor, quote in c.quotes)
        writer.writerow([policy.id, policy.effective_date.isoformat(), rule.service, rule.outcome,
                         "any" if rule.credentials is None else " ".join(rule.credentials), conditions, quotes,
                         rule.answer_sets])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={policy.id}-{policy.effective_date.isoformat()}-decisions.csv"})
