"""A synthetic catalogue at scale, for benchmarks: venues, long-tailed authors, papers, keywords and summaries.

Everything is drawn from one `random.Random(seed)`, so a seed gives the same catalogue on an empty database.
Rows are written with `bulk_create` in batches inside one transaction; slugs are made unique in memory against
the slugs already in the database (one query per model, not one per row). Summaries reuse a pool of distinct
generated Markdown bodies rendered once, because rendering every row (~5 ms each) would dominate the run.
"""

import bisect
import contextlib
import datetime as dt
import itertools
import math
import multiprocessing
import random
import string
import time
import uuid
from dataclasses import dataclass, field

from django.core.management import get_commands
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.text import slugify

from papers.identifiers import ARXIV_SOURCE
from papers.models import Author, Authorship, Keyword, Paper, Venue
from summaries.counts import catalogue_recount

FIRST_YEAR, LAST_YEAR = 1987, 2026
# Summaries are dated between the later of 2016 (when the site opened) and the paper's publication, and this day.
SUMMARIES_OPENED = dt.datetime(2016, 1, 1, tzinfo=dt.UTC)
CATALOGUE_DATE = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)

# How many authors a paper has (1..15): most have 2-5, a few are large collaborations.
AUTHOR_COUNT_WEIGHTS = [8, 14, 18, 17, 13, 9, 6, 4, 3, 2, 2, 1.5, 1, 1, 1]

VENUES = [
    ("NIPS", "Neural Information Processing Systems, a machine learning and computational neuroscience conference."),
    ("ICML", "The International Conference on Machine Learning."),
    ("ICLR", "The International Conference on Learning Representations, on representation learning."),
    ("CVPR", "The IEEE/CVF Conference on Computer Vision and Pattern Recognition."),
    ("ACL", "The Annual Meeting of the Association for Computational Linguistics."),
    ("EMNLP", "Empirical Methods in Natural Language Processing."),
    ("AAAI", "The AAAI Conference on Artificial Intelligence."),
    ("ICCV", "The IEEE/CVF International Conference on Computer Vision."),
    ("ECCV", "The European Conference on Computer Vision."),
    ("IJCAI", "The International Joint Conference on Artificial Intelligence."),
    ("KDD", "The ACM SIGKDD Conference on Knowledge Discovery and Data Mining."),
    ("NAACL", "The North American Chapter of the Association for Computational Linguistics."),
    ("UAI", "The Conference on Uncertainty in Artificial Intelligence."),
    ("AISTATS", "The International Conference on Artificial Intelligence and Statistics."),
    ("COLT", "The Conference on Learning Theory."),
    ("JMLR", "The Journal of Machine Learning Research."),
    ("TPAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence."),
    ("IJCV", "The International Journal of Computer Vision."),
    ("WWW", "The ACM Web Conference."),
    ("SIGIR", "The ACM SIGIR Conference on Research and Development in Information Retrieval."),
    ("ICRA", "The IEEE International Conference on Robotics and Automation."),
    ("IROS", "The IEEE/RSJ International Conference on Intelligent Robots and Systems."),
    ("CoRL", "The Conference on Robot Learning."),
    ("RSS", "Robotics: Science and Systems."),
    ("MICCAI", "Medical Image Computing and Computer Assisted Intervention."),
    ("ICASSP", "The IEEE International Conference on Acoustics, Speech and Signal Processing."),
    ("Interspeech", "The annual conference of the International Speech Communication Association."),
    ("SIGGRAPH", "The ACM conference on computer graphics and interactive techniques."),
    ("CHI", "The ACM Conference on Human Factors in Computing Systems."),
    ("WSDM", "The ACM Conference on Web Search and Data Mining."),
    ("RecSys", "The ACM Conference on Recommender Systems."),
    ("CIKM", "The ACM Conference on Information and Knowledge Management."),
    ("ICDM", "The IEEE International Conference on Data Mining."),
    ("ECML-PKDD", "The European Conference on Machine Learning and Knowledge Discovery in Databases."),
    ("TACL", "Transactions of the Association for Computational Linguistics."),
    ("COLING", "The International Conference on Computational Linguistics."),
    ("EACL", "The European Chapter of the Association for Computational Linguistics."),
    ("BMVC", "The British Machine Vision Conference."),
    ("WACV", "The IEEE/CVF Winter Conference on Applications of Computer Vision."),
    ("ALT", "The International Conference on Algorithmic Learning Theory."),
    ("ACML", "The Asian Conference on Machine Learning."),
    ("TMLR", "Transactions on Machine Learning Research."),
    ("MLSys", "The Conference on Machine Learning and Systems."),
    ("ISMIR", "The International Society for Music Information Retrieval Conference."),
    ("3DV", "The International Conference on 3D Vision."),
    ("ICPR", "The International Conference on Pattern Recognition."),
    ("SDM", "The SIAM International Conference on Data Mining."),
    ("L4DC", "Learning for Dynamics and Control."),
    ("CogSci", "The Annual Meeting of the Cognitive Science Society."),
    ("Nature MI", "Nature Machine Intelligence."),
]

