"""One form per question: the field a page posts, its checks, and errors written for a person."""
from __future__ import annotations

import datetime as dt
import re

from flask import request
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, StopValidation, ValidationError

from ..coverage.answers import AUDIENCES, DIAGNOSES, MAX_MINUTES, MIN_MINUTES, STATES
from ..coverage.icd10 import DiagnosisCodeError, look_up, reconcile
from ..storage.references import LENGTH, VALUES, check_symbol, display, normalise
from .flow import NOT_SURE
from .questions import QUESTIONS, choices_for

_NUMBER = re.compile(r"[0-9]{1,4}")  # ASCII digits only: str.isdigit() takes superscripts too
_DIGITS = re.compile(r"[0-9]+")

# what a person is told when an answer is missing or cannot be used: a missing answer and one
# that is not among the choices get the same words, since either way the person must choose
MESSAGES = {
    "diagnosis": _l("Select if there is a mental health or substance use disorder"),
    "service": _l("Select the kind of care"),
    "credential": _l("Select the provider's license or certificate"),
    "state": _l("Select the state where the care is given"),
    "setting": _l("Select where the care is given"),
    "group": _l("Select if the coaching is one-on-one or in a group"),
    "session": _l("Select if this is a first visit or a follow-up"),
    "delivery": _l("Select if the visit is in person, or by video or phone"),
    "minutes_missing": _l("Enter how many minutes the visit lasts, or select that you don't know"),
    "minutes_not_a_number": _l("Enter the minutes as a whole number, for example 45"),
    "minutes_range": _l("Enter a number of minutes from %(low)s to %(high)s", low=MIN_MINUTES, high=MAX_MINUTES),
    "date_missing": _l("Enter the date of the visit"),
    "date_incomplete": _l("Enter the full date, with a month, a day and a year"),
    "date_not_numbers": _l("Enter the date as numbers, for example 3 27 2024"),
    "date_year": _l("Enter the year as 4 numbers, for example 2024"),
    "date_not_real": _l("The date must be a real date"),
}


class _OneOfTheChoices:
    """A posted value that is not one of the choices gets the same message as a missing one."""

    def pre_validate(self, form):
        if self.raw_data and self.raw_data[0] and self.data not in {value for value, _label in self.choices}:
            raise StopValidation(self.validators[0].message)


class Radios(_OneOfTheChoices, RadioField):
    pass


class Select(_OneOfTheChoices, SelectField):
    pass


class QuestionForm(FlaskForm):
    """A form for one question; `answer` is what is stored, `prefill` turns a stored answer back."""
    field_name = ""

    def answer(self):
        return getattr(self, self.field_name).data

    @classmethod
    def prefill(cls, value) -> dict:
        return {} if value is None else {cls.field_name: value}

    def error_list(self) -> list[tuple[str, str]]:
        """(the id of the input to jump to, the message) for the error summary."""
        return [(self.field_name, message) for message in getattr(self, self.field_name).errors]


def _radios_form(name: str, message) -> type[QuestionForm]:
    return type(f"{name.title().replace('_', '')}Form", (QuestionForm,), {
        "field_name": name,
        name: Radios(choices=[], validators=[InputRequired(message=message)]),
    })


# a code that says another diagnosis than the one chosen: said in the office's words, with the answer the
# code points to (a substance use code beside a mental health answer may mean both)
DISAGREES = {
    ("substance_use", "mental_health"): _l("%(code)s (%(name)s) is a substance use disorder code, and the answer "
                                           "chosen is a mental health disorder. If the member has both, choose "
                                           "Both; otherwise choose Substance use disorder, or correct the code."),
    ("mental_health", "substance_use"): _l("%(code)s (%(name)s) is a mental health disorder code, and the answer "
                                           "chosen is a substance use disorder. If the member has both, choose "
                                           "Both; otherwise choose Mental health disorder, or correct the code."),
    ("substance_use", "none"): _l("%(code)s (%(name)s) is a substance use disorder code, and the answer chosen is "
                                  "Neither. Choose Substance use disorder (or Both), or correct the code."),
    ("mental_health", "none"): _l("%(code)s (%(name)s) is a mental health disorder code, and the answer chosen is "
                                  "Neither. Choose Mental health disorder (or Both), or correct the code."),
    # a code in neither group says nothing either way, so it disagrees with no answer
}


