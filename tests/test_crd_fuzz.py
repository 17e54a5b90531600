"""Hostile hook requests: random JSON, and the guide-based examples with any one value replaced.

Every answer is 200 (and a valid CDS Hooks response) or 400; never a 5xx, never a traceback.
"""
import copy
import json
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from crd_checks import check_response, load
from hostile import json_values, paths
from hypothesis import HealthCheck, given, settings

from conftest import make_app, upgrade

_folder = Path(tempfile.mkdtemp(prefix="coverage-check-crd-fuzz-"))
APP = make_app(f"sqlite:///{_folder / 'fuzz.sqlite'}", CRD_JWT_REQUIRED=False)
upgrade(APP)
CLIENT = APP.test_client()
EXAMPLES = {"/cds-services/a015-order-sign": load("order-sign-a015.json"),
            "/cds-services/a015-appointment-book": load("appointment-book-a015.json"),
            "/cds-services/a015-order-dispatch": load("order-dispatch-a015.json")}

PLACES = {url: [p for p in paths(body) if p] for url, body in EXAMPLES.items()}


def answered(response):
    assert response.status_code in (200, 400), (response.status_code, response.get_data(as_text=True)[:500])
    if response.status_code == 200:
        check_response(response.get_json())
    else:
        assert set(response.get_json()) == {"errors"}


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(url=st.sampled_from(sorted(EXAMPLES)), data=st.data(), value=json_values)
def test_any_one_value_replaced_is_answered_or_refused(url, data, value):
    body = copy.deepcopy(EXAMPLES[url])
    *parents, last = data.draw(st.sampled_from(PLACES[url]))
    holder = body
    for key in parents:
        holder = holder[key]
    holder[last] = value
    answered(CLIENT.post(url, data=json.dumps(body), content_type="application/json"))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(url=st.sampled_from(sorted(EXAMPLES)), body=json_values)
def test_random_json_is_refused_with_a_400(url, body):
    answered(CLIENT.post(url, data=json.dumps(body), content_type="application/json"))
