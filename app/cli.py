"""The command line, every command in this one module and registered once: for scripts, `flask --app app check ...`,
`decision-table` and `purge`; for the policy team, `policy-impact OLD.yaml NEW.yaml` and `create-user EMAIL`."""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from .coverage.answers import (AUDIENCES, CREDENTIALS, DELIVERIES, DIAGNOSES, NOT_SURE, SERVICES, SESSIONS,
                               SETTINGS, STATES, AnswerErrors, parse_answers)
from .coverage.engine import assess, evaluate
from .coverage.impact import compare
from .coverage.policy import PolicyError, load_policy
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
    result = evaluate(answers, current_app.extensions["policies"].deciding(answers.date_of_service),
                      today=dt.date.today())
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


@click.command("policy-impact")
@click.argument("old_file", type=click.Path(dir_okay=False))
@click.argument("new_file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
def policy_impact_command(old_file, new_file, as_json):
    """Report which answers change outcome between two versions of a policy, and why."""
    versions = []
    for path in (old_file, new_file):
        try:
            versions.append(load_policy(path))
        except PolicyError as error:
            click.echo(f"Not a usable policy file: {error}", err=True)
            sys.exit(2)
    old, new = versions
    if old.id != new.id:
        click.echo(f"{new_file}: id: {new.id} is not {old.id}: compare two versions of one policy", err=True)
        sys.exit(2)
    impact = compare(old, new)
    if as_json:
        click.echo(json.dumps(impact.to_dict(), indent=2, ensure_ascii=False))
        return
    say = click.echo
    say(f"{old.id}: version {old.effective_date} -> version {new.effective_date}, "
        f"judged on {impact.judged_on}, when both are in effect")
    say(f"{impact.changed_outcomes:,} of {impact.total:,} answer sets change outcome.")
    for before, after, count in impact.changes():
        say(f"\n{before} -> {after}: {count:,}")
        for example in impact.examples[(before, after)]:
            say("    e.g. " + ", ".join(f"{k}={v}" for k, v in example.items() if v is not None))
    if impact.reasons:
        say("\nReasons that changed (answer sets):")
        for change in impact.reason_changes():
            say(f"  {change['criterion']}: {change['old_key']} ({change['old_status']}) -> "
                f"{change['new_key']} ({change['new_status']}): {change['count']:,}")
            if change["old_quotes"] != change["new_quotes"]:
                for quote in change["old_quotes"]:
                    if quote not in change["new_quotes"]:
                        say(f"    - “{quote}”")
                for quote in change["new_quotes"]:
                    if quote not in change["old_quotes"]:
                        say(f"    + “{quote}”")
    for title, items in (("added", impact.added), ("removed", impact.removed)):
        if items:
            say(f"\nSentences {title}:")
            for item in items:
                say(f"  #{item['anchor']} ({item['section']}): {item['text']}")
    if impact.changed:
        say("\nSentences changed:")
        for item in impact.changed:
            say(f"  #{item['anchor']} ({item['section']}):\n    - {item['old']}\n    + {item['new']}")


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["viewer", "editor"]), required=True,
              help="viewer reads the policy team's pages; editor also records reviews")
@click.password_option(prompt="Password (at least 12 characters)")
@with_appcontext
def create_user_command(email, role, password):
    """Make an account for the policy team's pages, or set a new password and role for one."""
    from .admin.accounts import AccountError, create_or_update
    try:
        made = create_or_update(email, password, role, actor="command line")
    except AccountError as error:
        click.echo(str(error), err=True)
        sys.exit(2)
    click.echo(f"{'Made' if made else 'Updated'} {email.strip().lower()} ({role}).")


COMMANDS = (check_command, decision_table_command, purge_command, policy_impact_command, create_user_command)


def register(app):
    for command in COMMANDS:
        app.cli.add_command(command)
