"""The policy team's forms: each posts with a CSRF token, and every error is written for a person."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

NO_CHANGE, NOTE = "no_change", "note"
ROLE_NAMES = {"viewer": _l("viewer"), "editor": _l("policy editor")}
# the one answer to every refused sign-in; after many wrong passwords, tries wait a little, longer each time
SIGN_IN_REFUSED = _l("The email address or the password is not right. After several wrong tries, each try "
                     "must wait longer than the one before, up to 15 minutes.")


def printable(text: str, allowed: str = "") -> bool:
    """No control characters (a NUL, which PostgreSQL cannot store, among them) but those allowed."""
    return not any((ord(c) < 32 or ord(c) == 127) and c not in allowed for c in text)


def _printable(message, allowed: str = ""):
    """Refuse what `printable` refuses, with a message for a person."""
    def check(form, field):
        if field.data and not printable(field.data, allowed):
            raise ValidationError(message)
    return check


def _iso_date(form, field):
    try:
        field.parsed = dt.date.fromisoformat((field.data or "").strip())
    except ValueError:
        raise ValidationError(_l("Enter the date as year, month and day, like 2025-04-15"))


class ErrorList:
    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in the order the fields stand."""
        return [(field.id, str(field.errors[0])) for field in self if field.errors and field.type != "CSRFTokenField"]


class SignInForm(ErrorList, FlaskForm):
    email = StringField(_l("Email address"), validators=[InputRequired(_l("Enter your email address")),
                                                       Length(max=254, message=_l("Enter your email address")),
                                                       _printable(_l("Enter your email address"))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password")),
                                                       Length(max=1024, message=_l("Enter your password"))])


class SignOutForm(FlaskForm):
    """No fields: its CSRF token keeps another site from signing a person out."""


class ReviewForm(ErrorList, FlaskForm):
    reviewed_on = StringField(_l("Date of the review"), validators=[
        InputRequired(_l("Enter the date of the review")), _iso_date])
    outcome = RadioField(_l("What did the review find?"), choices=[
        (NO_CHANGE, _l("Reviewed, no change")), (NOTE, _l("Reviewed, with a note"))],
        validators=[InputRequired(_l("Select what the review found"))])
    note = TextAreaField(_l("Note"), validators=[
        Length(max=2000, message=_l("Keep the note under 2,000 characters")),
        _printable(_l("Write the note in plain text: it holds a character that cannot be kept"), allowed="\t\n\r")])
    next_review_date = StringField(_l("Next review date"), validators=[
        InputRequired(_l("Enter the next review date")), _iso_date])

    def validate_note(self, field):
        if self.outcome.data == NOTE and not (field.data or "").strip():
            raise ValidationError(_l("Write the note, or select that the review found no change"))

    def validate_reviewed_on(self, field):
        # a review is recorded after it happened: a typo of the year would move the due date for years
        if getattr(field, "parsed", None) and field.parsed > dt.date.today():
            raise ValidationError(_l("The date of the review cannot be after today"))

    def validate_next_review_date(self, field):
        reviewed = getattr(self.reviewed_on, "parsed", None)
        if reviewed and getattr(field, "parsed", None) and field.parsed <= reviewed:
            raise ValidationError(_l("The next review date must come after the date of the review"))
