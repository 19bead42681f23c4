"""Which social actions git proves: endorsements, acceptances and predictions, checked against their commits.

A name in ``endorsed_by``, a question's ``accepted:`` or a forecast's prediction ``by:`` is a claim; the commit that first added
it is the proof (DESIGN.md section 3): the oldest commit whose version of the file holds the
claim while its parent's lacks it, with no removal since, so that a person can replace a claim
made in their name by putting it back themselves. For the few files that hold claims, every
version the history pass saw (and the version just before each of those commits) is read by
one ``git cat-file --batch`` process. The claim is verified when that commit's author, after
.mailmap, is an identity of the person (a profile ``email``, or the GitHub noreply address of
its ``github`` login) and, under ``require_signed``, the commit has a good signature
(``%G?`` = ``G``, from one ``git log --no-walk`` over those commits only)."""

from __future__ import annotations

import io
import logging
import pickle
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import catalogue as rp
from ..diagnostics import Diagnostic
from ..model.records import Community, Contribution
from .log import Commit, History, Person
from .people import PersonKeys
from .repository import GitError, Repository

log = logging.getLogger(__name__)

ENDORSEMENT, ACCEPTANCE, PREDICTION = "endorsement", "acceptance", "prediction"


@dataclass(frozen=True)
class Claim:
    kind: str
    """``endorsement``, ``acceptance`` or ``prediction``."""
    item: str
    """The contribution key that holds it."""
    value: str
    """The endorser's or predictor's handle, or the accepted answer's slug."""
    by: str | None
    """The person key of who made it: the first commit's author (None when no commit added it)."""
    commit: str | None
    """The commit that first added it, when one did."""
    verified: bool


@dataclass(frozen=True)
class Claims:
    available: bool
    """Whether there was a full history to check against; False means nothing could be verified."""
    endorsements: Mapping[str, tuple[Claim, ...]] = field(default_factory=dict)
    """Idea key → a claim per ``endorsed_by`` handle, in file order."""
    acceptances: Mapping[str, Claim] = field(default_factory=dict)
    """Question key → the claim of its ``accepted`` answer."""
    reason: str = ""
    """Why nothing could be verified, for the site and report."""
    predictions: Mapping[str, tuple[Claim, ...]] = field(default_factory=dict)
    """Forecast key → a claim per prediction, in file order."""
    rewritten: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Forecast key → predictions (``by p date``) an earlier commit held that the file no longer does."""

    def predicted(self, key: str, count: int) -> tuple[bool, ...]:
        """Per prediction of a forecast, in file order, whether git proves it (all False without history)."""
        found = self.predictions.get(key, ())
        return tuple(found[n].verified if n < len(found) else False for n in range(count))

    def endorsers(self, key: str, verified: bool = True) -> tuple[str, ...]:
        """The handles endorsing an idea whose endorsement is (or, with False, is not) verified."""
        return tuple(c.value for c in self.endorsements.get(key, ()) if c.verified == verified)

    def accepted(self, key: str) -> bool:
        """Whether the question's acceptance is verified."""
        claim = self.acceptances.get(key)
        return bool(claim and claim.verified)


