"""Words around the policy's quotes for readers of Spanish: section labels and state names in the
page's language, and an unofficial Spanish rendering after each English quote.

The quotes themselves stay in English, the authority; the renderings live in a data file beside
the policy's (app/policies/a015/2023-04-15.es.yaml), keyed by the English quote text.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from flask import current_app
from flask_babel import get_locale, lazy_gettext as _l

from ..coverage.answers import STATES

# the policy's section headings, as citations name them
SECTION_LABELS = {
    "Administrative Policy": _l("Administrative Policy"),
    "Behavioral Health Coaching": _l("Behavioral Health Coaching"),
    "Coding Information": _l("Coding Information"),
    "General Background": _l("General Background"),
    "Peer Support Services": _l("Peer Support Services"),
    "Purpose": _l("Purpose"),
    "References": _l("References"),
    "Related Coverage Resources": _l("Related Coverage Resources"),
    "Effective Date": _l("Effective Date"),
    "Next Review Date": _l("Next Review Date"),
}

# only the names that are written otherwise in Spanish are marked; the rest are the same in both
STATE_NAMES = {
    "DC": _l("District of Columbia"), "HI": _l("Hawaii"), "LA": _l("Louisiana"), "MI": _l("Michigan"),
    "MS": _l("Mississippi"), "MO": _l("Missouri"), "NH": _l("New Hampshire"), "NJ": _l("New Jersey"),
    "NM": _l("New Mexico"), "NY": _l("New York"), "NC": _l("North Carolina"), "ND": _l("North Dakota"),
    "OR": _l("Oregon"), "PA": _l("Pennsylvania"), "SC": _l("South Carolina"), "SD": _l("South Dakota"),
    "WV": _l("West Virginia"), "AS": _l("American Samoa"), "MP": _l("Northern Mariana Islands"),
    "VI": _l("U.S. Virgin Islands"),
}


def state_name(code: str) -> str:
    """A state's or territory's name in the page's language."""
    return str(STATE_NAMES.get(code) or STATES.get(code, code))


def section_label(section: str) -> tuple[str, str]:
    """(the label, its language): a heading we have no words for stays in English, marked so."""
    label = SECTION_LABELS.get(section)
    return (str(label), str(get_locale() or "en")) if label is not None else (section, "en")


def renderings_path(policy_path: str | Path) -> Path:
    path = Path(policy_path)
    return path.with_name(path.stem + ".es.yaml")


@lru_cache(maxsize=4)
def load_renderings(path: str) -> dict[str, str]:
    """The renderings file as {English quote: Spanish}; none when the file is missing."""
    file = Path(path)
    if not file.exists():
        return {}
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return {str(key): " ".join(str(value).split()) for key, value in data.items()}


@lru_cache(maxsize=4)
def _all_renderings(policy_path: str) -> dict[str, str]:
    """The renderings of every version POLICY_PATH names: a version's words render the same in each."""
    found: dict[str, str] = {}
    for location in policy_path.split(":"):
        location = Path(location)
        for version in (sorted(location.glob("*.yaml")) if location.is_dir() else [location]):
            if "." not in version.stem:  # 2023-04-15.yaml, not its renderings
                found.update(load_renderings(str(renderings_path(version))))
    return found


def rendering(quote: str) -> str | None:
    """The unofficial Spanish of an English quote, on a Spanish page; None elsewhere or when there is none."""
    if str(get_locale() or "en") != "es":
        return None
    return _all_renderings(str(current_app.config["POLICY_PATH"])).get(quote)


def template_globals() -> dict:
    return {"state_name": state_name, "section_label": section_label, "rendering": rendering}
