"""The policy version a determination is made under, with its review due date from the database."""
from __future__ import annotations

import dataclasses
import datetime as dt

from flask import current_app

from .coverage.policy import Policy
from .storage.reviews import review_due


def reviewed(policy: Policy) -> Policy:
    """The version with the next review date its latest review set, so the age warning follows it."""
    due = review_due(policy, current_app.config["REVIEW_CACHE_SECONDS"])
    return policy if due == policy.next_review_date else dataclasses.replace(policy, next_review_date=due)


def policy_for(date_of_service: dt.date) -> Policy:
    """The version in effect on the date of service (the first one before any), as reviewed."""
    return reviewed(current_app.extensions["policies"].deciding(date_of_service))