def verify_claims(community: Community, history: History, require_signed: bool = False) -> Claims:
    """Every endorsement and acceptance of ``community``, each with the commit that proves it or not."""
    if history.head is None:
        return _unproven(community, "there is no git history to check them against")
    if history.shallow:
        return _unproven(community, "the clone is shallow, so the commits that made them may be missing")
    holders = {c.key: c for c in community.contributions.values() if _wanted(c)}
    if not holders:
        return Claims(True)
    try:
        repository = Repository.find(Path(community.root))
        versions = _versions(repository, Path(community.root), holders, history)
    except GitError as error:
        log.warning("could not read the history of endorsements and acceptances: %s", error)
        return _unproven(community, "git could not read the history")
    keys = PersonKeys(community.contributors)
    endorsements: dict[str, tuple[Claim, ...]] = {}
    acceptances: dict[str, Claim] = {}
    predictions: dict[str, tuple[Claim, ...]] = {}
    rewritten: dict[str, tuple[str, ...]] = {}
    for key, item in holders.items():
        steps = versions.get(key, [])
        if item.kind == "forecast":
            predictions[key], rewritten[key] = _predictions(key, item, steps, keys)
        elif item.kind == "idea":
            firsts = _first_adds(steps, "endorsed_by", item.endorsed_by)
            endorsements[key] = tuple(
                _claim(ENDORSEMENT, key, h, firsts.get(h), keys, lambda by, h=h: by == h) for h in item.endorsed_by
            )
        else:
            deciders = {*item.authors, *_maintainers(community, item)}
            first = _first_adds(steps, "accepted", (item.accepted,)).get(item.accepted)
            acceptances[key] = _claim(ACCEPTANCE, key, item.accepted, first, keys, deciders.__contains__)
    claims = Claims(True, endorsements, acceptances, predictions=predictions, rewritten=rewritten)
    return _signed_only(repository, claims) if require_signed else claims


def _wanted(item: Contribution) -> bool:
    return (
        (item.kind == "idea" and bool(item.endorsed_by))
        or (item.kind == "question" and bool(item.accepted))
        or item.kind == "forecast"  # even without predictions: one may have been removed
    )


def prediction_text(by: object, p: object, date: object) -> str:
    """One prediction as ``by p date``, the same whether read from a record or from raw YAML."""
    return f"{by} {float(p) if isinstance(p, int | float) and not isinstance(p, bool) else p} {date}"


def _predictions(
    key: str, item: Contribution, steps: list, keys: PersonKeys
) -> tuple[tuple[Claim, ...], tuple[str, ...]]:
    """Each prediction's claim (proven by the commit that first added that very entry, by its
    ``by``), and the entries earlier versions held that the file has lost: rewritten ones."""
    texts = [prediction_text(x.by, x.p, x.date) for x in item.predictions]
    firsts = _first_adds(steps, "predictions", texts)
    claims = tuple(
        _claim(PREDICTION, key, x.by, firsts.get(t), keys, lambda by, h=x.by: by == h)
        for x, t in zip(item.predictions, texts, strict=True)
    )
    ever = set().union(*(_values(after, "predictions") for _, after, _ in steps)) if steps else set()
    return claims, tuple(sorted(ever - set(texts)))


def _maintainers(community: Community, item: Contribution) -> tuple[str, ...]:
    purpose = community.purposes.get(item.purpose)
    return purpose.maintainers if purpose else ()


def _unproven(community: Community, reason: str) -> Claims:
    endorsements = {
        c.key: tuple(Claim(ENDORSEMENT, c.key, h, None, None, False) for h in c.endorsed_by)
        for c in community.contributions.values()
        if c.kind == "idea" and c.endorsed_by
    }
    acceptances = {
        c.key: Claim(ACCEPTANCE, c.key, c.accepted, None, None, False)
        for c in community.contributions.values()
        if c.kind == "question" and c.accepted
    }
    predictions = {
        c.key: tuple(Claim(PREDICTION, c.key, x.by, None, None, False) for x in c.predictions)
        for c in community.contributions.values()
        if c.kind == "forecast" and c.predictions
    }
    return Claims(False, endorsements, acceptances, reason, predictions)


def _claim(kind, key, value, first, keys: PersonKeys, allowed) -> Claim:
    if first is None:
        return Claim(kind, key, value, None, None, False)
    author: Person | None = first.author
    by = keys.key(author) if author else None
    return Claim(kind, key, value, by, first.sha, by is not None and bool(allowed(by)))


_Step = tuple[Commit, str | None, str | None]
"""A commit that touched the file, the file's front matter after it and just before it."""