ARXIV_CATEGORIES = [
    "cs.LG", "stat.ML", "cs.AI", "cs.CV", "cs.CL", "cs.NE", "cs.RO", "cs.IR", "cs.SD", "eess.AS", "eess.IV",
    "math.OC", "cs.GT", "cs.DS", "cs.CR", "q-bio.NC", "cs.HC", "cs.MA", "physics.comp-ph", "cs.DC",
]
TOPICS = [
    "reinforcement learning", "deep learning", "generative models", "variational inference", "optimization",
    "computer vision", "natural language processing", "graph neural networks", "bayesian methods", "robotics",
    "meta-learning", "representation learning", "adversarial examples", "transformers", "causal inference",
    "kernel methods", "speech recognition", "information retrieval", "recommender systems", "fairness",
    "interpretability", "federated learning", "self-supervised learning", "diffusion models", "sparse coding",
    "probabilistic programming", "active learning", "multi-task learning", "continual learning", "planning",
    "game theory", "time series", "object detection", "semantic segmentation", "machine translation",
    "question answering", "dimensionality reduction", "clustering", "anomaly detection", "neuroscience",
]

# Title and abstract vocabulary, most common first (drawn with a Zipf law, so some terms are everywhere).
METHODS = [
    "Neural Networks", "Learning", "Deep Networks", "Transformers", "Gradient Descent", "Attention",
    "Reinforcement Learning", "Variational Autoencoders", "Generative Adversarial Networks", "Graph Networks",
    "Convolutional Networks", "Recurrent Networks", "Gaussian Processes", "Kernel Machines", "Policy Gradients",
    "Diffusion Models", "Normalizing Flows", "Contrastive Learning", "Bayesian Inference", "Random Features",
    "Boosting", "Decision Trees", "Mixture Models", "Energy-Based Models", "Spiking Networks", "Hypernetworks",
    "Capsule Networks", "Message Passing", "Monte Carlo Tree Search", "Optimal Transport", "Score Matching",
    "Sparse Autoencoders", "State Space Models", "Hopfield Networks", "Neural ODEs", "Mixture of Experts",
]
ADJECTIVES = [
    "Efficient", "Scalable", "Robust", "Deep", "Hierarchical", "Stochastic", "Adaptive", "Provable", "Sparse",
    "Unsupervised", "Self-Supervised", "Differentiable", "Implicit", "Bayesian", "Causal", "Equivariant",
    "Distributed", "Federated", "Continual", "Conditional", "Structured", "Fast", "Online", "Private", "Fair",
    "Interpretable", "Modular", "Compositional", "Latent", "Multimodal", "Probabilistic", "Asynchronous",
]
TASKS = [
    "Image Classification", "Language Modeling", "Machine Translation", "Object Detection", "Control",
    "Question Answering", "Speech Recognition", "Density Estimation", "Representation Learning", "Planning",
    "Semantic Segmentation", "Few-Shot Learning", "Domain Adaptation", "Video Prediction", "Program Synthesis",
    "Molecule Generation", "Protein Folding", "Recommendation", "Text Summarization", "Visual Navigation",
    "Anomaly Detection", "Causal Discovery", "Time Series Forecasting", "Link Prediction", "Pose Estimation",
    "Music Generation", "Image Synthesis", "Active Learning", "Exploration", "Continual Learning",
]
PROPERTIES = [
    "Generalization", "Convergence", "Sample Complexity", "Expressivity", "Robustness", "Stability",
    "Implicit Bias", "Calibration", "Identifiability", "Optimization Landscape", "Scaling Laws", "Memorization",
]
# Made-up terms that occur in a handful of papers only: what a "rare term" search finds.
RARE_TERMS = [
    "Quorvex", "Zentrophic", "Malvique", "Ostrandel", "Perlidion", "Thaumatic", "Vexilloid", "Brindlecone",
    "Cyraxial", "Dunmorrow", "Elquarin", "Fennisade", "Glimmerant", "Halcyrite", "Isoveric", "Jorvanite",
]
TITLE_PATTERNS = [
    "{adj} {method} for {task}",
    "Learning {task} with {adj} {method}",
    "On the {prop} of {method}",
    "{method} Are {adj} Learners of {task}",
    "Towards {adj} {task}: {adj2} {method} at Scale",
    "{adj} {method} via {method2}",
    "A Theory of {prop} in {adj} {method}",
    "Revisiting {method2} for {task}",
    "{rare}: {adj} {method} for {task}",
]
SENTENCES = [
    "We study {topic} in the setting of {task_l}, where {method_l} are the standard tool.",
    "Existing approaches based on {method2_l} require careful tuning and scale poorly with the size of the data.",
    "We propose {name}, an {adj_l} variant of {method_l} that improves {prop_l} without extra supervision.",
    "Our analysis shows that {prop_l} depends on the width of the model and on the noise of the gradients.",
    "Experiments on {task_l} benchmarks show consistent gains over strong baselines.",
    "The method is simple to implement and adds little computational overhead.",
    "We also provide a theoretical account of {prop_l} under mild assumptions.",
    "Code and pretrained models are publicly available.",
    "Ablations confirm that each component of {name} contributes to the final performance.",
    "Surprisingly, the same principle applies to {topic} beyond {task_l}.",
]

