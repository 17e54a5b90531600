"""The reader's language: the `lang` link on every page, then the choice kept in the session,
then the browser's Accept-Language; English otherwise. The API takes `language` in its body.
"""
from __future__ import annotations

from flask import Flask, current_app, g, request, session, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _gettext

# each language named in its own words, for the switch on every page
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
SESSION_KEY = "lang"


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    if "language" in g:  # set for this request: the API's `language`, a `lang` link
        return g.language
    if request.path.startswith("/api/"):
        return "en"  # the API answers in the language its body asks for, never from cookies
    remembered = session.get(SESSION_KEY)
    if remembered in languages():
        return remembered
    return request.accept_languages.best_match(languages()) or "en"


def _take_lang_parameter():
    # ?lang=es switches the pages and is remembered; an unknown value is ignored, not an error
    wanted = request.args.get("lang")
    if wanted in languages() and not request.path.startswith("/api/"):
        session[SESSION_KEY] = wanted
        g.language = wanted


def language_links() -> list[dict]:
    """The other languages, each as a link to this same page in it."""
    here = str(get_locale())
    args = {k: v for k, v in request.args.items() if k != "lang"}
    links = []
    for code in languages():
        if code != here and request.endpoint and request.method == "GET":
            view_args = dict(request.view_args or {})
            links.append({"code": code, "name": LANGUAGE_NAMES[code],
                          "url": url_for(request.endpoint, **view_args, **args, lang=code)})
    return links


def translator(language: str):
    """A gettext bound to one language, for texts made outside that language's request (the API)."""
    def gettext(message: str) -> str:
        with force_locale(language):
            return _gettext(message)
    return gettext


def register(app: Flask) -> None:
    app.before_request(_take_lang_parameter)

    @app.context_processor
    def language_context():
        return {"current_language": str(get_locale()), "language_links": language_links}