def _versions(
    repository: Repository, root: Path, holders: Mapping[str, Contribution], history: History
) -> dict[str, list[_Step]]:
    """Per holder, oldest first: each commit touching it with the front matter after and before."""
    prefix = root.resolve().relative_to(repository.top).as_posix()
    by_path = {item.path: key for key, item in holders.items()}
    wanted: list[tuple[str, Commit, str, str | None]] = []
    for commit in reversed(history.commits):
        for change in commit.changes:
            key = by_path.get(change.current)
            if key is None or change.action == "removed":
                continue
            before = None if change.action == "added" else change.old_path or change.path
            wanted.append((key, commit, _top(prefix, change.path), before and _top(prefix, before)))
    names = []
    for _, commit, after, before in wanted:
        names.append(f"{commit.sha}:{after}")
        names.append(f"{commit.sha}^:{before}" if before else "")
    fronts = _fronts(repository, root, names)
    out: dict[str, list[_Step]] = {}
    for n, (key, commit, _, _) in enumerate(wanted):
        out.setdefault(key, []).append((commit, fronts[2 * n], fronts[2 * n + 1]))
    return out


FRONTS_FILE = "fronts.pickle"
_KEPT_IN: set[Path] = set()


def keep_versions(root: Path) -> None:
    """Let the claims of the community at ``root`` keep the file versions they read in its
    build cache: a build with the cache turns it on (``check``, ``report`` and ``--no-cache``
    builds read git)."""
    _KEPT_IN.add(Path(root).resolve())


