"""Search finds what people wrote: the generated lists, facts and credits stay out of the index."""

from __future__ import annotations

import json

import pytest

from conftest import BASE
from rallypoint.site.build import build_site

INDEX = {"material": "search/search_index.json", "zensical": "search.json"}
WRITTEN = {
    "content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"].replace(
        "Unplug first.", "Unplug first.\n\n## Tools\n\nA torx spanner.\n\nThen [[descaling]].\n"
    ),
}


@pytest.mark.parametrize("engine", sorted(INDEX))
def test_the_search_index_holds_what_people_wrote_and_no_generated_list(community, tmp_path, engine):
    root = community(WRITTEN)
    site = build_site(root, tmp_path / "site", engine=engine, parallel=False).site_dir
    data = json.loads((site / INDEX[engine]).read_text())
    docs = data.get("docs") or data["items"]
    text = "\n".join(f"{d['title']} {d['text']}" for d in docs)
    for written in ("Unplug first", "A torx spanner", "It hums", "Look for coins", "Why we repair", "Meet up"):
        assert written in text, written
    assert any(d["location"].endswith("drain-pump/#tools") for d in docs)  # a body's own sections stay
    generated = (
        "Linked from",  # backlinks
        "Answers (",  # a question's answer list
        "Answer this question",
        "Maintainers",  # a purpose's people
        "Contributions",  # a purpose's lists by kind
        "Every pump",  # goals
        "Health",
        "Edited by",
        "Purpose",  # the facts under a contribution
        "rallypoint new",
    )
    for words in generated:
        assert words not in text, (words, [d["location"] for d in docs if words in d["text"] + d["title"]])
    assert {d["location"].split("#")[0] for d in docs} <= {
        "purposes/repair/",
        "purposes/cafes/",
        "repair/drain-pump/",
        "repair/why-noisy/",
        "repair/noisy-answer/",
        "cafes/first-cafe/",
    }
