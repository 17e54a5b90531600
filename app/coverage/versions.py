"""Every version of a policy, each its own data file named by its effective date; the one in effect
on a date of service decides."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .policy import Policy, PolicyError, load_policy


def version_files(location: Path | str) -> list[Path]:
    """The data files a location names: a directory's `<effective-date>.yaml` files, or one file."""
    location = Path(location)
    if location.is_dir():
        # a version's file is named by its date alone: 2023-04-15.yaml, not its Spanish renderings (.es.yaml)
        files = sorted(f for f in location.glob("*.yaml") if "." not in f.stem)
        if not files:
            raise PolicyError(location, "directory", "holds no policy version (<effective-date>.yaml)")
        return files
    return [location]


@dataclass(frozen=True)
class PolicyLibrary:
    """The versions of one policy, oldest first."""
    versions: tuple[Policy, ...]

    @classmethod
    def load(cls, locations: str | Path | list) -> "PolicyLibrary":
        """Load every version from directories or files (a string may join several with os.pathsep).

        Each file is validated by load_policy; a PolicyError names the file and the field."""
        if isinstance(locations, (str, Path)):
            locations = [p for p in str(locations).split(os.pathsep) if p]
        files = [f for location in locations for f in version_files(location)]
        versions = []
        for path in files:
            policy = load_policy(path)
            if path.stem[:4].isdigit() and path.stem != policy.effective_date.isoformat():
                # a version's file is named by its effective date, so that a reader finds it
                raise PolicyError(path, "effective_date",
                                  f"{policy.effective_date.isoformat()} differs from the file's name {path.name}")
            versions.append(policy)
        first = versions[0]
        for path, policy in zip(files, versions):
            if policy.id != first.id:
                raise PolicyError(path, "id", f"{policy.id} differs from {first.id} in {files[0]}")
        seen: dict[dt.date, Path] = {}
        for path, policy in zip(files, versions):
            if policy.effective_date in seen:
                raise PolicyError(path, "effective_date",
                                  f"{policy.effective_date.isoformat()} is also the effective date of {seen[policy.effective_date]}")
            seen[policy.effective_date] = path
        return cls(tuple(sorted(versions, key=lambda p: p.effective_date)))

    @property
    def id(self) -> str:
        return self.versions[0].id

    @property
    def first(self) -> Policy:
        return self.versions[0]

    def for_date(self, date: dt.date) -> Policy | None:
        """The version in effect on a date: the latest whose effective date is on or before it."""
        found = None
        for policy in self.versions:
            if policy.effective_date <= date:
                found = policy
        return found

    def deciding(self, date: dt.date) -> Policy:
        """The version a determination is made under: the first one for a date before every version,
        so that the engine says the date precedes it."""
        return self.for_date(date) or self.first

    def current(self, today: dt.date | None = None) -> Policy:
        return self.deciding(today or dt.date.today())

    def version(self, effective_date: str) -> Policy | None:
        """A version by its effective date written YYYY-MM-DD; None when there is none."""
        return next((p for p in self.versions if p.effective_date.isoformat() == effective_date), None)

    def by_digest(self, digest: str) -> Policy | None:
        return next((p for p in self.versions if p.digest == digest), None)
