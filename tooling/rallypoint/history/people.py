"""Who a git identity is in the community: a profile, or a person known from git only.

Profiles claim identities by their ``emails`` and, through GitHub's noreply addresses
(``123+login@users.noreply.github.com``), by their ``github`` login. Everyone else keeps the
name git gives them, under a readable key that no profile uses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model.records import Contributor
from ..model.schema import slugify
from .log import Person

_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9-]+)@users\.noreply\.github\.com$")


def noreply_login(email: str) -> str | None:
    """The GitHub login of a GitHub noreply address, or None for any other address."""
    match = _NOREPLY.match(email)
    return match.group(1) if match else None


class PersonKeys:
    """Git identities to person keys: a profile's handle, or a key for a git-only person."""

    def __init__(self, contributors: Mapping[str, Contributor]) -> None:
        self._by_email = {e.casefold(): p.handle for p in contributors.values() for e in p.emails}
        self._by_login = {p.github.casefold(): p.handle for p in contributors.values() if p.github}
        self._taken = set(contributors)
        self._git_only: dict[Person, str] = {}
        self._key_of_name: dict[str, str] = {}
        self.git_only_names: dict[str, str] = {}
        """Key → name of everyone known from git only, in the order they were met."""

    def key(self, person: Person) -> str:
        email = person.email.casefold()
        if email in self._by_email:
            return self._by_email[email]
        login = noreply_login(email)
        if login and login.casefold() in self._by_login:
            return self._by_login[login.casefold()]
        if person not in self._git_only:
            key = self._key_of_name.get(person.name)
            if key is None:
                key = self._new_key(person.name)
                self._key_of_name[person.name] = key
                self.git_only_names[key] = person.name
            self._git_only[person] = key
        return self._git_only[person]

    def _new_key(self, name: str) -> str:
        base = slugify(name) or "someone"
        key, n = base, 2
        while key in self._taken:
            key, n = f"{base}-{n}", n + 1
        self._taken.add(key)
        return key