# Formulas that render cleanly to MathML; inline ($…$) and display ($$…$$) math both occur in summaries.
INLINE_FORMULAS = [
    r"\theta", r"x \in \mathbb{R}^d", r"O(n \log n)", r"\|w\|_2^2", r"p_\theta(x)", r"\alpha = 0.1",
    r"\mathbb{E}[R]", r"\gamma \in (0, 1)", r"h_t", r"\sigma(z) = \frac{1}{1 + e^{-z}}", r"k \ll n",
    r"D_{KL}(q \| p)", r"\epsilon", r"\nabla_\theta \mathcal{L}", r"W \in \mathbb{R}^{m \times n}", r"\lambda",
]
DISPLAY_FORMULAS = [
    r"\mathcal{L}(\theta) = -\sum_{i=1}^{N} \log p_\theta(y_i \mid x_i)",
    r"\nabla_\theta J(\theta) = \mathbb{E}_{\pi_\theta}\left[\nabla_\theta \log \pi_\theta(a \mid s) Q(s, a)\right]",
    r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}",
    r"h_t = \tanh(W h_{t-1} + U x_t + b)",
    r"\log p(x) \geq \mathbb{E}_{q(z \mid x)}[\log p(x \mid z)] - D_{KL}(q(z \mid x) \| p(z))",
    r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{Q K^T}{\sqrt{d_k}}\right) V",
    r"\min_G \max_D \mathbb{E}_{x}[\log D(x)] + \mathbb{E}_{z}[\log(1 - D(G(z)))]",
    r"Q(s, a) \leftarrow Q(s, a) + \alpha \left(r + \gamma \max_{a'} Q(s', a') - Q(s, a)\right)",
    r"\hat{\theta} = \arg\min_\theta \frac{1}{n} \sum_{i=1}^{n} \ell(f_\theta(x_i), y_i) + \lambda \|\theta\|^2",
    r"x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(x_t - \frac{1 - \alpha_t}{\sqrt{1 - \bar{\alpha}_t}}"
    r" \epsilon_\theta(x_t, t)\right)",
]
SUMMARY_SENTENCES = [
    "The paper tackles {task_l} with {method_l}, and the main idea fits in one line: ${inline}$.",
    "What I liked is how little machinery is needed: the objective is the usual one, ${inline}$, plus a penalty.",
    "The authors argue that {prop_l} is the real bottleneck, not model size.",
    "Compared with {method2_l}, the approach trades a bit of accuracy for a large gain in speed.",
    "The experiments cover {task_l} and {task2_l}; the gains are largest when data is scarce.",
    "A caveat: the baselines were tuned less carefully than the proposed method.",
    "The key quantity is ${inline}$, which the method estimates with a single sample.",
    "In short, {name} is {adj_l} {method_l} with a better estimate of ${inline}$.",
    "This connects nicely to earlier work on {topic}.",
    "The appendix has a proof that the estimator is unbiased when ${inline}$.",
]
SUMMARY_HEADINGS = ["Key points", "Method", "Results", "Why it matters", "Limitations", "Notes", "Setup"]

