"""The Flask class Coverage Check is built from: Flask, with each hook's and view's synchronous form
found once.

Flask asks `inspect` whether every before- and after-request hook and the view are coroutine
functions, on every request (`Flask.ensure_sync`: a dozen calls a page here). The answer for a
function never changes, so it is kept by the function. Measured in bench/pages.py.
"""
from __future__ import annotations

from flask import Flask

SYNC_FORMS_KEPT = 1024  # hooks, views and error handlers are a few dozen; a bound, not a goal


class CoverageCheck(Flask):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync_forms: dict = {}

    def ensure_sync(self, func):
        try:
            return self._sync_forms[func]
        except KeyError:
            form = super().ensure_sync(func)
            if len(self._sync_forms) < SYNC_FORMS_KEPT:
                self._sync_forms[func] = form
            return form
        except TypeError:  # a callable that cannot be a key is asked about each time, as Flask does
            return super().ensure_sync(func)
