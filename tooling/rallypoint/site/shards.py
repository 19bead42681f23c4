"""Sharded builds: ``build --shard K/N`` makes one part of the site, ``merge`` joins the parts.

Pages go to shards by a hash of their source path, so the partition is stable (a page stays in
its shard while others come and go) and balanced. The first shard also writes everything that
is not a page: Material's assets, the feeds, redirects, report.json, 404.html and the sitemap
(which lists every page, since every shard knows them all). Each part carries a manifest,
``rallypoint-part.json``: what it was built from (HEAD, community.yml, the options and
rallypoint's code), which shard it is, every page of the site, and the files it wrote. ``merge``
checks that the parts belong together and cover the site exactly once, then swaps the joined
site in, byte for byte the site one ``build`` makes.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..addresses import COMMUNITY_FILE
from ..errors import BuildFailed, UsageProblem
from ..history.repository import GitError, Repository

MANIFEST = "rallypoint-part.json"
FORMAT = 1
_SPEC = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


class MergeError(BuildFailed):
    """The parts do not make one site; the previous site is untouched."""

    def explain(self) -> str:
        return f"Merge failed: {self}\nThe previous site was left as it was."


@dataclass(frozen=True)
class Shard:
    index: int
    """K, from 1."""
    count: int
    """N."""

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``K/N`` with 1 ≤ K ≤ N; UsageProblem otherwise."""
        found = _SPEC.fullmatch(text)
        if found is None:
            raise UsageProblem(f"`{text}` is not a shard; write K/N, like 1/4 for the first of four parts")
        shard = cls(int(found[1]), int(found[2]))
        if not 1 <= shard.index <= shard.count:
            raise UsageProblem(f"shard {text} does not exist; K goes from 1 to N, as in 1/{max(shard.count, 1)}")
        return shard

    def owns(self, src: str) -> bool:
        digest = hashlib.blake2b(src.encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def pages_digest(pages: list[str]) -> str:
    return hashlib.blake2b("\n".join(pages).encode(), digest_size=16).hexdigest()


def finish_part(
    part: Path, shard: Shard, fingerprint: str, pages: list[str], own: list[str], foreign: list[str]
) -> None:
    """Keep only what this shard writes in ``part`` and describe it in the manifest.

    ``own`` are the site paths of this shard's pages, ``foreign`` those of the pages it
    rendered for the nav's sake only. The first shard keeps everything else too.
    """
    keep, drop = set(own), set(foreign)
    for path in sorted(part.rglob("*"), reverse=True):
        name = path.relative_to(part).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif name in drop or (shard.index != 1 and name not in keep):
            path.unlink()
    files = sorted(p.relative_to(part).as_posix() for p in part.rglob("*") if p.is_file())
    manifest = {
        "format": FORMAT,
        "fingerprint": fingerprint,
        "shard": [shard.index, shard.count],
        "pages": pages if shard.index == 1 else [],
        "pages_digest": pages_digest(pages),
        "files": files,
    }
    (part / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False))


def _read_manifest(part: Path) -> dict:
    path = part / MANIFEST
    if not part.is_dir():
        raise MergeError(f"{part} is not a folder; give the folders `rallypoint build --shard K/N` wrote")
    try:
        data = json.loads(path.read_text())
        if data["format"] != FORMAT:
            raise MergeError(f"{path} comes from another version of rallypoint; rebuild every part with this one")
        index, count = data["shard"]
        data["shard"] = Shard(int(index), int(count))
        missing = [key for key in ("fingerprint", "files", "pages_digest") if key not in data]
        if missing:
            raise KeyError(missing[0])
        return data
    except FileNotFoundError:
        raise MergeError(f"{part} has no {MANIFEST}: it is not a part made by `rallypoint build --shard K/N`") from None
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise MergeError(f"{path} cannot be read ({error}); build that part again") from None


def check_parts(parts: list[Path]) -> list[tuple[Path, dict]]:
    """The parts' manifests, in shard order; MergeError unless they are exactly one site's N parts."""
    if not parts:
        raise UsageProblem("give the folders of the parts to merge, e.g. `rallypoint merge part-1 part-2`")
    found = [(part, _read_manifest(part)) for part in parts]
    first = found[0][1]
    for part, data in found[1:]:
        if data["fingerprint"] != first["fingerprint"]:
            raise MergeError(
                f"{part} was built from another commit, community.yml, options or rallypoint than "
                f"{found[0][0]}; build every part from the same commit with the same options"
            )
        if data["shard"].count != first["shard"].count or data["pages_digest"] != first["pages_digest"]:
            raise MergeError(f"{part} is a part of {data['shard'].count}, {found[0][0]} of {first['shard'].count}")
    count = first["shard"].count
    by_index: dict[int, Path] = {}
    for part, data in found:
        index = data["shard"].index
        if index in by_index:
            raise MergeError(f"{by_index[index]} and {part} are both shard {index}/{count}; give each part once")
        by_index[index] = part
    missing = [f"{k}/{count}" for k in range(1, count + 1) if k not in by_index]
    if missing:
        raise MergeError(f"shard {', '.join(missing)} is missing; build it with `rallypoint build --shard K/{count}`")
    found.sort(key=lambda item: item[1]["shard"].index)
    owner: dict[str, Path] = {}
    for part, data in found:
        for name in data["files"]:
            if name in owner:
                raise MergeError(f"{name} is in both {owner[name]} and {part}; the parts overlap, rebuild them")
            if not (part / name).is_file():
                raise MergeError(f"{part} lost {name} since it was built; build that part again")
            owner[name] = part
    return found


def join_parts(found: list[tuple[Path, dict]], into: Path) -> None:
    """Copy every part's files into the empty folder ``into``."""
    for part, data in found:
        for name in data["files"]:
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(part / name, target)


def part_fingerprint(root: Path, options: dict) -> str:
    """What every part of one site must share: HEAD, community.yml, the options, rallypoint's code."""
    from .cache import code_digest

    try:
        head = Repository.find(root).head()
    except GitError:
        head = None
    try:
        config = hashlib.sha256((root / COMMUNITY_FILE).read_bytes()).hexdigest()
    except OSError:
        config = None
    shared = {k: v for k, v in options.items() if k != "site"}
    text = json.dumps([head and head[0], config, code_digest(), shared], sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()