FIRST_NAMES = [
    "Ada", "Alan", "Alex", "Amir", "Ana", "Andrea", "Anil", "Anna", "Aya", "Ben", "Bo", "Carla", "Chen", "Chloe",
    "Daniel", "David", "Diego", "Elena", "Emma", "Eric", "Fatima", "Felix", "Fei", "Gabriel", "Grace", "Hana",
    "Hao", "Hugo", "Ian", "Ines", "Ivan", "Jae", "James", "Jia", "Jin", "Joao", "John", "Julia", "Kai", "Karen",
    "Kenji", "Kim", "Lars", "Laura", "Lea", "Li", "Lina", "Lucas", "Maria", "Mark", "Marta", "Mei", "Min",
    "Mohammed", "Nadia", "Nina", "Noah", "Olga", "Omar", "Pablo", "Paul", "Pedro", "Priya", "Qing", "Rahul",
    "Rosa", "Ruth", "Sam", "Sara", "Sergey", "Shira", "Sofia", "Sun", "Tao", "Tariq", "Tom", "Uma", "Victor",
    "Wei", "Xin", "Yan", "Yara", "Yuki", "Yusuf", "Zhang", "Zoe", "Oren", "Ilya", "Geoffrey", "Yoshua", "Yann",
]
LAST_NAMES = [
    "Abbott", "Ahmed", "Alvarez", "Andersen", "Bauer", "Becker", "Bianchi", "Brown", "Carter", "Chen", "Cohen",
    "Costa", "Da Silva", "Dubois", "Edwards", "Fischer", "Garcia", "Gonzalez", "Gupta", "Hansen", "Hoffmann",
    "Huang", "Ivanov", "Jansen", "Johnson", "Kapoor", "Kato", "Khan", "Kim", "Kowalski", "Kumar", "Larsen", "Lee",
    "Li", "Lin", "Liu", "Lopez", "Martin", "Meyer", "Moreau", "Muller", "Nakamura", "Nguyen", "Novak", "Okafor",
    "Olsen", "Park", "Patel", "Petrov", "Popescu", "Ricci", "Rossi", "Sato", "Schmidt", "Schneider", "Shah",
    "Silva", "Singh", "Smith", "Suzuki", "Tanaka", "Taylor", "Thomas", "Wagner", "Wang", "Weber", "Williams",
    "Wong", "Wu", "Xu", "Yamamoto", "Yang", "Zhao", "Zhou", "Ziegler", "Nachum", "Levine", "Hinton", "Bengio",
]


def zipf_cum_weights(n, *, exponent=1.0, offset=0.0):
    """Cumulative weights of a Zipf-Mandelbrot law over ranks 1..n (rank 1 most likely), for random.choices."""
    return list(itertools.accumulate(1.0 / (rank + offset) ** exponent for rank in range(1, n + 1)))


def default_author_count(papers):
    """Authors in the pool: three names per paper, so that most authors have one paper (Lotka's law)."""
    return max(20, 3 * papers)


@dataclass
class CatalogueReport:
    venues: int = 0
    keywords: int = 0
    authors: int = 0
    papers: int = 0
    authorships: int = 0
    summaries: int = 0
    distinct_summary_bodies: int = 0
    seconds: dict = field(default_factory=dict)

    def __str__(self):
        total = sum(self.seconds.values())
        stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in self.seconds.items())
        return (
            f"{self.papers} papers, {self.summaries} summaries ({self.distinct_summary_bodies} distinct bodies), "
            f"{self.authors} authors ({self.authorships} authorships), {self.venues} venues, "
            f"{self.keywords} keywords in {total:.1f} s ({stages})"
        )


class SlugAllocator:
    """Unique slugs for one model, checked in memory against the slugs already stored (one query)."""

    def __init__(self, model, max_length):
        self.max_length = max_length
        self.taken = set(model.objects.values_list("slug", flat=True))
        self.next_suffix = {}

    def allocate(self, text):
        base = (slugify(text) or "item")[: self.max_length].strip("-") or "item"
        slug, n = base, self.next_suffix.get(base, 1)
        while slug in self.taken:
            n += 1
            suffix = f"-{n}"
            slug = base[: self.max_length - len(suffix)] + suffix
        self.next_suffix[base] = n
        self.taken.add(slug)
        return slug


