"""The people of an imported site: git's authors and the names pages give, as handles with profiles.

Everyone who wrote an imported file (as git tells it, .mailmap applied, bots left out) and
everyone a page names as its author ends up as a handle: an existing profile when one claims
them (by email, by the GitHub login of a noreply address, or by name), else a new profile with
their emails and, from a GitHub noreply address (``123+login@users.noreply.github.com``), their
GitHub login. Identities that share an email or a name are one person. Handles are readable
slugs of names (``Carol Díaz`` → ``carol-diaz``), made unique with a number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..history.log import Person
from ..history.people import noreply_login
from ..model.characters import INVISIBLE, mixed_script_word
from ..model.fields import GIT_IDENTITY
from ..model.records import Contributor
from ..model.schema import GITHUB, ID, slugify

NAME_LIMIT = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


@dataclass
class NewProfile:
    """A profile the import writes: contributors/<handle>.yml."""

    handle: str
    name: str
    github: str | None
    emails: list[str]
    note: str = ""
    """Why the name differs from what git or the page says, when it does."""


@dataclass
class _Someone:
    names: Counter = field(default_factory=Counter)
    emails: set[str] = field(default_factory=set)
    handle: str = ""


class People:
    """Handles for git identities and written author names; :meth:`settle` once all are known."""

    def __init__(self, contributors: Mapping[str, Contributor]) -> None:
        self._profiles = contributors
        self._by_email = {e.casefold(): p.handle for p in contributors.values() for e in p.emails}
        self._by_login = {p.github.casefold(): p.handle for p in contributors.values() if p.github}
        self._by_name = {_key(p.name): p.handle for p in contributors.values()}
        self._people: list[_Someone] = []
        self._of_email: dict[str, _Someone] = {}
        self._of_name: dict[str, _Someone] = {}
        self._of_login: dict[str, _Someone] = {}
        self._taken = set(contributors)
        self.created: list[NewProfile] = []

    def meet(self, person: Person) -> None:
        """Someone git credits on an imported file."""
        if self._existing(person.email):
            return
        login = (noreply_login(person.email) or "").casefold()
        someone = (
            self._of_email.get(person.email)
            or (self._of_login.get(login) if login else None)
            or self._of_name.get(_key(person.name))
        )
        if someone is None:
            someone = _Someone()
            self._people.append(someone)
        someone.names[person.name] += 1
        if person.email:
            someone.emails.add(person.email)
            self._of_email.setdefault(person.email, someone)
        if login:  # GitHub's two noreply forms, `login@` and `123+login@`, are one account
            self._of_login.setdefault(login, someone)
        self._of_name.setdefault(_key(person.name), someone)

    def handle(self, person: Person) -> str:
        """The handle of someone met, after :meth:`settle`."""
        found = self._existing(person.email)
        if found:
            return found
        return (self._of_email.get(person.email) or self._of_name[_key(person.name)]).handle

    def written(self, names: Iterable[str]) -> list[str]:
        """Handles for authors as a page writes them: handles, ``@logins``, names or emails."""
        handles: list[str] = []
        for written in names:
            found = self._written(written.strip())
            if found not in handles:
                handles.append(found)
        return handles

    def _written(self, text: str) -> str:
        if text in self._profiles:
            return text
        login = text.removeprefix("@").casefold()
        if login in self._by_login:
            return self._by_login[login]
        if login in self._of_login:
            return self._settled(self._of_login[login])
        found = self._existing(text) or self._by_name.get(_key(text))
        if found:
            return found
        someone = self._of_email.get(text.casefold()) or self._of_name.get(_key(text))
        if someone is None:
            someone = _Someone(Counter({text.removeprefix("@"): 1}))
            self._people.append(someone)
            self._of_name[_key(text)] = someone
        return self._settled(someone)

    def _existing(self, email: str) -> str | None:
        """The profile that claims an email, itself or by its GitHub login.

        Never by name alone: a profile that does not list the email would not be credited
        with the commits, so the person gets their own profile, and the report says so.
        """
        login = noreply_login(email)
        return self._by_email.get(email.casefold()) or (self._by_login.get(login.casefold()) if login else None)

    def namesakes(self) -> list[tuple[str, str]]:
        """(new handle, existing handle) of new profiles whose name an existing profile has."""
        return [(p.handle, self._by_name[_key(p.name)]) for p in self.created if _key(p.name) in self._by_name]

    def settle(self) -> None:
        """Give everyone met a handle and a profile."""
        for someone in self._people:
            self._settled(someone)

    def _settled(self, someone: _Someone) -> str:
        if someone.handle:
            return someone.handle
        emails = sorted(e for e in someone.emails if GIT_IDENTITY.fullmatch(e))
        login = next((noreply_login(e) for e in emails if noreply_login(e)), None)
        login = login if login and GITHUB.fullmatch(login) else None
        written = someone.names.most_common(1)[0][0] if someone.names else ""
        name, note = _usable_name(written, login)
        base = slugify(name) or slugify(login or "") or slugify(emails[0].split("@")[0] if emails else "") or "someone"
        handle, n = base, 2
        while handle in self._taken or not ID.fullmatch(handle):
            handle = f"{base[:60]}-{n}"
            n += 1
        self._taken.add(handle)
        someone.handle = handle
        self.created.append(NewProfile(handle, name or handle, login, emails, note))
        return handle


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _usable_name(name: str, login: str | None) -> tuple[str, str]:
    """A name that passes the model's checks, and a note when it had to change."""
    clean = " ".join(INVISIBLE.sub("", _CONTROL.sub(" ", name)).split())
    note = "" if clean == name else "invisible or control characters removed from the name"
    if mixed_script_word(clean):
        return login or "", f"git's name `{clean}` mixes scripts in one word; named by the GitHub login instead"
    if clean and not any(c.isalnum() for c in clean):
        return login or "", f"git's name `{clean}` has no letter or digit; named by the GitHub login or the handle"
    if len(clean) > NAME_LIMIT:
        clean, note = clean[:NAME_LIMIT].rstrip(), f"name cut to {NAME_LIMIT} characters"
    return clean, note
