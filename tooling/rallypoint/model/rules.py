"""Rules across files: references between purposes, contributions and people, tags and links.

Each ``_check_*`` function takes the model and yields diagnostics; none does I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import partial

from .. import catalogue as rp
from ..addresses import RESERVED_PURPOSE_IDS, contribution_key
from ..diagnostics import Diagnostic, Rule, did_you_mean
from .forecasts import check_forecasts
from .records import Community, Contribution
from .wikilinks import find_wikilinks


def _people(community: Community, record, key: str, handles: Iterable[str]) -> Iterator[Diagnostic]:
    for i, handle in enumerate(handles):
        if handle not in community.contributors:
            fix = f"add contributors/{handle}.yml or fix the handle"
            yield record.problem(
                rp.UNKNOWN_PERSON,
                (key, i),
                f"`{handle}` in `{key}` has no profile{did_you_mean(handle, community.contributors)}; {fix}",
                fix=fix,
            )


def _check_people(c: Community) -> Iterator[Diagnostic]:
    yield from _people(c, c.settings, "maintainers", c.settings.maintainers)
    for purpose in c.purposes.values():
        yield from _people(c, purpose, "maintainers", purpose.maintainers)
    for item in c.contributions.values():
        yield from _people(c, item, "authors", item.authors)
        yield from _people(c, item, "endorsed_by", item.endorsed_by)


def _check_identities(c: Community) -> Iterator[Diagnostic]:
    owners: dict[str, str] = {}
    logins: dict[str, str] = {}
    for person in c.contributors.values():
        for i, email in enumerate(person.emails):
            other = owners.setdefault(email.casefold(), person.handle)
            if other != person.handle:
                yield person.problem(
                    rp.DUPLICATE_ID,
                    ("emails", i),
                    f"`{email}` is already claimed by contributors/{other}.yml; an email belongs to one person",
                )
        if not person.github:
            continue
        login = person.github.casefold()
        other = logins.setdefault(login, person.handle)
        if other != person.handle:
            yield person.problem(
                rp.DUPLICATE_ID,
                ("github",),
                f"GitHub login `{person.github}` is already contributors/{other}.yml's; set `github` to your own login",
            )


def _check_purposes(c: Community) -> Iterator[Diagnostic]:
    for purpose in c.purposes.values():
        if purpose.id in RESERVED_PURPOSE_IDS:
            yield rp.RESERVED_ID.at(
                purpose.path,
                1,
                1,
                f"`{purpose.id}` is the name of one of the site's own sections "
                f"({', '.join(sorted(RESERVED_PURPOSE_IDS))}); choose another id",
            )
        seen: set[str] = set()
        for i, goal in enumerate(purpose.goals):
            if goal.id in seen:
                yield purpose.problem(
                    rp.DUPLICATE_ID,
                    ("goals", i, "id"),
                    f"goal id `{goal.id}` is used twice in this charter; give each goal its own id",
                )
            seen.add(goal.id)
    folders = defaultdict(list)
    for item in c.contributions.values():
        folders[item.purpose].append(item)
    for folder, items in folders.items():
        if folder in c.purposes:
            continue
        hint = did_you_mean(folder, c.purposes)
        for item in items:
            yield rp.UNKNOWN_PURPOSE.at(
                item.path,
                1,
                1,
                f"content/{folder}/ belongs to no purpose{hint}; move the file to the "
                f"folder of a purpose, or write purposes/{folder}.md",
            )


def _check_contribution(c: Community, item: Contribution, by_key) -> Iterator[Diagnostic]:
    purpose = c.purposes.get(item.purpose)
    if purpose is None:
        return
    if item.kind and item.kind not in purpose.accepts:
        yield item.problem(
            rp.KIND_NOT_ACCEPTED,
            ("kind",),
            f"purpose `{purpose.id}` does not accept {item.kind} contributions; it accepts "
            f"{', '.join(purpose.accepts)}",
        )
    goal_ids = [g.id for g in purpose.goals]
    for i, goal in enumerate(item.goals):
        if goal not in goal_ids:
            known = f"; its goals are {', '.join(goal_ids)}" if goal_ids else "; it has no goals"
            yield item.problem(
                rp.UNKNOWN_GOAL,
                ("goals", i),
                f"purpose `{purpose.id}` has no goal `{goal}`{did_you_mean(goal, goal_ids)}{known}",
            )
    if item.answers:
        question = by_key.get(contribution_key(item.purpose, item.answers))
        if question is None:
            elsewhere = [q for q in by_key.values() if q.slug == item.answers and q.kind == "question"]
            if elsewhere:
                yield item.problem(
                    rp.QUESTION_ELSEWHERE,
                    ("answers",),
                    f"question `{item.answers}` is in {elsewhere[0].purpose}, not in "
                    f"{item.purpose}; an answer lives in its question's purpose folder",
                )
            else:
                slugs = [q.slug for q in by_key.values() if q.purpose == item.purpose and q.kind == "question"]
                yield item.problem(
                    rp.UNKNOWN_QUESTION,
                    ("answers",),
                    f"there is no question `{item.answers}` in {item.purpose}{did_you_mean(item.answers, slugs)}",
                )
        elif question.kind != "question":
            yield item.problem(
                rp.UNKNOWN_QUESTION,
                ("answers",),
                f"`{item.answers}` is a{'n' if question.kind[0] in 'aeiou' else ''} {question.kind}, not a question",
            )
    if item.accepted:
        answer = by_key.get(contribution_key(item.purpose, item.accepted))
        if answer is None or answer.kind != "answer" or answer.answers != item.slug:
            answers = [
                a.slug
                for a in by_key.values()
                if a.purpose == item.purpose and a.answers == item.slug and a.kind == "answer"
            ]
            known = f"; its answers are {', '.join(answers)}" if answers else "; it has no answers yet"
            yield item.problem(
                rp.BAD_ACCEPTED,
                ("accepted",),
                f"`{item.accepted}` is not an answer to this question{did_you_mean(item.accepted, answers)}{known}",
            )


def _check_tags(c: Community) -> Iterator[Diagnostic]:
    aliases = c.settings.tag_aliases
    allowed = c.settings.allowed_tags
    for alias, target in aliases.items():
        if target in aliases:
            yield c.settings.problem(
                rp.BAD_ALIAS,
                ("tags", "aliases", alias),
                f"alias `{alias}` points to `{target}`, which is itself an alias; point it at `{aliases[target]}`",
            )
        elif allowed is not None and target not in allowed:
            yield c.settings.problem(
                rp.BAD_ALIAS,
                ("tags", "aliases", alias),
                f"alias `{alias}` points to `{target}`, which is not in tags.allowed",
            )
    if allowed is None:
        return
    for item in c.contributions.values():
        raw = item.doc.data.get("tags") if item.doc else None
        for i, tag in enumerate(raw if isinstance(raw, list) else ()):
            canonical = aliases.get(tag, tag) if isinstance(tag, str) else None
            if canonical is not None and canonical not in allowed:
                yield item.problem(
                    rp.TAG_NOT_ALLOWED,
                    ("tags", i),
                    f"tag `{tag}` is not in the community's vocabulary"
                    f"{did_you_mean(tag, allowed)}; see tags.allowed in community.yml",
                )


def _link_problem(path: str, line: int, column: int, rule: Rule, message: str) -> Diagnostic:
    return rule.at(path, line, column, message)


def _check_links(c: Community) -> Iterator[Diagnostic]:
    by_slug = c.slugs
    pages = [*c.contributions.values(), *c.purposes.values()]
    hints: dict[tuple[str, bool], str] = {}

    def suggest(word: str, candidates) -> str:
        # A page not written yet is often wanted from many pages: each suggestion is looked for
        # once (comparing with every page's name costs ~0.1 s at 10,000 pages).
        asked = (word, candidates is by_slug)
        if asked not in hints:
            hints[asked] = did_you_mean(word, candidates)
        return hints[asked]

    for page in pages:
        for link in find_wikilinks(page.body):
            diag = partial(_link_problem, page.path, page.body_line + link.line - 1, link.column)
            if link.problem:
                yield diag(rp.MALFORMED_LINK, f"malformed wikilink {link.raw[:80]}: {link.problem}")
            elif link.purpose:
                if link.target not in c.contributions:
                    where = "" if link.purpose in c.purposes else f" (and there is no purpose `{link.purpose}`)"
                    yield diag(
                        rp.WANTED_PAGE,
                        f"{link.raw} links to a page not written yet{where}{suggest(link.target, c.contributions)}",
                    )
            else:
                found = by_slug.get(link.slug, ())
                if len(found) > 1:
                    yield diag(
                        rp.AMBIGUOUS_LINK,
                        f"{link.raw} matches {' and '.join(sorted(found))}; write [[{sorted(found)[0]}]] to pick one",
                    )
                elif not found:
                    yield diag(
                        rp.WANTED_PAGE, f"{link.raw} links to a page not written yet{suggest(link.slug, by_slug)}"
                    )


def find_problems(c: Community) -> list[Diagnostic]:
    """Every cross-file diagnostic of a loaded community."""
    out: list[Diagnostic] = []
    out += _check_people(c)
    out += _check_identities(c)
    out += _check_purposes(c)
    by_key = c.contributions
    for item in c.contributions.values():
        out += _check_contribution(c, item, by_key)
    out += _check_tags(c)
    out += _check_links(c)
    out += check_forecasts(c)
    out += _check_build(c)
    return out


def _check_build(c: Community) -> list[Diagnostic]:
    """RP404: only the material engine builds in shards."""
    settings = c.settings
    if settings.shards > 1 and settings.engine != "material":
        message = f"`build.shards: {settings.shards}` needs the material engine, not {settings.engine}"
        return [settings.problem(rp.SHARDS_NEED_MATERIAL, ("build", "shards"), message)]
    return []
