"""Property tests: whatever the input, the parsers and the sanitiser keep their promises.

The default profile is short; `HYPOTHESIS_PROFILE=long ./test tests/test_fuzz.py` runs the
long one on demand.
"""

from __future__ import annotations

import os

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_community
from rallypoint.model.community import load_community
from rallypoint.model.schema import ID, slugify
from rallypoint.model.source import ReadError, read_markdown, read_yaml
from rallypoint.model.wikilinks import find_wikilinks
from rallypoint.site.render import Renderer, sanitize

settings.register_profile(
    "default",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=5_000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

YAMLISH = st.text(alphabet=st.sampled_from(list("abc-:[]{}&*!|>'\"#%@`,?\n\t ~.01\u202e\u200b\xe9")), max_size=200)
MARKDOWN = st.lists(
    st.sampled_from(
        [
            *"[]()|/#*_`<>!-=:\n aZ1\"'\\&;",
            "[[",
            "]]",
            "<script>",
            " on",
            "javascript:",
            "<a href=",
            "<img src=x ",
            "onerror=",
            "data:",
            "\t",
        ]
    ),
    max_size=120,
).map("".join)


@given(st.one_of(YAMLISH, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_front_matter_reader_only_ever_raises_read_error(text):
    for reader, raw in ((read_markdown, ("---\n" + text + "\n---\nbody\n").encode()), (read_yaml, text.encode())):
        try:
            doc = reader("x.md", raw, 10_000)
        except ReadError as exc:
            assert exc.diagnostics and all(d.line >= 1 and d.column >= 1 for d in exc.diagnostics)
        else:
            assert isinstance(doc.data, dict)
            for problem in doc.problems:
                assert problem.line >= 1 and problem.column >= 1


@given(st.binary(max_size=300))
def test_any_bytes_in_a_contribution_give_diagnostics_not_exceptions(tmp_path_factory, raw):
    root = write_community(tmp_path_factory.mktemp("fuzz"), {"content/repair/fuzz.md": raw})
    result = load_community(root)
    assert all(x.path for x in result.diagnostics)


@given(MARKDOWN)
def test_wikilinks_point_into_the_body(body):
    for link in find_wikilinks(body):
        assert body[link.start : link.end] == link.raw
        assert link.raw.startswith("[[") and link.raw.endswith("]]")
        assert link.problem or ID.fullmatch(link.slug)


@given(st.text(max_size=100))
def test_slugs_are_ids_or_empty(text):
    slug = slugify(text)
    assert slug == "" or ID.fullmatch(slug)


@given(MARKDOWN)
def test_sanitised_output_has_no_handlers_scripts_or_bad_urls(fragment):
    for html in (sanitize(fragment), Renderer().render(fragment, lambda link: ("../x/", link.slug, True))):
        doc = BeautifulSoup(html, "html.parser")
        assert not doc.find(["script", "iframe", "object", "embed", "style", "form"])
        for tag in doc.find_all(True):
            for attr, value in tag.attrs.items():
                assert not attr.lower().startswith("on")
                if attr in ("href", "src"):
                    assert not str(value).strip().lower().startswith(("javascript:", "vbscript:", "data:"))