def _fronts(repository: Repository, root: Path, names: list[str]) -> list[str | None]:
    """The front matter of each ``sha:path`` version (None where there is none or no name).

    A commit's files never change, so with :func:`keep_versions`, the versions read before
    come from ``.rallypoint-cache/`` and git reads only those of new commits.
    """
    if root.resolve() not in _KEPT_IN:
        return [_front(blob) for blob in _read_blobs(repository, names)]
    from ..kept import CACHE_DIR, PlainUnpickler, keep, read_kept
    from ..site.cache import code_digest  # lazily: it imports the site

    path = root / CACHE_DIR / FRONTS_FILE
    kept: dict[str, str | None] = {}
    key = f"fronts-{code_digest()}"
    payload = read_kept(path, key)
    if payload is not None:
        try:
            kept = PlainUnpickler(io.BytesIO(payload)).load()
            if type(kept) is not dict or not all(type(v) in (str, type(None)) for v in kept.values()):
                kept = {}
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError):
            kept = {}
    missing = [name for name in dict.fromkeys(names) if name and name not in kept]
    found = {**kept, **dict(zip(missing, map(_front, _read_blobs(repository, missing)), strict=True))}
    wanted = {name: found[name] for name in names if name}
    if wanted.keys() != kept.keys():
        try:
            keep(path, key, pickle.dumps(wanted, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as error:
            log.debug("cannot keep the claims' versions in %s (%s)", path, error)
    return [wanted.get(name) if name else None for name in names]


def _top(prefix: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(prefix, path)) if prefix not in ("", ".") else path


def _read_blobs(repository: Repository, names: list[str]) -> list[bytes | None]:
    """The contents of ``rev:path`` names from one ``git cat-file --batch``; None where missing.

    An empty name (no version to read) and a name git cannot take on one line are None.
    """
    asked = [n for n in names if n and "\n" not in n]
    if not asked:
        return [None] * len(names)
    out = repository.run(
        "cat-file", "--batch", "--buffer", input="".join(f"{n}\n" for n in asked).encode("utf-8", "surrogateescape")
    )
    found: dict[str, bytes | None] = {}
    at = 0
    for name in asked:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[name] = out[at : at + size]
            at += size + 1
        elif len(header) == 3:  # a tree or commit named by mistake: skip its content
            at += int(header[2]) + 1
            found[name] = None
        else:
            found[name] = None
    return [found.get(n) for n in names]


def _front(data: bytes | None) -> str | None:
    """A version's front matter, or None when it has none."""
    if data is None:
        return None
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    return text[4 : end + 1 if end >= 0 else len(text)]


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _values(front: str | None, key: str) -> set[str]:
    """The values of one top-level key of a front matter, as YAML reads them.

    Only that key's lines are read as YAML (its line and the indented or ``-`` lines below it):
    reading whole front matters was most of the cost, for two keys that are always at the top.
    """
    if not front:
        return set()
    match = re.search(rf"^{key}[ \t]*:.*\n(?:[ \t-].*\n|[ \t]*\n)*", front, re.MULTILINE)
    if match is None:
        return set()
    try:
        value = yaml.load(match[0], Loader=_LOADER)
    except yaml.YAMLError:
        return set()
    value = value.get(key) if isinstance(value, dict) else None
    items = value if isinstance(value, list) else [value]
    out = {str(v) for v in items if isinstance(v, str | int)}
    out.update(prediction_text(v.get("by"), v.get("p"), v.get("date")) for v in items if isinstance(v, dict))
    return out


def _first_adds(steps: list[_Step], key: str, wanted: Iterable[str]) -> dict[str, Commit]:
    """For each wanted value, the commit that added it to stay: the oldest whose version holds it
    while its parent's did not, with no removal since. A claim taken out and put back is proven
    by whoever put it back, so that a person can replace a claim made in their name with their own.
    """
    wanted, found = set(wanted), {}
    for commit, after, before in steps:
        now, then = _values(after, key) & wanted, _values(before, key) & wanted
        for value in now - then:
            found[value] = commit
        for value in then - now:
            found.pop(value, None)
    return found


def _signed_only(repository: Repository, claims: Claims) -> Claims:
    """The claims, with those whose commit lacks a good signature no longer verified."""
    every = [
        *(c for group in claims.endorsements.values() for c in group),
        *(c for group in claims.predictions.values() for c in group),
        *claims.acceptances.values(),
    ]
    shas = sorted({c.commit for c in every if c.verified and c.commit})
    if not shas:
        return claims
    out = repository.run("log", "--no-walk=unsorted", "--stdin", "--format=%H %G?", input="\n".join(shas).encode())
    good = {line.split()[0] for line in out.decode("ascii", "replace").splitlines() if line.endswith(" G")}

    def kept(c: Claim) -> Claim:
        return c if not c.verified or c.commit in good else Claim(c.kind, c.item, c.value, c.by, c.commit, False)

    return Claims(
        True,
        {k: tuple(map(kept, group)) for k, group in claims.endorsements.items()},
        {k: kept(c) for k, c in claims.acceptances.items()},
        predictions={k: tuple(map(kept, group)) for k, group in claims.predictions.items()},
        rewritten=claims.rewritten,
    )


def rewritten_since_head(community: Community) -> list[Diagnostic]:
    """For ``check``: predictions that HEAD's version of a forecast holds and the working tree's
    lacks (edited or removed before committing). One ``git cat-file --batch`` for all forecasts;
    nothing outside git. ``review`` judges pull requests, the history pass what was merged."""
    forecasts = [c for c in community.contributions.values() if c.kind == "forecast"]
    if not forecasts:
        return []
    try:
        repository = Repository.find(Path(community.root))
        prefix = Path(community.root).resolve().relative_to(repository.top).as_posix()
        blobs = _read_blobs(repository, [f"HEAD:{_top(prefix, c.path)}" for c in forecasts])
    except (GitError, ValueError):
        return []
    out = []
    for item, blob in zip(forecasts, blobs, strict=True):
        now = {prediction_text(x.by, x.p, x.date) for x in item.predictions}
        for text in sorted(_values(_front(blob), "predictions") - now):
            by, p, date = text.split(" ", 2)
            out.append(
                item.problem(
                    rp.PREDICTION_REWRITTEN,
                    ("predictions",),
                    f"{by}'s prediction of {p} on {date} is edited or removed since the last commit; "
                    f"predictions are append-only: put it back, and append a new one (`rallypoint predict {item.slug} P`)",
                )
            )
    return out
