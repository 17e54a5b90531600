"""The CRD benchmark still runs its parts: its calls are answered and its percentiles are right. No timing asserted."""
import shutil
import sys
from pathlib import Path

import jwt

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import crd  # noqa: E402
from conftest import make_app  # noqa: E402
from crd_checks import check_response  # noqa: E402


def test_every_call_of_the_mix_is_answered_and_valid(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "bench.sqlite")
    client = make_app(f"sqlite:///{tmp_path / 'bench.sqlite'}", CRD_JWT_REQUIRED=False).test_client()
    outcomes = set()
    for _label, path, body in crd.bodies():
        response = client.post(path, json=body)
        assert response.status_code == 200
        for extension in check_response(response.get_json()).values():
            outcomes |= {p["valueCode"] for p in extension["extension"] if p["url"] == "covered"}
    assert outcomes == {"covered", "not-covered", "conditional"}


def test_each_token_is_fresh_and_verifiable():
    jwks, token = crd.signer()
    first, second = token("http://x/cds-services/a"), token("http://x/cds-services/a")
    key = jwt.PyJWKSet.from_dict(jwks).keys[0].key
    claims = [jwt.decode(t, key, algorithms=["ES384"], audience="http://x/cds-services/a") for t in (first, second)]
    assert claims[0]["jti"] != claims[1]["jti"]


def test_percentiles_are_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert (crd.percentile(values, 0.5), crd.percentile(values, 0.9), crd.percentile(values, 0.99)) == (50.0, 90.0, 99.0)
    assert crd.percentile([3.0], 0.99) == 3.0


def test_the_costly_requests_benchmark_runs_on_a_tiny_count():
    from bench import costly
    assert costly.most_orders() > 20  # more than the cap fits in one call's 64 KB
    result = costly.run(1, (1, 3))
    assert [h["judged"] for h in result["hooks"]] == [1, 3]
    assert result["capped"]["judged"] == result["cap"] < result["uncapped"]["judged"] == result["most"]
    text = costly.markdown(result, "python bench/costly.py --rounds 1", "0 0 0")
    assert "laid out by WeasyPrint each time" in text and "Each order judged adds about" in text


def test_one_calls_cpu_runs_all_three_ways_and_leaves_the_verdicts_kept():
    from app.crd import hook
    from bench import crd_cpu
    limit = hook.VERDICT_MAX_TEXT
    rows = crd_cpu.run(calls=2)
    assert [row["example"] for row in rows] == list(crd_cpu.EXAMPLES)
    assert all(row["afresh"] > 0 and row["kept"] > 0 and row["signed"] > 0 and row["calls"] == 2 for row in rows)
    assert hook.VERDICT_MAX_TEXT == limit  # the benchmark gives back the limit it turned off
    table = crd_cpu.markdown(rows, "python bench/crd_cpu.py --calls 2", "0.1 0.1 0.1")
    assert "order-sign" in table and "appointment-book" in table and "fresh JWT" in table
