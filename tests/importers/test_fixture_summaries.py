"""The 22 summaries of fixtures/nips2018.json: the seed's words, the layout their authors gave them, in sync.

The seed page lost the summaries' line breaks; the importer restores their blocks automatically and
fixtures/corrections/<slug>.md fixes by hand what it could not (scripts/make-fixture.sh applies them).
"""

import json
import re

import pytest
from django.core.management import call_command

from importers.fixture_corrections import (
    CORRECTIONS_DIR,
    SummaryCorrectionError,
    apply_summary_corrections,
)
from importers.shortscience import parse_venue_page
from papers.models import Paper
from summaries.models import Summary
from tests.conftest import FIXTURE_PATH, SEED_PATH

pytestmark = pytest.mark.django_db

# Tokens a layout may add or drop without touching the author's words: code fences, quote markers, list
# markers, runs of "#". A "$$" glued to a word counts as a token of its own (display math on its own line).
MARKUP_TOKEN = re.compile(r"```|>|[-*]|\d+\.|#+")


def words(markdown_text):
    tokens = re.sub(r"(?<!\\)\$\$", " $$ ", markdown_text).split()
    return [token for token in tokens if not MARKUP_TOKEN.fullmatch(token)]


def seed_summaries(seed_text):
    """{title: the summary line exactly as the seed has it, less its trailing " |"}."""
    lines = seed_text.splitlines()
    summaries = {}
    for paper in parse_venue_page(seed_text).papers:
        link = next(n for n in range(paper.line, len(lines)) if lines[n].strip() == "[link]")
        summaries[paper.title] = lines[link + 1].strip().removesuffix("|").rstrip()
    return summaries


def html_of(slug):
    return Summary.objects.get(paper__slug=slug).body_html


def fixture_bodies():
    """{paper slug: summary body} as fixtures/nips2018.json has them."""
    objects = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    slugs = {o["pk"]: o["fields"]["slug"] for o in objects if o["model"] == "papers.paper"}
    return {slugs[o["fields"]["paper"]]: o["fields"]["body"] for o in objects if o["model"] == "summaries.summary"}


CORRECTED = sorted(path.stem for path in CORRECTIONS_DIR.glob("*.md"))

# Where each corrected summary starts a paragraph that the flattened seed ran together.
PARAGRAPHS = {
    "data-efficient-hierarchical-reinforcement-learning": ["The lower-level policy"],
    "recurrent-world-models-facilitate-policy-evolution": [
        "Authors call these representations", "By training V independently", "The authors argue that since",
        "When trained inside the world model",
    ],
    "generalizing-tree-probability-estimation-via-bayesian-networks": [
        "assuming a collection of subsplits", "The authors then consider", "Experiments show the distributions",
    ],
    "learning-to-navigate-in-cities-without-a-map": ["In order to get over the fact", "Ultimately, they were able"],
    "neural-ordinary-differential-equations": [
        'A few years ago, everyone switched', "They now build them like this:", "Where f1, f2, etc",
        "In the last couple of years", "We just took this idea", "Now, we can use", "It turns out that",
    ],
    "an-intriguing-failing-of-convolutional-neural-networks-and-the-coordconv": [
        "The basic observation this paper", "However, this paper argues", "The solution proposed by the authors",
        "It’s easy to see how", "The authors do indeed find",
    ],
    "learning-plannable-representations-with-causal-infogan": [
        "However, the paper asserts", "The system they design", "One GAN design that",
        "However, even with this system", "They do some experiments", "They specifically tested",
    ],
    "the-challenge-of-realistic-music-generation-modelling-raw-audio-at-scale": [
        "To try to address this problem", "The most salient architectural", "To understand the difference",
        "Combining these ideas together",
    ],
    "insights-on-representational-similarity-in-neural-networks-with-canonical": [
        "Canonical Correlation Analysis is one", "Given this setup", "If you think about L1", "In prior papers, CCA",
        "Using this weighted-average", "Overall, I found this paper",
    ],
    "bruno-a-deep-recurrent-model-for-exchangeable-data": [
        "In this paper authors take", "Important choices are:", "The architecture of choice",
        "Done this way,", "with all the conditional marginals",
    ],
    "evolved-policy-gradients": [
        "This paper proposes a different approach", "Training consists of", "Because it’s not possible",
        "An interesting note", "I think this paper",
    ],
}


