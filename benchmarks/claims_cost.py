"""What does verifying endorsements and acceptances add to reading the history?

    python benchmarks/claims_cost.py [--contributions 2000] [--commits 3000] [--repeat 3]

Generates the synthetic community of build_speed.py (2,000 contributions, 3,000 commits; its
ideas carry endorsements) and times, in this one process, the reference: ``read_history`` (the
one ``git log`` pass every build makes), then ``verify_claims`` on its result (one
``git cat-file --batch`` over the versions of the files holding claims), best of ``--repeat``.
Target: verification at most 1.0x the history pass (it may at most double the git reading a build does). Exit 0 on PASS, 1 on FAIL.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tooling"))

from rallypoint.history.claims import verify_claims  # noqa: E402
from rallypoint.history.log import read_history  # noqa: E402
from rallypoint.model.community import load_community  # noqa: E402
from synthetic import generate_community  # noqa: E402

TARGET = 1.0


def _best(repeat: int, run) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=3000)
    parser.add_argument("--contributors", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rallypoint-claims-") as tmp:
        root = Path(tmp) / "community"
        generate_community(root, args.contributions, args.contributors, commits=args.commits)
        community = load_community(root).community
        history_time, history = _best(args.repeat, lambda: read_history(root, community.settings.bots))
        claims_time, claims = _best(args.repeat, lambda: verify_claims(community, history))
    endorsements = sum(len(group) for group in claims.endorsements.values())
    verified = sum(c.verified for group in claims.endorsements.values() for c in group)
    ratio = claims_time / history_time
    print(f"{args.contributions} contributions, {args.commits} commits")
    print(f"  history pass (reference)  {history_time * 1000:8.1f} ms")
    print(f"  verify claims             {claims_time * 1000:8.1f} ms   ({len(claims.endorsements)} ideas,")
    print(f"    {endorsements} endorsements ({verified} verified), {len(claims.acceptances)} acceptances)")
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"  ratio {ratio:.2f}x (target ≤ {TARGET:.2f}x): {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