class TextGenerator:
    """Titles, abstracts, names and Markdown summaries drawn from one random generator."""

    def __init__(self, rng):
        self.rng = rng
        self._method_cum = zipf_cum_weights(len(METHODS), exponent=1.1)
        self._task_cum = zipf_cum_weights(len(TASKS), exponent=0.9)
        self._adj_cum = zipf_cum_weights(len(ADJECTIVES), exponent=0.8)
        self._fields = {}
        method = lambda: self._pick(METHODS, self._method_cum)  # noqa: E731
        task = lambda: self._pick(TASKS, self._task_cum)  # noqa: E731
        adj = lambda: self._pick(ADJECTIVES, self._adj_cum)  # noqa: E731
        self._draws = {
            "method": method, "method2": method, "task": task, "task2": lambda: rng.choice(TASKS),
            "adj": adj, "adj2": lambda: rng.choice(ADJECTIVES), "prop": lambda: rng.choice(PROPERTIES),
            "rare": lambda: rng.choice(RARE_TERMS), "topic": lambda: rng.choice(TOPICS),
            "inline": lambda: rng.choice(INLINE_FORMULAS),
            "method_l": lambda: method().lower(), "method2_l": lambda: method().lower(),
            "task_l": lambda: task().lower(), "task2_l": lambda: rng.choice(TASKS).lower(),
            "adj_l": lambda: adj().lower(), "prop_l": lambda: rng.choice(PROPERTIES).lower(),
        }

    def _pick(self, words, cum):
        return self.rng.choices(words, cum_weights=cum)[0]

    def _fill(self, pattern, name=""):
        """`pattern` with each {placeholder} drawn; only the placeholders the pattern uses cost a draw."""
        fields = self._fields.get(pattern)
        if fields is None:
            fields = self._fields[pattern] = [f for _, f, _, _ in string.Formatter().parse(pattern) if f]
        draw = self._draws
        return pattern.format(**{f: name if f == "name" else draw[f]() for f in fields})

    def title(self):
        # The rare-term pattern is used for about 1 title in 400, so its words stay rare at any size.
        pattern = TITLE_PATTERNS[-1] if self.rng.random() < 0.0025 else self.rng.choice(TITLE_PATTERNS[:-1])
        return self._fill(pattern)

    def acronym(self):
        return "".join(self.rng.choice("ABCDEFGHIJKLMNOPRSTUVWXZ") for _ in range(self.rng.randint(3, 5)))

    def abstract(self):
        name = self.acronym()
        sentences = [self._fill(s, name) for s in self.rng.sample(SENTENCES, self.rng.randint(4, 8))]
        return " ".join(sentences)

    def person_name(self):
        rng = self.rng
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
        return f"{rng.choice(FIRST_NAMES)}{middle} {rng.choice(LAST_NAMES)}"

    def unique_person_name(self, seen):
        """A name not in `seen` (then added to it): the same person is one Author, as in the importer."""
        for _ in range(5):
            name = self.person_name()
            if name not in seen:
                break
        while name in seen:  # the simple names are used up: double-barrelled surnames
            name = f"{self.person_name()}-{self.rng.choice(LAST_NAMES)}"
        seen.add(name)
        return name

    def summary_markdown(self):
        """A Markdown summary of 0.5-8 KB (log-uniform) with headings, lists, inline and display formulas."""
        rng = self.rng
        target = int(math.exp(rng.uniform(math.log(500), math.log(8000))))
        name = self.acronym()
        parts = []
        size, previous = 0, None
        while size < target:
            kind = rng.random()
            if 0.15 <= kind < 0.35 and previous == "list":
                kind = 0.6  # two lists in a row would merge into one
            previous = "list" if 0.15 <= kind < 0.35 else None
            if kind < 0.15:
                block = f"## {rng.choice(SUMMARY_HEADINGS)}"
            elif kind < 0.35:
                block = "\n".join(f"- {self._fill(s, name)}" for s in rng.sample(SUMMARY_SENTENCES, rng.randint(2, 4)))
            elif kind < 0.5:
                block = f"$$\n{rng.choice(DISPLAY_FORMULAS)}\n$$"
            else:
                block = " ".join(self._fill(s, name) for s in rng.sample(SUMMARY_SENTENCES, rng.randint(2, 5)))
            parts.append(block)
            size += len(block) + 2
        return "\n\n".join(parts)