# ------------------------------------------------------------------------------------------------------------
# The words are the seed's words


def test_the_fixture_has_the_22_summaries_of_the_seed(nips2018, seed_text):
    assert set(seed_summaries(seed_text)) == set(Paper.objects.values_list("title", flat=True))
    assert Summary.objects.count() == 22


@pytest.mark.parametrize("index", range(22))
def test_each_summary_has_exactly_the_seeds_words(nips2018, seed_text, index):
    title, seed_line = sorted(seed_summaries(seed_text).items())[index]
    body = Summary.objects.get(paper__title=title).body
    assert words(body) == words(seed_line)


def test_the_word_check_ignores_layout_only():
    assert words("- a\n    - b $$x$$The\n\n```\nh = 1\n```") == words("- a - b $$x$$ The h = 1")
    assert words("a b") != words("a\n\n**b**")


# ------------------------------------------------------------------------------------------------------------
# The layout of the corrected summaries


@pytest.mark.parametrize("slug", sorted(PARAGRAPHS))
def test_corrected_summaries_have_their_paragraphs(nips2018, slug):
    html = html_of(slug)
    for start in PARAGRAPHS[slug]:
        assert f"<p>{start}" in html, f"no paragraph starts with {start!r}"


def test_every_correction_is_checked_here():
    assert sorted(PARAGRAPHS) == CORRECTED


def test_hiro_nests_the_two_controllers_under_the_hierarchy(nips2018):
    html = html_of("data-efficient-hierarchical-reinforcement-learning")
    nested = re.search(r"<li>A two-level hierarchy architecture\s*<ul>(.*?)</ul>\s*</li>", html, re.DOTALL)
    assert nested, "the two-level hierarchy item has no nested list"
    items = re.findall(r"<li>(\S+ \S+ \S+)", nested.group(1))
    assert items == ["A higher-level controller", "The lower level"]
    # Both formulas of "Parameterized Rewards" are paragraphs of their own.
    assert re.search(r"is defined as:</p>\s*<p><math[^>]*>.*?</math></p>", html, re.DOTALL)
    assert re.search(r"by the function:</p>\s*<p><math[^>]*>.*?</math>\.</p>", html, re.DOTALL)


def test_world_models_keeps_the_authors_bold_subheadings(nips2018):
    html = html_of("recurrent-world-models-facilitate-policy-evolution")
    # The seed keeps Markdown marks ("## Method"): these two the author wrote in bold, not as headings.
    assert "<p><strong>Learning the World Model</strong></p>" in html
    assert "<p><strong>Training the policy</strong></p>" in html
    assert re.findall(r"<h4>(.*?)</h4>", html) == [
        "General Framework", "Method", "Limitations", "Results", "Additional ressources",
    ]


def test_learning_to_navigate_ends_its_list_after_the_three_models(nips2018):
    html = html_of("learning-to-navigate-in-cities-without-a-map")
    listed = re.search(r"<ul>(.*?)</ul>", html, re.DOTALL).group(1)
    assert listed.count("<li>") == 3
    assert listed.rstrip().endswith("(in terms of city landmarks) and direction.</li>")
    assert "In order to get over" not in listed and "Ultimately" not in listed


def test_neural_ode_has_its_two_code_blocks(nips2018):
    html = html_of("neural-ordinary-differential-equations")
    blocks = re.findall(r"<pre><code>(.*?)</code></pre>", html, re.DOTALL)
    assert [block.split("\n")[0] for block in blocks] == ["h1 = f1(x)", "h1 = f1(x) + x"]
    assert all(len(block.strip().split("\n")) == 5 for block in blocks)
    assert re.search(r'<p>Summary by senior author <a [^>]*>duvenaud on hackernews</a>\.</p>', html)


