"""The words pages show for rallypoint's own values (kinds, statuses, states), in the site's language.

Each is written out as a literal ``pgettext``/``ngettext`` call so that the extraction finds it;
the context tells translators which word is meant ("open" for a goal, or for a question).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import jinja2

from .i18n import Language


def _table(pgettext: Callable[[str, str], str]) -> dict[str, dict[str, str]]:
    return {
        "kind": {
            "article": pgettext("kind", "article"),
            "post": pgettext("kind", "post"),
            "note": pgettext("kind", "note"),
            "bookmark": pgettext("kind", "bookmark"),
            "idea": pgettext("kind", "idea"),
            "question": pgettext("kind", "question"),
            "answer": pgettext("kind", "answer"),
            "forecast": pgettext("kind", "forecast"),
        },
        "kinds": {
            "article": pgettext("kinds", "Articles"),
            "post": pgettext("kinds", "Posts"),
            "note": pgettext("kinds", "Notes"),
            "bookmark": pgettext("kinds", "Bookmarks"),
            "idea": pgettext("kinds", "Ideas"),
            "question": pgettext("kinds", "Questions"),
            "answer": pgettext("kinds", "Answers"),
            "forecast": pgettext("kinds", "Forecasts"),
        },
        "purpose": {
            "active": pgettext("purpose status", "active"),
            "paused": pgettext("purpose status", "paused"),
            "retired": pgettext("purpose status", "retired"),
        },
        "idea": {
            "proposed": pgettext("idea status", "proposed"),
            "evaluating": pgettext("idea status", "evaluating"),
            "accepted": pgettext("idea status", "accepted"),
            "in-progress": pgettext("idea status", "in progress"),
            "done": pgettext("idea status", "done"),
            "declined": pgettext("idea status", "declined"),
            "withdrawn": pgettext("idea status", "withdrawn"),
        },
        "goal": {
            "done": pgettext("goal state", "done"),
            "on-track": pgettext("goal state", "on track"),
            "behind": pgettext("goal state", "behind"),
            "overdue": pgettext("goal state", "overdue"),
            "open": pgettext("goal state", "open"),
        },
        "change": {
            "added": pgettext("change", "added"),
            "edited": pgettext("change", "edited"),
            "renamed": pgettext("change", "renamed"),
            "removed": pgettext("change", "removed"),
        },
        "outcome": {"yes": pgettext("outcome", "yes"), "no": pgettext("outcome", "no")},
    }


@functools.lru_cache(maxsize=16)
def _words(language: Language) -> dict[str, dict[str, str]]:
    return _table(language.translations.pgettext)


def word(language: Language, group: str, value: str) -> str:
    """``value`` of ``group`` (``kind``, ``kinds``, ``purpose``, ``idea``, ``goal``, ``change``,
    ``outcome``) as the page shows it; unknown values as they are."""
    return _words(language).get(group, {}).get(value, value)


def work_label(language: Language, work: str, n: int) -> str:
    """``3 articles``, ``1 accepted answer``: a count of one kind of work, in the site's language."""
    ngettext = language.translations.ngettext
    labels = {
        "articles": lambda: ngettext("%(num)s article", "%(num)s articles", n),
        "posts": lambda: ngettext("%(num)s post", "%(num)s posts", n),
        "notes": lambda: ngettext("%(num)s note", "%(num)s notes", n),
        "bookmarks": lambda: ngettext("%(num)s bookmark", "%(num)s bookmarks", n),
        "ideas": lambda: ngettext("%(num)s idea", "%(num)s ideas", n),
        "questions": lambda: ngettext("%(num)s question", "%(num)s questions", n),
        "answers": lambda: ngettext("%(num)s answer", "%(num)s answers", n),
        "forecasts": lambda: ngettext("%(num)s forecast", "%(num)s forecasts", n),
        "accepted_answers": lambda: ngettext("%(num)s accepted answer", "%(num)s accepted answers", n),
        "endorsements": lambda: ngettext("%(num)s endorsement given", "%(num)s endorsements given", n),
        "reviews": lambda: ngettext("%(num)s review", "%(num)s reviews", n),
        "edits": lambda: ngettext("%(num)s contribution edited", "%(num)s contributions edited", n),
    }
    made = labels.get(work)
    return made() % {"num": language.number(n)} if made else f"{language.number(n)} {work}"


def plural_samples(language: Language) -> dict[str, int]:
    """A number of each plural category the language has (Arabic: ``zero`` 0, ``one`` 1, ``two`` 2,
    ``few`` 3, ``many`` 11, ``other`` 100), so that a page can hand a script the sentence for each,
    and the script pick one for a count with ``Intl.PluralRules``."""
    samples: dict[str, int] = {}
    for n in range(1001):
        samples.setdefault(language.locale.plural_form(n), n)
    return samples


def install_language(env: jinja2.Environment, language: Language) -> None:
    """Give templates ``_``/``ngettext``/``pgettext`` and ``{% trans %}`` in ``language``, with
    ``date`` and ``number`` filters and ``word``, ``work_label``, ``percent`` and ``plural_samples`` helpers."""
    # Whole sentences, written over several lines in a template, are one line in the catalogue.
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(language.translations, newstyle=True)
    env.globals.update(
        lang=language,
        word=functools.partial(word, language),
        work_label=functools.partial(work_label, language),
        percent=language.percent,
        plural_samples=functools.partial(plural_samples, language),
    )
    env.filters["date"] = language.date
    env.filters["skeleton"] = language.skeleton
    env.filters["number"] = language.number