def _render_pool(bodies):
    """Render Markdown bodies to HTML, on every core when there are many (rendering is CPU-bound)."""
    from summaries.rendering import render_summary

    in_transaction = any(conn.in_atomic_block for conn in connections.all(initialized_only=True))
    if len(bodies) < 200 or in_transaction:
        return [render_summary(body) for body in bodies]
    for conn in connections.all(initialized_only=True):
        conn.close()  # forked workers must not share the parent's database socket
    with multiprocessing.get_context("fork").Pool() as pool:
        return pool.map(render_summary, bodies, chunksize=25)


@contextlib.contextmanager
def _stored_timestamps(*models):
    """Let bulk_create store the generated `created`/`updated` values instead of stamping every row with now."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@contextlib.contextmanager
def _row_writer(model, batch_size):
    """Yield `write(rows)` for rows whose ids nobody reads back.

    On PostgreSQL with psycopg 3 it is one COPY for the whole block, fed from a queue by a writer thread, so the
    server stores one batch while Python builds the next (several times faster than INSERTs for wide rows).
    Elsewhere it is bulk_create. Values go through each field's get_db_prep_save, as in bulk_create. Nothing
    else may use the connection inside the block.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    fallback = lambda rows: model.objects.bulk_create(rows, batch_size=batch_size)  # noqa: E731
    if connection.vendor != "postgresql":
        yield fallback
        return
    from psycopg.copy import QueuedLibpqWriter

    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.db_returning)]
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:

            def write(rows):
                for obj in rows:
                    copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])

            yield write


def _insert(model, rows, batch_size):
    with _row_writer(model, batch_size) as write:
        write(rows)


