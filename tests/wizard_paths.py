"""Whole paths through the wizard, as the pages a person posts and what they post, and a way to walk them."""
from __future__ import annotations

import re

AUDIENCES = ("member", "provider", "agent")

DATE = {"month": "3", "day": "1", "year": "2024"}  # inside the policy's dates: no review warning

COACHING_FOLLOW_UP = (
    ("diagnosis", {"diagnosis": "mental_health"}),
    ("service", {"service": "coaching"}),
    ("provider-credential", {"credential": "nbhwc"}),
    ("state", {"state": "NY"}),
    ("setting", {"setting": "outpatient"}),
    ("group", {"group": "individual"}),
    ("session", {"session": "follow_up"}),
    ("minutes", {"minutes": "45"}),
    ("delivery", {"delivery": "in_person"}),
    ("date-of-service", DATE),
)
COACHING_INITIAL = (
    ("diagnosis", {"diagnosis": "both"}),
    ("service", {"service": "coaching"}),
    ("provider-credential", {"credential": "licensed"}),
    ("state", {"state": "TX"}),
    ("setting", {"setting": "outpatient"}),
    ("group", {"group": "individual"}),
    ("session", {"session": "initial"}),
    ("delivery", {"delivery": "in_person"}),
    ("date-of-service", DATE),
)
COACHING_GROUP = (
    ("diagnosis", {"diagnosis": "mental_health"}),
    ("service", {"service": "coaching"}),
    ("provider-credential", {"credential": "nchec"}),
    ("state", {"state": "OH"}),
    ("setting", {"setting": "outpatient"}),
    ("group", {"group": "group"}),
    ("minutes", {"minutes": "60"}),
    ("delivery", {"delivery": "in_person"}),
    ("date-of-service", DATE),
)
PEER_SUPPORT = (
    ("diagnosis", {"diagnosis": "substance_use"}),
    ("service", {"service": "peer_support"}),
    ("provider-credential", {"credential": "certified_peer"}),
    ("state", {"state": "CA"}),
    ("setting", {"setting": "outpatient"}),
    ("minutes", {"minutes": "60"}),
    ("delivery", {"delivery": "in_person"}),
    ("date-of-service", DATE),
)
# every "I'm not sure" the wizard offers
NOT_SURE = (
    ("diagnosis", {"diagnosis": "unknown"}),
    ("service", {"service": "coaching"}),
    ("provider-credential", {"credential": "unknown"}),
    ("state", {"state": "PR"}),
    ("setting", {"setting": "unknown"}),
    ("group", {"group": "unknown"}),
    ("session", {"session": "unknown"}),
    ("minutes", {"minutes_unknown": "y"}),
    ("delivery", {"delivery": "unknown"}),
    ("date-of-service", DATE),
)
PATHS = {"coaching_follow_up": COACHING_FOLLOW_UP, "coaching_initial": COACHING_INITIAL,
         "coaching_group": COACHING_GROUP, "peer_support": PEER_SUPPORT, "not_sure": NOT_SURE}


CHECK_URL = re.compile(r"/check/([a-z2-9]{10})/diagnosis")


def start(client, audience: str):
    """Start a check; the client remembers its id (see `at`) for the pages that follow."""
    response = client.post(f"/{audience}")
    assert response.status_code == 302, response.status_code
    found = CHECK_URL.fullmatch(response.headers["Location"])
    assert found, response.headers["Location"]
    client.check_id = found.group(1)
    return response


def at(client, check_id: str | None = None) -> str:
    """The address of the client's current check (the one `start` began), or of the given one."""
    return f"/check/{check_id or client.check_id}"


def walk(client, path) -> list[str]:
    """Post every answer of a path in order; each must be accepted. Returns where each post led."""
    went = []
    for slug, data in path:
        page = client.get(f"{at(client)}/{slug}")
        assert page.status_code == 200, (slug, page.status_code, page.headers.get("Location"))
        response = client.post(f"{at(client)}/{slug}", data=data)
        assert response.status_code == 302, (slug, response.status_code)
        went.append(response.headers["Location"])
    return went


def answers(client) -> dict:
    with client.session_transaction() as session:
        return dict(session.get("checks", {}).get(client.check_id, {}).get("answers", {}))


def on_check_page(page, slug: str) -> bool:
    """Whether a browser page is at this page of a check: /check/<id>/<slug>."""
    return re.search(rf"/check/[a-z2-9]{{10}}/{re.escape(slug)}$", page.url) is not None
