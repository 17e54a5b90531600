"""Command line for the policy team: `policy-impact OLD.yaml NEW.yaml` and `create-user EMAIL`."""
from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext

from .coverage.impact import compare
from .coverage.policy import PolicyError, load_policy


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


def register(app):
    app.cli.add_command(policy_impact_command)
    app.cli.add_command(create_user_command)
