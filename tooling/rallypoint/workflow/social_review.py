"""What a pull request does to people's words and social actions, for ``review``.

Per changed contribution: its kind, its authors, whether the pull request's author is one of them
("edits Rosa Díaz's post: +1 paragraph"), and the endorsements and acceptances it adds or
removes. Errors for an endorsement or acceptance made in someone else's name, and for an idea
status only a maintainer of the purpose may set. Who maintains what is read from the base, which
the pull request cannot have changed.
"""

from __future__ import annotations

from dataclasses import replace

from .. import catalogue as rp
from ..addresses import Page
from ..diagnostics import Diagnostic
from ..history.claims import prediction_text
from ..model.records import Community, Contribution

WITHDRAWN = "withdrawn"
DEFAULT_STATUS = "proposed"


def _item(c: Community | None, path: str) -> Contribution | None:
    page = Page.of_source(path)
    if c is None or page is None or page.kind != "contribution":
        return None
    return c.contributions.get(page.id)


def _names(c: Community, handles) -> str:
    return ", ".join(c.contributors[h].name if h in c.contributors else h for h in handles)


def _paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]


def _body_change(before: Contribution, after: Contribution) -> str:
    old, new = _paragraphs(before.body), _paragraphs(after.body)
    added = sum(1 for p in new if p not in old)
    removed = sum(1 for p in old if p not in new)
    parts = [f"+{added} paragraph{'s' * (added != 1)}"] if added else []
    parts += [f"−{removed} paragraph{'s' * (removed != 1)}"] if removed else []
    if parts:
        return ", ".join(parts)
    if before.body != after.body:
        return "whitespace in the text"
    return "text unchanged" if replace(before, path=after.path, slug=after.slug) == after else "front matter only"


def social_actions(old: Contribution | None, new: Contribution | None) -> list[str]:
    """The endorsements and acceptances a change adds or removes, as phrases."""
    out = []
    before = set(old.endorsed_by) if old else set()
    after = set(new.endorsed_by) if new else set()
    out += [f"adds {h}'s endorsement" for h in sorted(after - before)]
    out += [f"removes {h}'s endorsement" for h in sorted(before - after)]
    was, now = (old.accepted if old else None), (new.accepted if new else None)
    if now and now != was:
        out.append(f"accepts answer {now}")
    elif was and not now:
        out.append(f"withdraws acceptance of {was}")
    made = _predictions(new) - _predictions(old)
    out += [f"adds {t.split()[0]}'s prediction of {t.split()[1]}" for t in sorted(made)]
    if new and new.resolution and not (old and old.resolution == new.resolution):
        out.append(f"resolves the forecast {new.resolution.outcome}")
    old_status = (old.status or DEFAULT_STATUS) if old and old.kind == "idea" else None
    if new and new.kind == "idea" and old_status and (new.status or DEFAULT_STATUS) != old_status:
        out.append(f"moves the idea from {old_status} to {new.status}")
    return out


def describe(
    action: str, path: str, old_path: str | None, old: Community | None, new: Community | None, handle: str | None
) -> str:
    """One line on a changed contribution: whose it is, what changed in it, its social actions."""
    before, after = _item(old, old_path or path), _item(new, path)
    item = after or before
    community = new if after else old
    if item is None or community is None:
        return ""
    if action == "added" or before is None:
        text = f"adds a {item.kind} by {_names(community, item.authors)}"
    elif action == "removed" or after is None:
        text = f"removes {_names(community, item.authors)}'s {item.kind}"
    else:
        own = handle is not None and handle in before.authors
        whose = "their own" if own else f"{_names(community, before.authors)}'s"
        verb = "moves" if action == "renamed" else "edits"
        text = f"{verb} {whose} {item.kind}: {_body_change(before, after)}"
    actions = social_actions(before if action != "added" else None, after)
    return "; ".join([text, *actions])


