"""The venue page parser on the real NIPS 2018 seed page, on damaged copies of it, and on small inputs.

Pure Python: no database, so `pytest -p no:django tests/importers/test_shortscience_page.py` works too.
"""

import re
from datetime import date
from pathlib import Path

import pytest

from importers.shortscience import (
    VenuePageError,
    normalize_author_name,
    parse_venue_page,
    restore_markdown_blocks,
)

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_c9ef4d147167c2f6.txt"


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.fail(f"the seed venue page is missing: {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(seed):
    return parse_venue_page(seed)


def paper(page, title_start):
    (found,) = [p for p in page.papers if p.title.startswith(title_start)]
    return found


def raw_summary(seed, parsed):
    """The summary line as it is in the file (after "[link]"), without its stray " |"."""
    lines = seed.splitlines()
    link = lines.index("[link]", parsed.line)
    return lines[link + 1].rstrip().removesuffix("|").rstrip()


def with_lines(seed, edit):
    """The seed with its lines (1-based list index via lines[n - 1]) changed by `edit(lines)`."""
    lines = seed.split("\n")
    edit(lines)
    return "\n".join(lines)


def error_for(text) -> VenuePageError:
    with pytest.raises(VenuePageError) as caught:
        parse_venue_page(text)
    return caught.value


# ---------------------------------------------------------------------------------------------------------
# The real seed


def test_seed_lists_22_papers_in_page_order_with_their_first_line(page):
    assert len(page.papers) == 22
    assert page.papers[0].title == "Data-Efficient Hierarchical Reinforcement Learning"
    assert page.papers[0].line == 21
    assert page.papers[1].title == "Recurrent World Models Facilitate Policy Evolution"
    assert page.papers[1].line == 67
    assert page.papers[-1].title == "Evolved Policy Gradients"
    assert page.papers[-1].line == 570
    assert all(p.year == 2018 for p in page.papers)


def test_seed_description_and_histogram(page):
    assert page.description.startswith(
        "NIPS is a single-track machine learning and computational neuroscience"
    )
    assert page.description.endswith("oral and poster presentations of refereed papers.")
    assert len(page.histogram) == 17
    assert page.histogram[0] == (1989, 3)
    assert page.histogram[-1] == (2019, 22)
    assert dict(page.histogram)[2018] == 22
    assert [year for year, _ in page.histogram] == sorted(year for year, _ in page.histogram)
    assert page.histogram_total == 223


def test_first_paper_authors_keep_their_order(page):
    assert page.papers[0].authors == ["Ofir Nachum", "Shixiang Gu", "Honglak Lee", "Sergey Levine"]


def test_bibsonomy_last_first_names_become_first_last(page):
    assert paper(page, "Thwarting Adversarial Examples").authors == [
        "Mitali Bafna",
        "Jack Murtagh",
        "Nikhil Vyas",
    ]
    assert paper(page, "Generalized Cross Entropy Loss").authors == ["Zhilu Zhang", "Mert R. Sabuncu"]
    assert paper(page, "Sanity Checks for Saliency Maps").authors[3] == "Ian J. Goodfellow"
    assert paper(page, "Towards Robust Interpretability").authors == [
        "David Alvarez-Melis",
        "Tommi S. Jaakkola",
    ]


def test_bibsonomy_suffix_in_the_last_name_slot_goes_to_the_end(page):
    assert paper(page, "Generalizing Tree Probability Estimation").authors == [
        "Cheng Zhang",
        "Frederick A. Matsen IV",
    ]


def test_first_last_names_are_kept_as_they_are(page):
    assert paper(page, "The challenge of realistic music generation").authors == [
        "Sander Dieleman",
        "Aäron van den Oord",
        "Karen Simonyan",
    ]
    assert paper(page, "Neural Ordinary Differential Equations").authors[0] == "Ricky T. Q. Chen"


def test_source_year_provenance_and_keywords(page):
    hiro = page.papers[0]
    assert (hiro.source, hiro.year, hiro.provenance) == ("arXiv e-Print archive", 2018, "arXiv")
    assert hiro.keywords == ["cs.LG", "cs.AI", "stat.ML"]
    bafna = paper(page, "Thwarting Adversarial Examples")
    assert (bafna.source, bafna.provenance, bafna.keywords) == (
        "Neural Information Processing Systems Conference",
        "Bibsonomy",
        ["dblp"],
    )
    # An arXiv paper whose metadata came through Bibsonomy: no abstract on the page.
    navigate = paper(page, "Learning to Navigate in Cities Without a Map")
    assert (navigate.source, navigate.provenance) == ("arXiv e-Print archive", "Bibsonomy")
    assert navigate.abstract == "" and navigate.first_published is None
    assert paper(page, "Learning Plannable Representations").keywords == [
        "cs.LG",
        "cs.AI",
        "cs.CV",
        "cs.NE",
        "cs.RO",
        "stat.ML",
    ]


def test_first_published_is_a_date_and_the_relative_age_is_dropped(page):
    assert paper(page, "Recurrent World Models").first_published == date(2018, 9, 4)
    assert paper(page, "Neural Ordinary Differential Equations").first_published == date(2018, 6, 19)
    assert page.papers[0].first_published == date(2024, 6, 19)  # shown as "(just now)"
    assert paper(page, "Thwarting Adversarial Examples").first_published is None


def test_abstract_is_one_paragraph_without_the_more_less_toggles(page):
    world_models = paper(page, "Recurrent World Models")
    assert world_models.abstract.startswith(
        "A generative recurrent neural network is quickly trained in an unsupervised manner to model"
    )
    assert world_models.abstract.endswith("Interactive version of paper at https://worldmodels.github.io")
    for parsed in page.papers:
        assert "\n" not in parsed.abstract and "  " not in parsed.abstract
        assert not re.search(r"\b(more|less)$", parsed.abstract)
        assert "years ago" not in parsed.abstract and "First published" not in parsed.abstract
    # Lines are joined with a space, faithfully: the wrapped "higher-" stays as written.
    assert "learn both higher- and lower-level policies" in page.papers[0].abstract
    assert page.papers[0].abstract.endswith("substantially outperforms previous state-of-the-art techniques.")
    assert paper(page, "Thwarting Adversarial Examples").abstract == ""


def test_summaries_lose_the_stray_bar_and_keep_their_text(page, seed):
    for parsed in page.papers:
        assert not parsed.summary_markdown.rstrip().endswith("|")
        # Only whitespace changed (plus fences around restored code blocks).
        restored = parsed.summary_markdown.replace("```", "")
        assert re.sub(r"\s+", "", restored) == re.sub(r"\s+", "", raw_summary(seed, parsed))
    assert paper(page, "Attacks Meet Interpretability").summary_markdown.endswith(
        "Also find this summary at [davidstutz.de](https://davidstutz.de/category/reading/)."
    )


def test_no_arxiv_id_is_invented_from_links_to_other_papers(page):
    # The saliency summary links arXiv 1702.04595, which is another paper.
    assert "arxiv.org/abs/1702.04595" in paper(page, "Sanity Checks").summary_markdown
    assert all(parsed.arxiv_id is None for parsed in page.papers)


def test_arxiv_id_comes_from_a_link_line_that_carries_one(seed):
    text = seed.replace("[link]", "[link](https://arxiv.org/abs/1805.08296v4)", 1)
    assert parse_venue_page(text).papers[0].arxiv_id == "1805.08296"


# ---------------------------------------------------------------------------------------------------------
# Restored Markdown on the seed


def test_first_summary_starts_with_its_heading_and_a_list(page):
    lines = page.papers[0].summary_markdown.split("\n")
    assert lines[0] == "# Keypoints"
    assert lines[1] == ""
    assert lines[2] == (
        "- Proposes the HIerarchical Reinforcement learning with Off-policy correction (**HIRO**) algorithm."
    )
    assert lines[3] == "- Does not require careful task-specific design."
    assert lines[4].startswith("- Generic goal representation to make it broadly applicable")
    assert "# Background" in lines
    assert lines[lines.index("# Background") + 2].startswith(
        "This paper adopts a standard continuous control"
    )


def test_every_heading_in_the_seed_is_restored_with_exactly_its_text(page):
    headings = {
        parsed.title[:30]: [line for line in parsed.summary_markdown.split("\n") if line.startswith("#")]
        for parsed in page.papers
    }
    assert headings["Data-Efficient Hierarchical Re"] == [
        "# Keypoints",
        "# Background",
        "## General and Efficient Hierarchical Reinforcement Learning",
        "## Hierarchy of Two Policies",
        "## Parameterized Rewards",
        "## Off-Policy Corrections for Higher-Level Training",
        "# Experiments",
        "# Closing Points",
    ]
    assert headings["Recurrent World Models Facilit"] == [
        "## General Framework",
        "## Method",
        "## Limitations",
        "## Results",
        "## Additional ressources",
    ]
    assert headings["Sanity Checks for Saliency Map"] == [
        "## Methods compared",
        "## Metrics of comparison",
        "## First test: model parameters randomization",
        "## Second test: data randomization",
        "## Discussion",
        "# Comments",
    ]
    assert sum(len(found) for found in headings.values()) == 19


def test_setext_headings_get_their_own_lines(page):
    lines = paper(page, "Generalizing Tree Probability").summary_markdown.split("\n")
    for heading in ("What is a Subsplit Bayesian Network?", "Fitting This Parameterisation to MCMC Samples"):
        index = lines.index(heading)
        assert re.fullmatch(r"={3,}", lines[index + 1])
        assert lines[index - 1] == "" and lines[index + 2] == ""


def test_lists_after_a_colon_end_where_the_prose_goes_on(page):
    markdown = page.papers[0].summary_markdown
    assert (
        "in 4 different environments:\n\n- Ant Gather;\n- Ant Maze;\n- Ant Push;\n- Ant Fall.\n\n"
        "They also performed an ablative analysis with the following variants:\n\n"
        "- With lower-level re-labeling;"
    ) in markdown
    assert "- No HRL.\n\n# Closing Points\n\n- The method proposed is interesting" in markdown


def test_numbered_list_is_restored(page):
    markdown = paper(page, "Generalizing Tree Probability").summary_markdown
    assert markdown.startswith("A common problem in phylogenetics is:\n\n1. I have $p(\\text{DNA sequences}")
    assert "\n2. I've used these to run an MCMC algorithm" in markdown
    assert (
        "\n3. I want to evaluate $p(\\text{tree} | \\text{DNA sequences})$.\n\nThe first solution" in markdown
    )


def test_math_is_untouched(page, seed):
    dollar_spans = re.compile(r"\$\$.+?\$\$|\$[^$]+\$")
    for parsed in page.papers:
        spans = dollar_spans.findall(raw_summary(seed, parsed))
        for span in spans:
            assert span in parsed.summary_markdown
    hiro = page.papers[0].summary_markdown
    # A minus inside math is never a list item.
    assert "$(s_{t:t+c−1},g_{t:t+c−1},a_{t:t+c−1},R_{t:t+c−1},s_{t+c})$" in hiro
    gce = paper(page, "Generalized Cross Entropy Loss").summary_markdown
    assert "$p(\\tilde{y} = k|y = j, x)= 1 - \\eta$ where" in gce
    display = (
        "$$ p(\\text{tree}) = p(S_1 = s_{1,k}) \\prod_{i>1} p(S_i = s_{i,k} | S_{\\pi_i} = s_{\\pi_i, k}), $$"
    )
    assert f"\n\n{display}\n\n" in paper(page, "Generalizing Tree Probability").summary_markdown


def test_reference_link_definitions_are_on_their_own_lines_at_the_end(page):
    lines = paper(page, "Generalizing Tree Probability").summary_markdown.split("\n")
    assert lines[-5] == ""
    assert lines[-4:] == [
        "[sa]: https://people.eecs.berkeley.edu/~wainwrig/Papers/WaiJor08_FTML.pdf",
        "[sbn_ds1]: https://github.com/morrislab/sbn/blob/master/experiments/DS1.ipynb",
        "[larget]: https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3676676/",
        "[hohna]: https://academic.oup.com/sysbio/article/61/1/1/1676649",
    ]


def test_images_are_paragraphs_of_their_own(page):
    lines = page.papers[0].summary_markdown.split("\n")
    index = lines.index("https://i.imgur.com/zAHoWWO.png")
    assert lines[index - 2 : index + 3] == [
        "## General and Efficient Hierarchical Reinforcement Learning",
        "",
        "https://i.imgur.com/zAHoWWO.png",
        "",
        "## Hierarchy of Two Policies",
    ]
    world_models = paper(page, "Recurrent World Models").summary_markdown.split("\n")
    assert "![](https://i.imgur.com/tgV17k4.png =600x)" in world_models
    assert "**Training the policy**" in world_models
    saliency = paper(page, "Sanity Checks").summary_markdown.split("\n")
    assert any(line.startswith("![image](https://user-images.githubusercontent.com/") for line in saliency)


def test_dashes_in_prose_do_not_become_lists(page):
    navigate = paper(page, "Learning to Navigate").summary_markdown
    assert "input data - current image and the goal you’re trying to reach - in different ways." in navigate
    assert "\n- In the next most complex, CityNav" in navigate
    music = paper(page, "The challenge of realistic music").summary_markdown
    assert "used before - Wavenet is a central example - but typically" in music
    assert "\n- " not in music


def test_code_like_lines_become_a_code_block(page):
    markdown = paper(page, "Neural Ordinary Differential Equations").summary_markdown
    assert (
        "like this:\n\n```\nh1 = f1(x)\nh2 = f2(h1)\nh3 = f3(h2)\nh4 = f3(h3)\ny = f5(h4)\n```\n\n"
        in markdown
    )
    assert "```\nh1 = f1(x) + x\nh2 = f2(h1) + h1\n" in markdown


def test_reference_entries_and_the_trailer_are_paragraphs(page):
    markdown = paper(page, "Attacks Meet Interpretability").summary_markdown
    assert "\n\n[1] Nicholas Carlini. Is AmI" in markdown
    assert "[1]. [1]" not in markdown
    assert "\n\nAlso find this summary at [davidstutz.de]" in markdown


# ---------------------------------------------------------------------------------------------------------
# Damaged pages name the right line


def test_file_truncated_inside_an_abstract(seed):
    lines = seed.split("\n")
    error = error_for("\n".join(lines[:40]))  # line 40 is in the middle of the first abstract
    assert error.line == 41
    assert "abstract" in error.message


def test_file_truncated_before_the_link_line(seed):
    error = error_for("\n".join(seed.split("\n")[:62]))  # ends with the repeated keywords
    assert error.line == 63
    assert "end of file" in error.message and "[link]" in error.message


def test_file_truncated_in_the_middle_of_a_summary(seed):
    lines = seed.split("\n")
    error = error_for("\n".join(lines[:64] + [lines[64][:500]]))
    assert error.line == 65
    assert "does not end with ' |'" in error.message


def test_file_truncated_between_two_papers_misses_its_footer(seed):
    lines = seed.split("\n")
    error = error_for("\n".join(lines[:96]))  # "…summary |\n": 95 lines
    assert error.line == 96
    assert "footer" in error.message


def test_broken_source_line(seed):
    assert (
        seed.split("\n")[100] == "Neural Information Processing Systems Conference - 2018 via Local Bibsonomy"
    )
    text = with_lines(
        seed, lambda lines: lines.__setitem__(100, "Neural Information Processing Systems, 2018")
    )
    error = error_for(text)
    assert error.line == 101
    assert str(error).startswith("line 101: malformed source line")


def test_source_year_that_is_not_a_number(seed):
    text = with_lines(seed, lambda lines: lines.__setitem__(134, lines[134].replace("2018", "20l8")))
    error = error_for(text)
    assert error.line == 135
    assert "'20l8'" in error.message and "not a number" in error.message


def test_histogram_count_that_is_not_a_number(seed):
    text = with_lines(seed, lambda lines: lines.__setitem__(12, "- 2013 fifty-one"))
    error = error_for(text)
    assert error.line == 13
    assert "fifty-one" in error.message


@pytest.mark.parametrize("bad", ["2014 19", "- 2014", "-- 2014 19 x", "- 14 19"])
def test_malformed_histogram_lines(seed, bad):
    text = with_lines(seed, lambda lines: lines.__setitem__(13, bad))
    assert error_for(text).line == 14


def test_removed_link_line(seed):
    lines = seed.split("\n")
    assert lines[110] == "[link]"
    del lines[110]
    error = error_for("\n".join(lines))
    assert error.line == 111  # where "[link]" should be: the summary moved up into its place
    assert "[link]" in error.message


def test_missing_summary_after_the_last_link(seed):
    lines = seed.split("\n")
    assert lines[600].startswith("The general goal of meta-learning")
    del lines[600]
    error = error_for("\n".join(lines))
    assert error.line == 602
    assert "summary" in error.message


def test_missing_title(seed):
    lines = seed.split("\n")
    del lines[96]  # "Thwarting Adversarial Examples: …"
    error = error_for("\n".join(lines))
    assert error.line == 98  # its authors line, now where the title was expected
    assert "missing paper title" in error.message


def test_empty_authors_line(seed):
    error = error_for(with_lines(seed, lambda lines: lines.__setitem__(98, "")))
    assert error.line == 99
    assert "authors line is empty" in error.message


def test_empty_author_name_in_the_byline(seed):
    error = error_for(
        with_lines(seed, lambda lines: lines.__setitem__(98, "Bafna, Mitali and  and Vyas, Nikhil"))
    )
    assert error.line == 99


def test_repeated_metadata_that_disagrees(seed):
    text = with_lines(seed, lambda lines: lines.__setitem__(104, "Bafna, Mitali and Vyas, Nikhil"))
    error = error_for(text)
    assert error.line == 105
    assert "differs from line 99" in error.message
    text = with_lines(seed, lambda lines: lines.__setitem__(91, "Keywords: cs.LG"))
    assert error_for(text).line == 92


def test_abstract_without_more_and_less(seed):
    lines = seed.split("\n")
    assert lines[54:56] == ["more", "less"]
    del lines[54:56]
    error = error_for("\n".join(lines))
    assert error.line == 55
    assert "'more'" in error.message and "line 31" in error.message


def test_more_without_less(seed):
    lines = seed.split("\n")
    del lines[55]
    error = error_for("\n".join(lines))
    assert error.line == 57
    assert "'less'" in error.message


def test_invalid_first_published_date(seed):
    text = seed.replace("**First published:** 2018/09/04 (5 years ago)", "**First published:** 2018/02/30")
    assert error_for(text).line == 75


def test_text_after_the_footer(seed):
    assert seed.rstrip("\n").split("\n")[602] == "About"
    assert error_for(seed.rstrip("\n") + "\n\nContact\n").line == 605


def test_empty_page():
    assert error_for("\n\n").line == 1


def test_error_message_format():
    error = VenuePageError(12, "something is wrong")
    assert str(error) == "line 12: something is wrong"
    assert (error.line, error.message) == (12, "something is wrong")
    assert isinstance(error, ValueError)


def test_crlf_trailing_whitespace_and_extra_blank_lines_are_fine(seed, page):
    messy = "\r\n".join(line + "  " for line in seed.split("\n"))
    messy = messy.replace("[link]  \r\n", "[link]\t\r\n").replace(
        "Keywords: dblp  \r\n", "Keywords: dblp\r\n\r\n\r\n"
    )
    parsed = parse_venue_page("\r\n\r\n" + messy)
    assert [p.title for p in parsed.papers] == [p.title for p in page.papers]
    assert [p.summary_markdown for p in parsed.papers] == [p.summary_markdown for p in page.papers]
    assert [p.abstract for p in parsed.papers] == [p.abstract for p in page.papers]
    assert [p.authors for p in parsed.papers] == [p.authors for p in page.papers]
    assert parsed.papers[0].line == 23
    assert parsed.histogram == page.histogram


# ---------------------------------------------------------------------------------------------------------
# Author names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ofir Nachum", "Ofir Nachum"),
        ("Nachum, Ofir", "Ofir Nachum"),
        ("  Goodfellow,   Ian J. ", "Ian J. Goodfellow"),
        ("van den Oord, Aäron", "Aäron van den Oord"),
        ("IV, Frederick A. Matsen", "Frederick A. Matsen IV"),
        ("Matsen IV, Frederick A.", "Frederick A. Matsen IV"),
        ("Matsen, IV, Frederick A.", "Frederick A. Matsen IV"),
        ("Frederick A. Matsen IV", "Frederick A. Matsen IV"),
        ("Frederick A. Matsen, IV", "Frederick A. Matsen IV"),
        ("Jr., Martin Luther King", "Martin Luther King Jr."),
        ("King Jr., Martin Luther", "Martin Luther King Jr."),
        ("King, Jr., Martin Luther", "Martin Luther King Jr."),
        ("Martin Luther King, Jr.", "Martin Luther King Jr."),
        ("Sr., John Smith", "John Smith Sr."),
        ("Smith II, John", "John Smith II"),
        ("III, John Smith", "John Smith III"),
    ],
)
def test_author_names_are_normalized(raw, expected):
    assert normalize_author_name(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "Smith,", ", John", "a, b, c"])
