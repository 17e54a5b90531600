"""Pages rendered once for everything they show, then given again: the start pages, the question pages
and the policy page.

A page's HTML is a function of its key: the template, the language, the address as asked for (its
query included: the language switch links to it) and whatever else the view says the page shows
(the answers so far, the version of the policy, a link back to a result). The CSRF token, each
session's own, is not part of it: it is taken out of the kept HTML and put in again for each request.
What a page shows after a refused answer is never kept. The pages are kept per app, and the store is
emptied when full, so its memory stays bounded. Measured in bench/pages.py.
"""
from __future__ import annotations

from flask import current_app, g, render_template, request

from ..i18n import select_locale
from ..security import public_base
from ..sessions import csrf_token

LIMIT = 2_000  # pages kept per app; a question page is kept per set of answers, so this is a bound, not a goal
TOKEN = "\x00csrf-token\x00"  # stands for the session's token in the kept HTML


def _key(template: str, key: tuple) -> tuple:
    # the language as Flask-Babel's selector chooses it (i18n.locale_selector), read without Flask-Babel's
    # own look-ups: a kept page is given without Flask-Babel being asked anything. The public address too:
    # a page's absolute links never come from another request's Host header
    return (template, select_locale(), request.full_path, public_base()) + key


def kept(template: str, key: tuple) -> str | None:
    """The page kept for `template` and `key` in this request, with this session's token put in; None
    when it is not kept yet. A view asks first, and builds what the page shows only when it must."""
    page = current_app.extensions.setdefault("rendered_pages", {}).get(_key(template, key))
    if page is None:
        return None
    # a page with a form gets this session's token; a page without one asks for none
    return page.replace(TOKEN, csrf_token()) if TOKEN in page else page


def render(template: str, key: tuple, **context) -> str:
    """render_template(template, **context), kept by `key` and the request; the session's token put in."""
    page = kept(template, key)
    if page is not None:
        return page
    pages = current_app.extensions.setdefault("rendered_pages", {})
    if len(pages) >= LIMIT:
        pages.clear()
    page = render_template(template, **context)
    token = g.get(current_app.config["WTF_CSRF_FIELD_NAME"])  # where flask_wtf keeps the token it gave
    pages[_key(template, key)] = page.replace(token, TOKEN) if token else page
    return page