def _use_fast_toast_compression():
    """Compress the long summary texts with lz4 when PostgreSQL has it (pglz costs more CPU than the insert)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
        if row and "lz4" in (row[0] or []):
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")


def _validate_sample(obj, exclude=()):
    """full_clean() one row per batch: catches generator bugs without a query per row."""
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def catalogue_generate(
    *, papers, summaries, venues=50, authors=None, seed=1, batch_size=2000, summary_pool=2000, progress=None
):
    """Add a synthetic catalogue to the database in one transaction and return a CatalogueReport.

    `progress(stage, done, total)` is called after each batch, for commands that show progress.
    """
    from summaries.models import Summary

    rng = random.Random(seed)
    text = TextGenerator(rng)
    report = CatalogueReport()
    progress = progress or (lambda stage, done, total: None)
    authors = authors or default_author_count(papers)
    clock = time.perf_counter()

    def lap(stage):
        nonlocal clock
        now = time.perf_counter()
        report.seconds[stage] = report.seconds.get(stage, 0.0) + now - clock
        clock = now

    # The summary pool is rendered first (and outside the transaction): worker processes fork from here.
    pool_size = min(summary_pool, summaries)
    bodies = [text.summary_markdown() for _ in range(pool_size)]
    from summaries.models import excerpt_of

    pool = [(body, html, excerpt_of(html)) for body, html in zip(bodies, _render_pool(bodies), strict=True)]
    report.distinct_summary_bodies = len(pool)
    progress("summary bodies rendered", len(pool), pool_size)
    lap("render")

    with transaction.atomic(), _stored_timestamps(Paper, Summary):
        _use_fast_toast_compression()
        venue_rows = _create_venues(venues, progress)
        report.venues = len(venue_rows)
        keyword_rows = _create_keywords(progress)
        report.keywords = len(keyword_rows)
        lap("venues and keywords")

        # Draw every byline first, so that only authors who wrote something are created.
        # Zipf-Mandelbrot: the offset flattens the head so the most prolific author is on ~0.5-10% of papers.
        author_cum = zipf_cum_weights(authors, exponent=1.0, offset=20 + authors / 1000)
        count_cum = list(itertools.accumulate(AUTHOR_COUNT_WEIGHTS))
        bylines = [_draw_byline(rng, authors, author_cum, count_cum) for _ in range(papers)]
        used = sorted({rank for byline in bylines for rank in byline})
        author_by_rank = _create_authors(text, used, batch_size, progress)
        report.authors = len(author_by_rank)
        lap("authors")

        paper_ids, paper_dates, authorships = _create_papers(
            rng, text, papers, bylines, author_by_rank, venue_rows, keyword_rows, batch_size, progress
        )
        report.papers, report.authorships = len(paper_ids), authorships
        lap("papers")

        report.summaries = _create_summaries(rng, summaries, paper_ids, paper_dates, pool, batch_size, progress)
        lap("summaries")

        # bulk_create and COPY send no signals: the stored counts are computed here, in bulk.
        catalogue_recount()
        progress("counts", 1, 1)
        lap("counts")

    if "rebuild_search_index" in get_commands():
        from django.core.management import call_command

        progress("search index", 0, 1)
        call_command("rebuild_search_index", batch_size=5000)
        progress("search index", 1, 1)
        lap("search index")
    return report


def _draw_byline(rng, authors, author_cum, count_cum):
    count = min(bisect.bisect_left(count_cum, rng.random() * count_cum[-1]) + 1, authors)
    byline = []
    while len(byline) < count:
        rank = bisect.bisect_left(author_cum, rng.random() * author_cum[-1])
        if rank not in byline:
            byline.append(rank)
    return byline


def _create_venues(count, progress):
    existing = {v.short_name.lower(): v for v in Venue.objects.all()}
    wanted = [*VENUES, *((f"Workshop {n}", f"Workshop number {n}.") for n in range(len(VENUES) + 1, count + 1))]
    slugs = SlugAllocator(Venue, 40)
    new = [
        Venue(short_name=name, slug=slugs.allocate(name), description=description)
        for name, description in wanted[:count]
        if name.lower() not in existing
    ]
    if new:
        _validate_sample(new[0])
    Venue.objects.bulk_create(new)
    progress("venues", count, count)
    return [existing.get(name.lower()) or next(v for v in new if v.short_name == name) for name, _ in wanted[:count]]


def _create_keywords(progress):
    names = [*ARXIV_CATEGORIES, *TOPICS]
    existing = {k.name: k for k in Keyword.objects.filter(name__in=names)}
    slugs = SlugAllocator(Keyword, 100)
    new = [Keyword(name=name, slug=slugs.allocate(name)) for name in names if name not in existing]
    Keyword.objects.bulk_create(new)
    progress("keywords", len(names), len(names))
    by_name = {**existing, **{k.name: k for k in new}}
    return [by_name[name] for name in names]


def _create_authors(text, ranks, batch_size, progress):
    seen = set(Author.objects.values_list("name", flat=True))
    slugs = SlugAllocator(Author, 80)
    author_by_rank = {}
    done = 0
    for batch in _batches(ranks, batch_size):
        rows = []
        for rank in batch:
            name = text.unique_person_name(seen)
            author = Author(name=name, slug=slugs.allocate(name))
            author_by_rank[rank] = author
            rows.append(author)
        _validate_sample(rows[0])
        Author.objects.bulk_create(rows)
        done += len(rows)
        progress("authors", done, len(ranks))
    return author_by_rank


def _paper_date(rng, year):
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365 if year < LAST_YEAR else 300))


def _create_papers(rng, text, count, bylines, author_by_rank, venue_rows, keyword_rows, batch_size, progress):
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    # The field grows ~14% a year; the current year is not over yet.
    year_cum = list(itertools.accumulate(1.14 ** (y - FIRST_YEAR) * (0.85 if y == LAST_YEAR else 1) for y in years))
    venue_cum = zipf_cum_weights(len(venue_rows), exponent=1.0, offset=1.0)
    keyword_cum = zipf_cum_weights(len(keyword_rows), exponent=1.0)
    slugs = SlugAllocator(Paper, 80)
    taken_arxiv = set(Paper.objects.exclude(arxiv_id="").values_list("arxiv_id", flat=True))
    arxiv_numbers = {}
    Through = Paper.keywords.through
    paper_ids, paper_dates = [], []
    authorships = done = 0
    for batch in _batches(range(count), batch_size):
        rows, links, tags = [], [], []
        for index in batch:
            year = rng.choices(years, cum_weights=year_cum)[0]
            published = _paper_date(rng, year)
            title = text.title()
            arxiv_id = ""
            if year >= 2007 and rng.random() < 0.7:
                while not arxiv_id or arxiv_id in taken_arxiv:
                    yymm = f"{year % 100:02d}{published.month:02d}"
                    arxiv_numbers[yymm] = arxiv_numbers.get(yymm, 0) + 1
                    arxiv_id = f"{yymm}.{arxiv_numbers[yymm]:05d}"
                taken_arxiv.add(arxiv_id)
            venue = rng.choices(venue_rows, cum_weights=venue_cum)[0]
            stamp = dt.datetime.combine(published, dt.time(12), tzinfo=dt.UTC)
            rows.append(
                Paper(
                    title=title, slug=slugs.allocate(title), venue=venue, year=year,
                    source=ARXIV_SOURCE if arxiv_id else venue.description.rstrip("."),
                    provenance=Paper.Provenance.ARXIV if arxiv_id else Paper.Provenance.BIBTEX,
                    abstract=text.abstract(), first_published=published, arxiv_id=arxiv_id,
                    created=stamp, updated=stamp,
                )
            )
            links.append(bylines[index])
            tags.append({rng.choices(keyword_rows, cum_weights=keyword_cum)[0] for _ in range(rng.randint(1, 5))})
        _validate_sample(rows[0])
        Paper.objects.bulk_create(rows)
        _insert(
            Authorship,
            [
                Authorship(paper_id=paper.pk, author_id=author_by_rank[rank].pk, position=position)
                for paper, byline in zip(rows, links, strict=True)
                for position, rank in enumerate(byline)
            ],
            batch_size,
        )
        _insert(
            Through,
            [
                Through(paper_id=paper.pk, keyword_id=keyword.pk)
                for paper, keywords in zip(rows, tags, strict=True)
                for keyword in sorted(keywords, key=lambda k: k.pk)
            ],
            batch_size,
        )
        authorships += sum(len(byline) for byline in links)
        paper_ids.extend(paper.pk for paper in rows)
        paper_dates.extend(paper.first_published for paper in rows)
        done += len(rows)
        progress("papers", done, count)
    return paper_ids, paper_dates, authorships


def _create_summaries(rng, count, paper_ids, paper_dates, pool, batch_size, progress):
    from summaries.models import Summary

    if not paper_ids:
        return 0
    # Popular papers get many summaries, most get none or one: a long tail over a shuffled order of papers.
    order = list(range(len(paper_ids)))
    rng.shuffle(order)
    paper_cum = zipf_cum_weights(len(order), exponent=0.6, offset=10.0)
    contributors = [f"ShortScience.org contributor {n}" for n in range(1, 2001)]
    contributor_cum = zipf_cum_weights(len(contributors), exponent=1.0)
    taken_tokens = set(Summary.objects.values_list("share_token", flat=True))
    done = 0
    with _row_writer(Summary, batch_size) as write:
        for batch in _batches(range(count), batch_size):
            done += _summary_batch(rng, batch, write, order, paper_cum, paper_ids, paper_dates, pool, contributors,
                                   contributor_cum, taken_tokens)
            progress("summaries", done, count)
    return done


def _summary_batch(rng, batch, write, order, paper_cum, paper_ids, paper_dates, pool, contributors, contributor_cum,
                   taken_tokens):
    """Draw and write one batch of summaries; returns how many."""
    from summaries.models import Summary

    rows = []
    for _ in batch:
        token = uuid.UUID(int=rng.getrandbits(128), version=4)
        while token in taken_tokens:  # only when adding to an earlier run with the same seed
            token = uuid.UUID(int=rng.getrandbits(128), version=4)
        taken_tokens.add(token)
        index = order[bisect.bisect_left(paper_cum, rng.random() * paper_cum[-1])]
        opened = max(SUMMARIES_OPENED, dt.datetime.combine(paper_dates[index], dt.time(), tzinfo=dt.UTC))
        span = max(1, int((CATALOGUE_DATE - opened).total_seconds()))
        created = opened + dt.timedelta(seconds=rng.randrange(span))
        body, body_html, excerpt = pool[rng.randrange(len(pool))]
        rows.append(
            Summary(
                paper_id=paper_ids[index], attribution=rng.choices(contributors, cum_weights=contributor_cum)[0],
                body=body, body_html=body_html, excerpt=excerpt,
                is_private=rng.random() < 0.02, is_hidden=rng.random() < 0.01,
                share_token=token, created=created, updated=created,
            )
        )
    _validate_sample(rows[0], exclude=["paper"])  # no FK query: the COPY owns the connection
    write(rows)
    return len(rows)