def test_unreadable_author_names_are_rejected(raw):
    with pytest.raises(ValueError):
        normalize_author_name(raw)


# ---------------------------------------------------------------------------------------------------------
# restore_markdown_blocks on small inputs


@pytest.mark.parametrize(
    "prose",
    [
        "It costs $5 - $10 per month. Cheaper - Not really - than before.",
        "We minimise $a - b$ and $c - D$ jointly, then report $x - Y$.",
        "The model - a Transformer - works well. The data - Wikipedia - is big.",
        "Off-policy learning is cheap - but brittle.",
        "Gosh et al. [1] showing that the error is robust.",
    ],
)
def test_prose_is_left_alone(prose):
    assert restore_markdown_blocks(prose) == prose


def test_minus_inside_math_does_not_split_list_items():
    flat = "Steps: - First $x - Y$ term - Second $$a - B$$ term"
    assert restore_markdown_blocks(flat) == "Steps:\n\n- First $x - Y$ term\n- Second $$a - B$$ term"


def test_heading_followed_by_a_list():
    assert restore_markdown_blocks("# Keypoints - One thing. - Another thing.") == (
        "# Keypoints\n\n- One thing.\n- Another thing."
    )


@pytest.mark.parametrize(
    ("flat", "heading", "paragraph"),
    [
        (
            "## Hierarchy of Two Policies The higher-level policy acts.",
            "## Hierarchy of Two Policies",
            "The higher-level policy acts.",
        ),
        ("## Methods compared The paper compares them.", "## Methods compared", "The paper compares them."),
        ("# Background In this paper we look.", "# Background", "In this paper we look."),
        ("### Results on CIFAR The model wins.", "### Results on CIFAR", "The model wins."),
        ("## Related work Google DeepMind released it.", "## Related work", "Google DeepMind released it."),
        ("## Key points **Bold** start.", "## Key points", "**Bold** start."),
    ],
)
def test_heading_text_ends_where_the_paragraph_starts(flat, heading, paragraph):
    assert restore_markdown_blocks(flat) == f"{heading}\n\n{paragraph}"


def test_star_list_after_a_colon_and_its_end():
    flat = "Choices are: * Model $z$: a process. * Encoder $f$. It is invertible. Overall, it works."
    assert restore_markdown_blocks(flat) == (
        "Choices are:\n\n* Model $z$: a process.\n* Encoder $f$. It is invertible.\n\nOverall, it works."
    )


def test_numbered_list():
    assert restore_markdown_blocks("Do this: 1. Read it. 2. Write it. Then rest.") == (
        "Do this:\n\n1. Read it.\n2. Write it.\n\nThen rest."
    )


def test_images_and_reference_definitions():
    flat = (
        "See [a][] and ![plot](https://x.org/p.png) below. https://i.imgur.com/abc.png The end. "
        "[a]: https://a.example/x [b]: https://b.example/y"
    )
    assert restore_markdown_blocks(flat) == (
        "See [a][] and ![plot](https://x.org/p.png) below.\n\nhttps://i.imgur.com/abc.png\n\nThe end.\n\n"
        "[a]: https://a.example/x\n[b]: https://b.example/y"
    )


def test_text_with_line_breaks_is_returned_as_is():
    text = "# Title\n\nA - B - C"
    assert restore_markdown_blocks(text) == text
