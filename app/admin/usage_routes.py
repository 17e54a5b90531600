"""The usage pages: counts of saved determinations as tables, SVG charts and CSV."""
from __future__ import annotations

import csv
import io

from flask import Response, abort, render_template, url_for
from flask_babel import lazy_gettext as _l

from ..coverage import vocabulary
from ..i18n import lazy
from ..wizard import present
from ..wizard.policy_pages import OUTCOME_NAMES
from . import bp, charts, usage

TITLES = {"week": _l("By week (weeks start on Monday)"), "outcome": _l("By outcome"), "service": _l("By service"),
          "audience": _l("By audience"), "language": _l("By language"), "source": _l("By source")}
COLUMN = {"week": _l("Week starting"), "outcome": _l("Outcome"), "service": _l("Service"),
          "audience": _l("Audience"), "language": _l("Language"), "source": _l("Source")}


# each value in the words a person reads elsewhere, in the page's language, never `peer_support` or `en`
VALUE_NAMES = {
    "outcome": OUTCOME_NAMES,
    "service": {service: lazy(term.words.member) for service, term in vocabulary.VALUES["service"].items()},
    "audience": lazy(vocabulary.AUDIENCE_WORDS["table"]),
    "language": lazy(vocabulary.LANGUAGE_WORDS),
    "source": {"wizard": _l("The questions on this site"), "api": _l("The API"), "crd": _l("EHRs, through CDS Hooks")},
}


def _in_words(dimension: str, value: str) -> str:
    if not value:
        return "\u2014"
    if dimension == "week":
        return present.iso_date(value)
    return str(VALUE_NAMES.get(dimension, {}).get(value, value))


def _rows(dimension: str) -> list[tuple[str, int]]:
    """(the value in words, its count)."""
    return [(_in_words(dimension, value), n) for value, n in _counted(dimension)]


def _counted(dimension: str) -> list[tuple[str, int]]:
    """(the value as stored, its count): for the CSV, which a program reads."""
    if dimension not in usage.DIMENSIONS:
        abort(404)
    rows = usage.counts(dimension)
    return usage.weeks_filled(rows) if dimension == "week" else rows


@bp.get("/usage")
def usage_page():
    """How many determinations were made, by week, outcome, service, audience, language and source."""
    tables = [(d, TITLES[d], COLUMN[d], _rows(d), url_for(".usage_chart", dimension=d),
               url_for(".usage_csv", dimension=d)) for d in usage.DIMENSIONS]
    return render_template("admin/usage.html", tables=tables, total=usage.total())


@bp.get("/usage/<dimension>.svg")
def usage_chart(dimension: str):
    """One count as a bar chart, drawn on the server."""
    rows = _rows(dimension)
    return charts.svg_response(charts.bar_chart(str(TITLES[dimension]), [v for v, _ in rows],
                                                [n for _, n in rows], horizontal=dimension != "week"))


@bp.get("/usage/<dimension>.csv")
def usage_csv(dimension: str):
    """One count as CSV: value (as stored, for a program) and number of determinations."""
    rows = _counted(dimension)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([dimension, "determinations"])
    writer.writerows(rows)
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=determinations-by-{dimension}.csv"})