def social_problems(changes, old: Community | None, new: Community, handle: str | None, login: str) -> list[Diagnostic]:
    """Endorsements, acceptances and idea statuses that ``handle`` (@``login``) may not set."""
    out: list[Diagnostic] = []
    who = f"`{handle}` (@{login})" if handle else f"@{login}, who has no profile,"
    trusted = old or new
    for change in changes:
        if change.what != "contribution" or change.action == "removed":
            continue
        after = _item(new, change.path)
        if after is None:
            continue
        before = _item(old, change.old_path or change.path) if change.action != "added" else None
        purpose = trusted.purposes.get(after.purpose) or new.purposes.get(after.purpose)
        maintains = handle is not None and purpose is not None and handle in purpose.maintainers
        for h in sorted(set(after.endorsed_by) - set(before.endorsed_by if before else ())):
            if h != handle:
                out.append(
                    after.problem(
                        rp.ON_BEHALF,
                        ("endorsed_by",),
                        f"{who} adds `{h}`'s endorsement; only {h} can endorse, from their own commit "
                        f"(`rallypoint endorse {after.slug}`)",
                    )
                )
        if after.accepted and after.accepted != (before.accepted if before else None):
            deciders = (before or after).authors
            if not maintains and handle not in deciders:
                out.append(
                    after.problem(
                        rp.ON_BEHALF,
                        ("accepted",),
                        f"{who} sets the accepted answer; only the question's author "
                        f"({_names(trusted, deciders)}) or a maintainer of `{after.purpose}` may",
                    )
                )
        out += _status_move(after, before, handle, maintains, who)
        out += forecast_problems(after, before, handle, maintains, who)
    return out


def _predictions(item: Contribution | None) -> set[str]:
    return {prediction_text(x.by, x.p, x.date) for x in item.predictions} if item else set()


def forecast_problems(after: Contribution, before: Contribution | None, handle, maintains: bool, who: str):
    """Predictions are append-only and each person's own; only a maintainer of the purpose resolves."""
    if after.kind != "forecast" and not (before and before.kind == "forecast"):
        return []
    out = []
    now = [prediction_text(x.by, x.p, x.date) for x in after.predictions]
    for i, x in enumerate(before.predictions if before else ()):
        text = prediction_text(x.by, x.p, x.date)
        if text not in now:
            out.append(
                after.problem(
                    rp.PREDICTION_REWRITTEN,
                    ("predictions", min(i, len(now) - 1)) if now else ("kind",),
                    f"{who} edits or removes {x.by}'s prediction of {x.p} on {x.date}; predictions are "
                    f"append-only: put it back and append a new one (`rallypoint predict {after.slug} P`)",
                )
            )
    was = _predictions(before)
    for i, x in enumerate(after.predictions):
        if x.by != handle and prediction_text(x.by, x.p, x.date) not in was:
            out.append(
                after.problem(
                    rp.ON_BEHALF,
                    ("predictions", i, "by"),
                    f"{who} adds a prediction in `{x.by}`'s name; only {x.by} can predict, from their own "
                    f"commit (`rallypoint predict {after.slug} P`)",
                )
            )
    if after.resolution and not maintains and (before is None or before.resolution != after.resolution):
        out.append(
            after.problem(
                rp.ON_BEHALF,
                ("resolution",),
                f"{who} resolves the forecast; only a maintainer of `{after.purpose}` may "
                f"(`rallypoint resolve {after.slug} yes|no`)",
            )
        )
    return out


def _status_move(after: Contribution, before: Contribution | None, handle, maintains: bool, who: str):
    if after.kind != "idea":
        return []
    old = (before.status or DEFAULT_STATUS) if before else DEFAULT_STATUS
    new = after.status or DEFAULT_STATUS
    if new == old or maintains:
        return []
    authors = (before or after).authors
    if handle in authors and {old, new} <= {DEFAULT_STATUS, WITHDRAWN}:
        return []  # the author takes their idea back, or puts it forward again
    allowed = "its author may set `withdrawn`; " if new == WITHDRAWN else ""
    return [
        after.problem(
            rp.IDEA_STATUS_MOVE,
            ("status",),
            f"{who} moves the idea from `{old}` to `{new}`; {allowed}only a maintainer of "
            f"`{after.purpose}` moves an idea past proposed",
        )
    ]