def _disagreeing(typed: str, chosen: str | None) -> None:
    """Refuse a real code that says another diagnosis than the one chosen, in words; reconcile() checks the rest."""
    found = look_up(typed)
    message = DISAGREES.get((found.diagnosis, chosen)) if found.valid else None
    if message is not None:
        raise DiagnosisCodeError(str(message) % {"code": found.code, "name": found.name or ""})


class DiagnosisForm(_radios_form("diagnosis", MESSAGES["diagnosis"])):
    """The diagnosis, and for an office an ICD-10-CM code that may stand for it or must agree with it."""
    diagnosis_code = StringField(_l("ICD-10-CM code (optional)"))
    code = None

    def validate(self, extra_validators=None) -> bool:
        typed = (self.diagnosis_code.data or "").strip()
        if typed and not self.diagnosis.raw_data:
            self.diagnosis.raw_data = [""]  # the code may stand for the answer: the choice is checked below
        try:
            if typed:
                chosen = self.diagnosis.data if self.diagnosis.data in DIAGNOSES else None
                _disagreeing(typed, chosen)
                answer, self.code = reconcile(typed, chosen, gettext=gettext)
                self.diagnosis.data, self.diagnosis.raw_data = answer, [answer]
        except DiagnosisCodeError as error:
            super().validate(extra_validators)
            self.diagnosis_code.errors = [str(error)]
            return False
        return super().validate(extra_validators)

    def extra(self) -> dict:
        """What is kept beside the answer: the code as ICD-10-CM prints it, when one was typed."""
        return {"diagnosis_code": self.code.code} if self.code else {}

    def error_list(self) -> list[tuple[str, str]]:
        return super().error_list() + [("diagnosis_code", message) for message in self.diagnosis_code.errors]

    @classmethod
    def prefill(cls, value, code=None) -> dict:
        return {**super().prefill(value), **({"diagnosis_code": code} if code else {})}
ServiceForm = _radios_form("service", MESSAGES["service"])
CredentialForm = _radios_form("credential", MESSAGES["credential"])
SettingForm = _radios_form("setting", MESSAGES["setting"])
GroupForm = _radios_form("group", MESSAGES["group"])
SessionForm = _radios_form("session", MESSAGES["session"])
DeliveryForm = _radios_form("delivery", MESSAGES["delivery"])


class StateForm(QuestionForm):
    field_name = "state"
    state = Select(choices=[], validators=[InputRequired(message=MESSAGES["state"])])


class MinutesForm(QuestionForm):
    field_name = "minutes"
    # GOV.UK's advice: a text input with a numeric keyboard, not type=number
    minutes = StringField(_l("Minutes"))
    minutes_unknown = BooleanField(_l("I don't know how long it is"))

    def validate_minutes(self, field):
        text = (field.data or "").strip()
        if self.minutes_unknown.data and not text:
            return
        # a number typed wins over the box: a person changing "I don't know" to a number need not untick it
        self.minutes_unknown.data = False
        if not text:
            raise ValidationError(MESSAGES["minutes_missing"])
        if not _DIGITS.fullmatch(text):
            raise ValidationError(MESSAGES["minutes_not_a_number"])
        # 00050 is 50 minutes; 99999 is a whole number too, only out of range (its length is checked before int())
        digits = text.lstrip("0")
        if len(digits) > len(str(MAX_MINUTES)) or not MIN_MINUTES <= int(digits or 0) <= MAX_MINUTES:
            raise ValidationError(MESSAGES["minutes_range"])

    def answer(self):
        return NOT_SURE if self.minutes_unknown.data else int(self.minutes.data.strip().lstrip("0"))

    @classmethod
    def prefill(cls, value) -> dict:
        if value is None:
            return {}
        return {"minutes_unknown": True} if value == NOT_SURE else {"minutes": str(value)}


