"""The vocabulary of the synthetic catalogue: venues, arXiv categories, topics, title and sentence patterns,
formulas and names. Lists run from most to least common where the generator draws them with a Zipf law.
"""

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
