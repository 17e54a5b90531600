"""Command line for scripts: `flask --app app check ...` and `flask --app app decision-table`."""
import csv
import json
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from .coverage.answers import (AUDIENCES, CREDENTIALS, DELIVERIES, DIAGNOSES, NOT_SURE, SERVICES, SESSIONS,
                               SETTINGS, STATES, AnswerErrors, parse_answers)
from .coverage.engine import assess, evaluate
from .coverage.space import DECISION_COLUMNS, answer_space


def _choice(values):
    return click.Choice(list(values), case_sensitive=False)


@click.command("check")
@click.option("--diagnosis", type=_choice(DIAGNOSES), required=True)
@click.option("--service", type=_choice(SERVICES), required=True)
@click.option("--credential", type=_choice(CREDENTIALS), required=True)
@click.option("--state", type=_choice(STATES), required=True, help="USPS code, such as NY")
@click.option("--setting", type=_choice(SETTINGS + (NOT_SURE,)))
@click.option("--session", type=_choice(SESSIONS + (NOT_SURE,)))
@click.option("--group/--individual", default=None, help="left out: not known")
@click.option("--minutes", type=int)
@click.option("--delivery", type=_choice(DELIVERIES + (NOT_SURE,)))
@click.option("--date-of-service", "date_of_service", help="YYYY-MM-DD; today when left out")
@click.option("--audience", type=_choice(AUDIENCES), default="provider")
@click.option("--json", "as_json", is_flag=True, help="print the determination as JSON")
@with_appcontext
def check_command(as_json, **raw):
    """Print the determination for one set of answers."""
    raw = {k: (v.upper() if k == "state" else v.lower() if isinstance(v, str) and k != "date_of_service" else v)
           for k, v in raw.items() if v is not None}
    try:
        answers = parse_answers(raw)
    except AnswerErrors as error:
        for name, message in error.errors.items():
            click.echo(f"{name}: {message}", err=True)
        sys.exit(2)
    # the version in effect on the date of service, as the wizard and the API choose it
    result = evaluate(answers, current_app.extensions["policies"].deciding(answers.date_of_service))
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{result.outcome_label.upper()} ({result.outcome})")
    if result.policy_age:
        click.echo(result.policy_age["text"])
    click.echo("")
    for reason in result.reasons:
        click.echo(f"[{reason.status}] {reason.id}: {reason.text}")
        for citation in reason.citations:
            click.echo(f"    “{citation.quote}” ({citation.section}, #{citation.anchor})")
    if result.codes:
        click.echo("\nCodes:")
        for code in result.codes:
            units = "units unknown" if code.units is None else f"{code.units} unit(s)"
            listed = "listed" if code.listed else "NOT LISTED in the policy"
            eligible = {True: "eligible", False: "not eligible", None: "eligibility not known"}[code.eligible]
            click.echo(f"    {code.system} {code.code}: {code.descriptor} — {listed}, {eligible}, {units}")
    if result.outcome != "likely_covered":
        click.echo("\nWhat would change the answer:")
        for change in result.what_would_change:
            click.echo(f"    {change.text}")
        if not result.what_would_change:
            click.echo("    No change of a choice: it rests on facts of the visit or the member.")
    for warning in result.warnings:
        if warning.id != "next_review_passed":
            click.echo(f"\nWarning: {warning.text}")
    for note in result.notes:
        click.echo(f"\nNote: {note.text}")
    click.echo(f"\n{result.disclaimer['text']}")
    click.echo(f"    “{result.disclaimer['citation']['quote']}”")


@click.command("decision-table")
@with_appcontext
def decision_table_command():
    """Print every combination of the answers and its outcome, as CSV."""
    policy = current_app.extensions["policy"]
    writer = csv.writer(sys.stdout)
    writer.writerow(DECISION_COLUMNS + ("outcome",) + ("statuses",))
    for answers in answer_space(policy):
        outcome, findings, _codes = assess(answers, policy)
        row = [getattr(answers, name) for name in DECISION_COLUMNS]
        row = ["" if v is None else v.isoformat() if hasattr(v, "isoformat") else v for v in row]
        statuses = " ".join(f"{f.reason}={f.status}" for f in findings)
        writer.writerow(row + [outcome, statuses])


@click.command("purge")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="keep this many days (default: the RETENTION_DAYS setting)")
@with_appcontext
def purge_command(days):
    """Delete saved determinations older than the retention period."""
    from .storage import purge
    days = current_app.config["RETENTION_DAYS"] if days is None else days
    click.echo(f"Deleted {purge(days)} determination(s) older than {days} day(s).")


def register(app):
    app.cli.add_command(check_command)
    app.cli.add_command(decision_table_command)
    app.cli.add_command(purge_command)
