"""The reader's language: the `lang` link on every page, then the choice kept in the session,
then the browser's Accept-Language; English otherwise. The API takes `language` in its body.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, current_app, g, request, session, url_for
from flask_babel import force_locale, get_locale, get_translations, lazy_gettext
from jinja2 import pass_context

from .coverage.texts import N_  # noqa: F401  (one mark for extraction, the engine's, for every module)
from .coverage.vocabulary import Words

# each language named in its own words, for the switch on every page
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
SESSION_KEY = "lang"


def lazy(words):
    """The engine's words (app/coverage/vocabulary.py, marked N_ and extracted there) as lazy strings, each
    translated where it is shown: a string, a Words, or a mapping of them."""
    if isinstance(words, str):
        return lazy_gettext(words)
    if isinstance(words, Words):
        return Words(*(None if w is None else lazy(w) for w in (words.member, words.provider, words.agent)))
    if isinstance(words, dict):
        return {key: lazy(value) for key, value in words.items()}
    return words


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


@lru_cache(maxsize=8)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def locale_selector() -> Locale:
    """Flask-Babel's locale selector: the language chosen, as a Locale parsed once per language, not per request."""
    return _locale(select_locale())


def select_locale() -> str:
    """The reader's language, by the rules above."""
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
    """Every language, each as a link to this same page in it; the one being read is marked current."""
    here = str(get_locale())
    rule = request.url_rule
    # the query is kept as it came, never handed to url_for as keywords (?_scheme= or ?slug= would clash)
    query = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    links = []
    for code in languages():
        if rule is not None and "GET" in rule.methods:
            # a page re-shown after a POST (a question with an error) switches to the page itself
            url = url_for(request.endpoint, **(request.view_args or {})) + "?" + urlencode(query + [("lang", code)])
        else:
            # no route (a 404): the start page in that language
            url = url_for("wizard.index", lang=code)
        links.append({"code": code, "name": LANGUAGE_NAMES[code], "url": url, "current": code == here})
    return links


def translator(language: str):
    """A gettext bound to one language, for texts made outside that language's request (the API).

    The catalogue is looked up once: the engine calls this for every text of a determination. For a
    configured language it is kept by the app, since Flask-Babel keeps every catalogue it has loaded
    for the app's life: looking it up again (about 14 us) could only find the same one."""
    kept = current_app.extensions.setdefault("translators", {})
    gettext = kept.get(language)
    if gettext is None:
        with force_locale(language):
            gettext = get_translations().gettext
        if language in languages():
            kept[language] = gettext
    return gettext


# Templates translate through the catalogue a page was given when it began to render: Flask-Babel's
# own template functions look the catalogue up again for every string, which was most of a page's time.
# A template imported without context (the macros) has none, and looks it up as Flask-Babel does.
CATALOGUE = "_catalogue"


def _catalogue(context):
    found = context.get(CATALOGUE)
    return found if found is not None else get_translations()


@pass_context
def _gettext(context, string):
    return _catalogue(context).ugettext(string)


@pass_context
def _ngettext(context, singular, plural, n):
    return _catalogue(context).ungettext(singular, plural, n)


@pass_context
def _pgettext(context, message_context, string):
    return _catalogue(context).upgettext(message_context, string)


@pass_context
def _npgettext(context, message_context, singular, plural, n):
    return _catalogue(context).unpgettext(message_context, singular, plural, n)


class _WtformsCatalogue:
    """WTForms' own messages in the current language, each language's file read once per process:
    Flask-WTF reads it from disk for every request that shows a form, unless the request has one."""
    _loaded: dict[str, object] = {}

    def _for_now(self):
        locale = str(get_locale())
        found = self._loaded.get(locale)
        if found is None:
            from babel import support
            from wtforms.i18n import messages_path
            found = self._loaded[locale] = support.Translations.load(messages_path(), [locale], domain="wtforms")
        return found

    def ugettext(self, string):
        return self._for_now().ugettext(string)

    def ungettext(self, singular, plural, n):
        return self._for_now().ungettext(singular, plural, n)


_WTFORMS = _WtformsCatalogue()


def _before_request():
    _take_lang_parameter()
    request.wtforms_translations = _WTFORMS  # where Flask-WTF looks first


def register(app: Flask) -> None:
    app.before_request(_before_request)
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext,
                                            npgettext=_npgettext, newstyle=True)

    @app.context_processor
    def language_context():
        return {"current_language": str(get_locale()), "language_links": language_links,
                CATALOGUE: get_translations()}