def test_bruno_shows_its_two_formulas_as_display_math(nips2018):
    html = html_of("bruno-a-deep-recurrent-model-for-exchangeable-data")
    assert len(re.findall(r'<p><math [^>]*display="block"', html)) == 2
    # The first formula and the RealNVP sentence belong to the "Encoder" item.
    encoder = re.search(r"<li>\s*<p>Encoder (.*?)</li>", html, re.DOTALL).group(1)
    assert 'display="block"' in encoder and "RealNVP</a>" in encoder
    assert "Done this way" not in encoder


def test_tree_probability_keeps_its_headings_formula_and_references(nips2018):
    html = html_of("generalizing-tree-probability-estimation-via-bayesian-networks")
    assert re.findall(r"<h3>(.*?)</h3>", html) == [
        "What is a Subsplit Bayesian Network?", "Fitting This Parameterisation to MCMC Samples",
    ]
    assert re.search(r'is:</p>\s*<p><math [^>]*display="block"', html)
    assert re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', html) == [
        "Larget", "Hohna", "checked the published code to verify this", "simple averaging",
    ]
    assert not re.search(r"\[\w+\]:", html), "a reference definition shows as text"


def test_saliency_code_link_follows_the_comments_list(nips2018):
    html = html_of("sanity-checks-for-saliency-maps")
    assert re.search(r"</ul>\s*<p>Code: <a [^>]*>GitHub</a> \(not available as of 17/07/19\)</p>$", html)


def test_no_summary_shows_raw_math_or_a_math_error(nips2018):
    for summary in Summary.objects.select_related("paper"):
        html = summary.body_html
        assert "math-error" not in html, summary.paper.slug
        visible = re.sub(r"<annotation[^>]*>.*?</annotation>", "", html, flags=re.DOTALL)
        assert "$" not in visible, summary.paper.slug


# ------------------------------------------------------------------------------------------------------------
# scripts/make-fixture.sh is in sync: import + corrections (the same code) give the fixture's bodies


def test_import_plus_corrections_gives_the_fixtures_summaries():
    call_command("import_shortscience", str(SEED_PATH), venue="NIPS", verbosity=0)
    imported = dict(Summary.objects.values_list("paper__slug", "body"))
    assert apply_summary_corrections(CORRECTIONS_DIR) == CORRECTED
    assert dict(Summary.objects.values_list("paper__slug", "body")) == fixture_bodies()
    # Every correction still corrects something the importer gets wrong (else it is stale: delete it).
    for slug in CORRECTED:
        assert Summary.objects.get(paper__slug=slug).body != imported[slug], slug


def test_corrections_are_rendered_again(db):
    call_command("import_shortscience", str(SEED_PATH), venue="NIPS", verbosity=0)
    apply_summary_corrections(CORRECTIONS_DIR)
    html = html_of("data-efficient-hierarchical-reinforcement-learning")
    assert re.search(r"<li>A two-level hierarchy architecture\s*<ul>", html)


def test_a_correction_naming_no_paper_fails_and_applies_nothing(tmp_path):
    call_command("import_shortscience", str(SEED_PATH), venue="NIPS", verbosity=0)
    before = dict(Summary.objects.values_list("pk", "body"))
    for path in CORRECTIONS_DIR.glob("*.md"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "no-such-paper.md").write_text("Some summary.", encoding="utf-8")
    with pytest.raises(SummaryCorrectionError, match="no-such-paper"):
        apply_summary_corrections(tmp_path)
    assert dict(Summary.objects.values_list("pk", "body")) == before


def test_a_correction_that_changes_words_fails(tmp_path):
    call_command("import_shortscience", str(SEED_PATH), venue="NIPS", verbosity=0)
    summary = Summary.objects.get(paper__slug="evolved-policy-gradients")
    (tmp_path / "evolved-policy-gradients.md").write_text(
        summary.body.replace("meta-learning systems", "meta-learning methods"), encoding="utf-8"
    )
    with pytest.raises(SummaryCorrectionError, match="not the words"):
        apply_summary_corrections(tmp_path)
    assert Summary.objects.get(pk=summary.pk).body == summary.body


def test_a_missing_corrections_directory_fails(tmp_path):
    with pytest.raises(SummaryCorrectionError):
        apply_summary_corrections(tmp_path / "missing")
