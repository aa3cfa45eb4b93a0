"""A synthetic file in DBLP's XML format, for the import benchmark: records of the mapped venues (and some of
others, volumes and person pages that an import reads past), authors with a long tail, DBLP homonym numbers and
character entities in their names, markup and the trailing period in titles, DOI and arXiv links. Written as a
stream: any number of records in constant memory. Deterministic for a seed."""

import gzip
import random
from pathlib import Path
from xml.sax.saxutils import escape

from bench.synthetic.words import ADJECTIVES, FIRST_NAMES, LAST_NAMES, METHODS, PROPERTIES, TASKS, TITLE_PATTERNS

# Key prefixes of the seeded DBLP venues (importers' migration 0002), most common first, and what DBLP calls them.
VENUE_PREFIXES = [
    ("conf/nips/", "NIPS"), ("conf/cvpr/", "CVPR"), ("conf/icml/", "ICML"), ("conf/aaai/", "AAAI"),
    ("conf/ijcai/", "IJCAI"), ("conf/iccv/", "ICCV"), ("conf/acl/", "ACL"), ("conf/emnlp/", "EMNLP"),
    ("conf/kdd/", "KDD"), ("conf/eccv/", "ECCV"), ("conf/iclr/", "ICLR"),
    ("journals/pami/", "IEEE Trans. Pattern Anal. Mach. Intell."), ("conf/naacl/", "NAACL-HLT"), ("conf/uai/", "UAI"),
    ("conf/aistats/", "AISTATS"), ("journals/jmlr/", "J. Mach. Learn. Res."), ("conf/colt/", "COLT"),
    ("journals/ijcv/", "Int. J. Comput. Vis."), ("conf/corl/", "CoRL"), ("journals/tmlr/", "Trans. Mach. Learn. Res."),
]
BYLINE_LENGTHS = (1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8)
# Names with DBLP's character entities, declared in the dblp.dtd written beside the file.
ENTITY_FIRST_NAMES = ["J&uuml;rgen", "Bj&ouml;rn", "Ren&eacute;", "Fran&ccedil;ois", "Se&aacute;n", "J&ouml;rg"]
ENTITIES = {"uuml": 252, "ouml": 246, "eacute": 233, "ccedil": 231, "aacute": 225, "szlig": 223}
DTD = "".join(f'<!ENTITY {name} "&#{code};">\n' for name, code in ENTITIES.items()) + (
    "<!ELEMENT dblp (article|inproceedings|proceedings|www)*>\n"
)
HEADER = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n'
FIRST_YEAR, LAST_YEAR = 1987, 2024
INITIALS = "ABCDEFGHJKLMNPRSTW"


class DblpGenerator:
    """Records as XML text, one at a time."""

    def __init__(self, seed, records):
        self.rng = random.Random(seed)
        self.seed = seed
        self.first_names = FIRST_NAMES + ENTITY_FIRST_NAMES
        # Distinct display names; past them, the same names again with DBLP's homonym numbers ("Wei Wang 0002").
        self.distinct_names = len(self.first_names) * len(LAST_NAMES) * (len(INITIALS) + 1)
        self.pool = max(1000, records // 2)

    def author(self):
        rank = int(self.pool ** self.rng.random()) - 1  # log-uniform: a few prolific authors, a long tail
        homonym = rank // self.distinct_names
        name_index = rank * 2_654_435_761 % self.distinct_names  # spread the ranks over first and last names
        first, rest = divmod(name_index, len(LAST_NAMES) * (len(INITIALS) + 1))
        last, initial = divmod(rest, len(INITIALS) + 1)
        middle = f" {INITIALS[initial - 1]}." if initial else ""
        name = f"{self.first_names[first]}{middle} {LAST_NAMES[last]}"
        return f"{name} {homonym:04d}" if homonym else name

    def title(self):
        rng = self.rng
        title = rng.choice(TITLE_PATTERNS).format(
            adj=rng.choice(ADJECTIVES), adj2=rng.choice(ADJECTIVES), method=escape(rng.choice(METHODS)),
            method2=escape(rng.choice(METHODS)), task=rng.choice(TASKS), prop=rng.choice(PROPERTIES),
            rare=f"Model-{rng.randrange(10_000)}",
        )
        roll = rng.random()
        if roll < 0.04:
            title = f"<i>{title.split()[0]}</i> {' '.join(title.split()[1:])}"
        elif roll < 0.06:
            title += " in O(n<sup>2</sup>) Time"
        elif roll < 0.08:
            title += " for CO<sub>2</sub> Capture"
        return title + "."

    def record(self, index):
        rng = self.rng
        roll = rng.random()
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        if roll < 0.01:
            author = f"<author>{self.author()}</author>"
            return f'<www key="homepages/{index}/{index % 97}">{author}<title>Home Page</title></www>\n'
        if roll < 0.02:
            prefix = rng.choice(VENUE_PREFIXES)[0]
            body = f"<title>Proceedings {year}.</title><year>{year}</year>"
            return f'<proceedings key="{prefix}{year}-{index}">{body}</proceedings>\n'
        if roll < 0.06:
            prefix, venue, tag, place = "journals/corr/", "CoRR", "article", "journal"
        else:
            prefix, venue = VENUE_PREFIXES[int(len(VENUE_PREFIXES) ** rng.random()) - 1]
            journal = prefix.startswith("journals/")
            tag, place = ("article", "journal") if journal else ("inproceedings", "booktitle")
        authors = "".join(f"<author>{self.author()}</author>" for _ in range(rng.choice(BYLINE_LENGTHS)))
        links = ""
        if rng.random() < 0.6:
            links += f"<ee>https://doi.org/10.{5000 + self.seed}/{year}.{index}</ee>"
        if prefix == "journals/corr/" or rng.random() < 0.1:
            arxiv_id = f"{year % 100:02d}{index // 100_000 % 12 + 1:02d}.{index % 100_000:05d}"
            links += f"<ee>https://arxiv.org/abs/{arxiv_id}</ee>"
        year_element = f"<year>{year}</year>" if rng.random() > 0.001 else ""
        return (
            f'<{tag} mdate="2024-01-01" key="{prefix}K{index}">{authors}<title>{self.title()}</title>'
            f"<pages>{index % 900 + 1}-{index % 900 + 9}</pages>{year_element}<{place}>{venue}</{place}>{links}"
            f"<url>db/{prefix}{year}.html#K{index}</url></{tag}>\n"
        )


def dblp_file_write(path: Path, *, records: int, seed: int = 1, progress=None):
    """Write `records` records to `path` (gzip-compressed when it ends with .gz) and dblp.dtd beside it."""
    path = Path(path)
    (path.parent / "dblp.dtd").write_text(DTD, encoding="ascii")
    generator = DblpGenerator(seed, records)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="latin-1", newline="\n") as out:
        out.write(HEADER)
        chunk = []
        for index in range(records):
            chunk.append(generator.record(index))
            if len(chunk) == 10_000:
                out.write("".join(chunk))
                chunk = []
                if progress:
                    progress(index + 1)
        out.write("".join(chunk) + "</dblp>\n")
    return path