class DateForm(QuestionForm):
    """Month, day and year in three boxes, in the order people in the US write a date."""
    field_name = "date_of_service"
    PARTS = ("month", "day", "year")
    month = StringField(_l("Month"))
    day = StringField(_l("Day"))
    year = StringField(_l("Year"))

    def validate(self, extra_validators=None) -> bool:
        self.date_error, self.date_error_parts = None, ()
        if not super().validate(extra_validators):
            return False
        values = {part: (getattr(self, part).data or "").strip() for part in self.PARTS}
        missing = tuple(part for part in self.PARTS if not values[part])
        if len(missing) == 3:
            self._fail(MESSAGES["date_missing"], self.PARTS)
        elif missing:
            self._fail(MESSAGES["date_incomplete"], missing)
        elif not all(_NUMBER.fullmatch(value) for value in values.values()):
            self._fail(MESSAGES["date_not_numbers"],
                       tuple(p for p in self.PARTS if not _NUMBER.fullmatch(values[p])))
        elif len(values["year"]) != 4:
            self._fail(MESSAGES["date_year"], ("year",))
        else:
            try:
                self.date = dt.date(int(values["year"]), int(values["month"]), int(values["day"]))
            except ValueError:
                self._fail(MESSAGES["date_not_real"], ("month", "day"))
        return self.date_error is None

    def _fail(self, message, parts):
        self.date_error, self.date_error_parts = message, parts

    def answer(self):
        return self.date.isoformat()

    @classmethod
    def prefill(cls, value) -> dict:
        date = dt.date.fromisoformat(value) if value else dt.date.today()
        return {"month": str(date.month), "day": str(date.day), "year": str(date.year)}

    def error_list(self) -> list[tuple[str, str]]:
        errors = []
        if getattr(self, "date_error", None):
            errors.append((f"date-{self.date_error_parts[0]}", self.date_error))
        return errors


FORMS = {form.field_name: form for form in (
    DiagnosisForm, ServiceForm, CredentialForm, StateForm, SettingForm, GroupForm, SessionForm,
    MinutesForm, DeliveryForm, DateForm)}


def build(name: str, service: str | None, stored=None, formdata=None) -> QuestionForm:
    """The form for a question: bound to `formdata` (a refused answer held for the page after the POST),
    else to the posted data on POST, else pre-filled from the stored answer."""
    form_class = FORMS[name]
    if formdata is not None:
        form = form_class(formdata=formdata, meta={"csrf": False})
    elif request.method == "POST":
        form = form_class()
    else:
        form = form_class(data=form_class.prefill(stored))
    question = QUESTIONS[name]
    if question.kind == "radios":
        form[name].choices = [(choice.value, choice.value) for choice in choices_for(question, service)]
    elif question.kind == "select":
        form[name].choices = [("", "")] + [(code, code) for code in STATES]
    return form


def posted_fields(limit: int = 12) -> list[tuple[str, str]]:
    """What was posted, less the CSRF token, cut short: held in the cookie until the page shows it once."""
    return [(key, value[:40]) for key, value in request.form.items(multi=True) if key != "csrf_token"][:limit]


# the example in the hint is a reference that could be real: its check symbol is the reference module's own
EXAMPLE_REFERENCE = display("7KQ4M2XD9HP" + check_symbol("7KQ4M2XD9HP"))
# what is wrong with a reference typed, said as such: the length, symbols never in one, or the check symbol
REFERENCE_PROBLEMS = {
    "too_short": _l("The reference number is too short: it has %(count)s of its 12 letters and numbers. Check it "
                    "against the result page."),
    "too_long": _l("The reference number is too long: it has %(count)s letters and numbers, and a reference has 12. "
                   "Check it against the result page."),
    "strange": _l("A reference number never has %(symbols)s in it. It has only the numbers 2 to 9 and capital letters "
                  "other than I, L and O. Check it against the result page."),
    "mistyped": _l("Check the reference number. It has 12 letters and numbers, like %(example)s, and one of them "
                   "looks mistyped."),
}
NO_SUCH_REFERENCE = _l("No saved result has this reference number. Check it and try again.")
ENTER_THE_REFERENCE = _l("Enter the reference number")


def reference_problem(typed: str) -> tuple[str, dict]:
    """Why a reference typed is not well formed: its kind and the words to put in its message."""
    reference = normalise(typed)
    strange = sorted({symbol for symbol in reference if symbol not in VALUES})[:6]
    if strange:
        return "strange", {"symbols": ", ".join(f"\u201c{symbol}\u201d" for symbol in strange)}
    if len(reference) < LENGTH:
        return "too_short", {"count": len(reference)}
    if len(reference) > LENGTH:
        return "too_long", {"count": len(reference)}
    return "mistyped", {"example": EXAMPLE_REFERENCE}


class LookupForm(FlaskForm):
    """The look-up page's one field: a reference number as a person types it."""
    reference = StringField(_l("Reference number"), validators=[InputRequired(message=ENTER_THE_REFERENCE)])
    # whose layout to show the saved result in: an agent's script, an office's codes first, a member's page
    # (a value outside the three is read as a member's: nothing depends on it but the layout)
    audience = StringField()

    def viewer(self) -> str:
        return self.audience.data if self.audience.data in AUDIENCES else "member"

    def error_list(self) -> list[tuple[str, str]]:
        return [("reference", message) for message in self.reference.errors]
