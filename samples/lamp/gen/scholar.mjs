// Research fields for the scholarly samples (LaMP-1 citation identification, LaMP-5 title generation).
// All text below was written for ReaPer Studio. Each field has problems and methods that combine
// freely: "{method} for {problem}", with an abstract assembled from context, gap, method and results.

import { fill, capFirst } from "./util.mjs";

export const FIELDS = {
  ir: {
    name: "information retrieval",
    problems: [
      { title: "Passage Ranking for Open-Domain Question Answering", data: ["MS MARCO", "Natural Questions", "the TREC Deep Learning track"], metrics: ["MRR@10", "nDCG@10", "Recall@100"], np: "passage ranking for open-domain question answering", ctx: "Open-domain question answering systems depend on retrieving a handful of relevant passages from millions of candidates." },
      { title: "Product Search", data: ["a product catalogue of two million items", "six months of search logs from an online retailer"], metrics: ["nDCG@10", "the purchase rate"], np: "product search in online stores", ctx: "Shoppers often describe products with vague or colloquial queries that rarely match the wording of catalogue entries." },
      { title: "Legal Case Retrieval", data: ["a collection of 50,000 court judgments", "the COLIEE benchmark"], metrics: ["Recall@100", "mean average precision"], np: "the retrieval of prior legal cases", ctx: "Lawyers searching for precedent must sift through long judgments written in highly specialised language." },
      { title: "Conversational Search", data: ["the TREC CAsT benchmarks", "a collection of rewritten dialogue queries"], metrics: ["nDCG@3", "MRR"], np: "conversational search", ctx: "In conversational search, the meaning of a question often depends on what was said several turns earlier." },
      { title: "Query Auto-Completion", data: ["a public web search query log", "six months of queries from a site search engine"], metrics: ["MRR", "the success rate at the top three suggestions"], np: "query auto-completion", ctx: "Query auto-completion has to suggest useful continuations after the user has typed only a few characters." },
      { title: "Scientific Literature Search", data: ["the TREC-COVID collection", "a corpus of ten million abstracts"], metrics: ["nDCG@10", "Recall@100"], np: "search over the scientific literature", ctx: "Researchers increasingly rely on search engines to keep up with a scientific literature that doubles every few years." },
      { title: "Personal Email Search", data: ["a mailbox corpus donated by volunteers", "anonymised search logs from an email provider"], metrics: ["MRR", "nDCG@5"], np: "personal email search", ctx: "Personal email search is difficult because every mailbox is private and relevance judgements are scarce." },
    ],
    methods: [
      { title: "Contrastive Training with Hard Negatives", np: "a dense retriever trained contrastively with hard negatives", detail: "Queries and documents are encoded independently, and negatives are mined from a lexical first-stage ranker to sharpen the decision boundary." },
      { title: "Query Rewriting with Pseudo-Relevance Feedback", np: "a query rewriting model guided by pseudo-relevance feedback", detail: "The model reads the top results of an initial search and reformulates the query with terms that better reflect the searcher's intent." },
      { title: "Unbiased Learning to Rank from Clicks", np: "an unbiased learning-to-rank method that learns from logged clicks", detail: "Position bias in the click logs is estimated with small randomised swaps and corrected through inverse propensity weighting." },
      { title: "Late-Interaction Re-Ranking", np: "a late-interaction re-ranker", detail: "Token-level embeddings of the query and the document are compared with a cheap maximum-similarity operator, which keeps re-ranking fast enough for production." },
      { title: "Generative Document Expansion", np: "a generative document expansion technique", detail: "Before indexing, a sequence-to-sequence model predicts questions that each document could answer and appends them to its text." },
      { title: "Learned Sparse Representations", np: "a learned sparse retrieval model", detail: "The model assigns weights to vocabulary terms so that its representations can be served from a standard inverted index." },
    ],
    gaps: [
      "Existing neural rankers are accurate but often too slow to be used for first-stage retrieval.",
      "Most prior work assumes abundant relevance labels, which are rarely available in practice.",
      "Lexical methods remain strong baselines, yet they fail when queries and documents use different vocabulary.",
      "Current evaluations also overlook how systems behave on rare and long-tail queries.",
    ],
    extras: [
      "The gains are largest for long-tail queries.",
      "An ablation study confirms that each component contributes to the final effectiveness.",
      "The index stays compact, and query latency remains below fifty milliseconds.",
      "We release our code and trained models to support future work.",
    ],
  },

  bio: {
    name: "computational biology",
    problems: [
      { title: "Protein Structure Prediction", data: ["the CASP15 targets", "a held-out set of recently solved structures"], metrics: ["the GDT-TS score", "the TM-score"], np: "protein structure prediction", ctx: "Predicting the three-dimensional structure of a protein from its sequence remains central to understanding its function." },
      { title: "Single-Cell RNA Sequencing Analysis", data: ["the Human Cell Atlas", "the Tabula Muris compendium"], metrics: ["the adjusted Rand index", "clustering accuracy"], np: "the analysis of single-cell RNA sequencing data", ctx: "Single-cell RNA sequencing measures gene expression in thousands of individual cells, but the resulting data are sparse and noisy." },
      { title: "Gene Regulatory Network Inference", data: ["the DREAM5 challenge networks", "a set of ChIP-seq validated interactions"], metrics: ["the area under the precision-recall curve", "early precision"], np: "gene regulatory network inference", ctx: "Gene regulatory networks describe which transcription factors control which genes, yet they are hard to observe directly." },
      { title: "Drug-Target Interaction Prediction", data: ["a curated set of kinase assays", "the BindingDB database"], metrics: ["the area under the ROC curve", "the concordance index"], np: "drug-target interaction prediction", ctx: "Identifying which compounds bind to which proteins is an expensive bottleneck in early drug discovery." },
      { title: "Metagenomic Binning", data: ["the CAMI benchmark", "human gut samples from 200 donors"], metrics: ["the number of near-complete genomes recovered", "binning purity"], np: "metagenomic binning", ctx: "Metagenomic samples contain DNA fragments from hundreds of microbial species that must be grouped by their genome of origin." },
      { title: "Variant Effect Prediction", data: ["ClinVar", "deep mutational scanning data for 30 proteins"], metrics: ["the area under the ROC curve", "the Spearman correlation with experimental measurements"], np: "the prediction of missense variant effects", ctx: "Most missense variants found in patients have unknown clinical significance." },
      { title: "Cell Type Annotation", data: ["the Human Cell Atlas", "a new atlas of the mouse brain"], metrics: ["annotation accuracy", "the macro F1 score"], np: "automatic cell type annotation", ctx: "Labelling cell types in new tissue samples still relies heavily on manual inspection of marker genes." },
    ],
    methods: [
      { title: "Graph Neural Networks", np: "a graph neural network over biological interaction graphs", detail: "Each residue or gene is a node, and messages passed along predicted interactions let the model capture long-range dependencies." },
      { title: "Protein Language Models", np: "a model built on pretrained protein language embeddings", fits: [0, 3, 5], detail: "Embeddings from a language model trained on millions of unlabelled sequences are fine-tuned with a small amount of labelled data." },
      { title: "Variational Autoencoders", np: "a variational autoencoder with a count-based likelihood", fits: [1, 2, 4, 6], detail: "A negative binomial decoder models over-dispersed counts, while the latent space separates biological signal from batch effects." },
      { title: "Bayesian Hierarchical Models", np: "a Bayesian hierarchical model", detail: "Parameters are shared across related samples through informative priors, which yields calibrated uncertainty estimates." },
      { title: "Contrastive Pretraining", np: "a contrastive pretraining scheme", detail: "Augmented views of the same sample are pulled together in embedding space, so useful features are learned without labels." },
      { title: "Optimal Transport", np: "an optimal transport alignment method", fits: [1, 2, 6], detail: "Distributions measured under different conditions are matched by minimising a regularised transport cost." },
    ],
    gaps: [
      "Existing tools either ignore measurement noise or scale poorly to modern dataset sizes.",
      "Most current methods are trained on a few well-studied organisms and transfer badly to others.",
      "Supervised approaches are limited by the small number of experimentally validated labels.",
      "Prior models offer little insight into which features drive their predictions.",
    ],
    extras: [
      "The learned representations also recover known biological pathways without supervision.",
      "Runtime scales linearly with the number of cells, making atlas-scale analyses feasible.",
      "We provide an open-source implementation as a Python package.",
      "Case studies on two disease cohorts illustrate the practical value of the predictions.",
    ],
  },

  robotics: {
    name: "robotics",
    problems: [
      { title: "Grasping Transparent Objects", data: ["the YCB object set", "a new set of 40 transparent household objects"], metrics: ["the grasp success rate"], np: "grasping transparent objects", verb: "Grasp Transparent Objects", ctx: "Transparent and reflective objects confuse depth sensors, which makes them notoriously hard for robots to pick up." },
      { title: "Legged Locomotion on Rough Terrain", data: ["a Unitree quadruped", "a simulated obstacle course"], metrics: ["the traversal success rate", "the distance travelled before a fall"], np: "legged locomotion on rough terrain", verb: "Walk on Rough Terrain", ctx: "Quadruped robots must adapt their gait continuously when walking over gravel, stairs and slippery surfaces." },
      { title: "Cloth Folding", data: ["a set of towels and T-shirts", "a cloth simulation benchmark"], metrics: ["the folding success rate", "the coverage of the final fold"], np: "robotic cloth folding", verb: "Fold Cloth", ctx: "Deformable objects such as towels and shirts have nearly infinite configurations, which challenges standard manipulation pipelines." },
      { title: "Multi-Robot Path Planning", data: ["a custom warehouse simulator", "a fleet of 20 real mobile robots"], metrics: ["the number of completed orders per hour", "the planning success rate"], np: "path planning for teams of mobile robots", verb: "Plan Paths for Robot Teams", ctx: "Warehouses increasingly deploy dozens of mobile robots that must share narrow aisles without collisions." },
      { title: "Peg-in-Hole Assembly", data: ["a Franka Emika arm", "a set of industrial connectors"], metrics: ["the insertion success rate"], np: "contact-rich peg-in-hole assembly", verb: "Insert Pegs with Tight Tolerances", ctx: "Industrial assembly tasks require sub-millimetre precision while the robot is in constant contact with the parts." },
      { title: "Drone Navigation in Forests", data: ["a quadrotor flying in two real forests", "a photorealistic forest simulator"], metrics: ["the flight success rate", "the average flight speed"], np: "autonomous drone navigation in forests", verb: "Fly Through Dense Forests", ctx: "Flying a small drone between trees demands fast perception and planning under tight onboard compute budgets." },
      { title: "Kitchen Object Rearrangement", data: ["two real kitchens", "a simulated home environment"], metrics: ["the task success rate"], np: "object rearrangement in household kitchens", verb: "Tidy Up Kitchens", ctx: "Household robots are expected to put away dishes and groceries in kitchens they have never seen before." },
    ],
    methods: [
      { title: "Sim-to-Real Reinforcement Learning", np: "a reinforcement learning policy trained in simulation and transferred to hardware", detail: "Physical parameters are randomised during training so that the policy tolerates the mismatch between simulation and the real robot." },
      { title: "Model Predictive Control", np: "a model predictive controller with a learned dynamics model", detail: "At every step the controller optimises a short trajectory under a neural dynamics model and executes only the first action." },
      { title: "Imitation Learning from Few Demonstrations", np: "an imitation learning method that needs only a few demonstrations", fits: [0, 2, 4, 5, 6], detail: "A handful of teleoperated demonstrations are augmented with synthetic perturbations to cover states the operator never visited." },
      { title: "Tactile Feedback", np: "a controller that fuses vision with tactile feedback", fits: [0, 2, 4, 6], detail: "High-resolution tactile sensors on the fingertips detect slip and contact geometry that cameras cannot see." },
      { title: "Diffusion Policies", np: "a diffusion-based visuomotor policy", fits: [0, 2, 4, 6], detail: "The policy generates action sequences by iteratively denoising random trajectories conditioned on camera images." },
      { title: "Sampling-Based Motion Planning", np: "a sampling-based motion planner with learned heuristics", fits: [0, 3, 5, 6], detail: "A learned sampling distribution concentrates samples in regions likely to contain a feasible path." },
    ],
    gaps: [
      "Hand-engineered pipelines work in the lab but break down under everyday variation.",
      "Learning-based approaches usually need thousands of real-world trials, which is costly and unsafe.",
      "Existing planners assume accurate state estimation, an assumption that rarely holds outside the laboratory.",
      "Few prior systems have been evaluated for more than a few minutes of continuous operation.",
    ],
    extras: [
      "The same policy runs at 50 Hz on an onboard computer.",
      "Failure analysis shows that most remaining errors stem from occlusions.",
      "Videos of the real-robot experiments are available on the project page.",
      "We also report results over eight hours of uninterrupted operation.",
    ],
  },

  networks: {
    name: "wireless networking",
    problems: [
      { title: "Beam Management in Millimetre-Wave Networks", data: ["a 60 GHz testbed", "ray-tracing simulations of a city centre"], metrics: ["throughput", "link availability"], np: "beam management in millimetre-wave networks", ctx: "Millimetre-wave links offer enormous bandwidth but are easily blocked, so base stations must constantly steer narrow beams." },
      { title: "Energy-Efficient Sensor Networks", data: ["a field deployment of 120 soil sensors", "ns-3 simulations"], metrics: ["network lifetime", "the packet delivery ratio"], np: "energy-efficient data collection in sensor networks", ctx: "Battery-powered sensors deployed in the field are expected to run for years without maintenance." },
      { title: "Wi-Fi Rate Adaptation", data: ["an office testbed with 30 access points", "ns-3 simulations"], metrics: ["throughput"], np: "Wi-Fi rate adaptation", ctx: "A Wi-Fi sender must choose a transmission rate without knowing how the channel will change in the next few milliseconds." },
      { title: "Vehicular Communication", data: ["traces collected from a city bus fleet", "the SUMO traffic simulator"], metrics: ["the packet delivery ratio"], np: "vehicle-to-vehicle communication", ctx: "Connected vehicles exchange safety messages over links that appear and disappear as traffic moves." },
      { title: "Spectrum Sharing", data: ["a software-defined radio testbed", "spectrum measurements from three cities"], metrics: ["spectrum utilisation", "throughput"], np: "dynamic spectrum sharing", ctx: "Licensed spectrum sits idle much of the time, while unlicensed bands are increasingly congested." },
      { title: "Edge Computing Offloading", data: ["a campus edge computing testbed", "traces from a mobile augmented reality app"], metrics: ["the task completion rate", "energy savings on the device"], np: "task offloading to the network edge", ctx: "Mobile devices can offload heavy computation to nearby edge servers, but only if the wireless link cooperates." },
      { title: "LoRa Networks", data: ["an urban LoRa deployment", "a simulated network of 5,000 devices"], metrics: ["the packet delivery ratio", "battery lifetime"], np: "long-range low-power LoRa networks", ctx: "LoRa gateways serve thousands of low-power devices spread over several kilometres." },
    ],
    methods: [
      { title: "Deep Reinforcement Learning", np: "a deep reinforcement learning scheduler", detail: "The scheduler observes queue lengths and channel reports and learns a policy that balances throughput against fairness." },
      { title: "Federated Learning", np: "a federated learning scheme", detail: "Devices train a shared model locally and exchange only compressed updates, so raw measurements never leave the device." },
      { title: "Compressive Sensing", np: "a compressive sensing approach", fits: [0, 2, 3, 4], detail: "The sparsity of the channel is exploited to recover it from far fewer measurements than conventional estimation requires." },
      { title: "Game-Theoretic Resource Allocation", np: "a game-theoretic resource allocation mechanism", detail: "Each node acts as a selfish player, and the mechanism is designed so that its equilibrium is close to the social optimum." },
      { title: "Channel State Prediction", np: "a recurrent channel state predictor", fits: [0, 2, 3, 5], detail: "A lightweight recurrent network forecasts the channel a few frames ahead from recent pilot signals." },
      { title: "Software-Defined Control", np: "a software-defined control plane", detail: "A logically centralised controller collects network state and pushes configuration changes to access points in real time." },
    ],
    gaps: [
      "Existing protocols react to changes only after performance has already degraded.",
      "Analytical models assume stationary channels, which rarely holds in real deployments.",
      "Centralised optimisation achieves good results but does not scale to dense networks.",
      "Most prior schemes were evaluated only in simulation.",
    ],
    extras: [
      "The signalling overhead remains below two percent of the channel capacity.",
      "The scheme is compatible with existing standards and requires no hardware changes.",
      "We also characterise the conditions under which the approach offers no benefit.",
      "Our measurement traces are released to the community.",
    ],
  },

  vision: {
    name: "medical image analysis",
    problems: [
      { title: "Brain Tumour Segmentation", data: ["the BraTS challenge data", "two hospital cohorts"], metrics: ["the Dice score"], np: "brain tumour segmentation in MRI", ctx: "Accurate delineation of brain tumours in MRI scans guides surgery and radiotherapy planning." },
      { title: "Diabetic Retinopathy Screening", data: ["a national screening programme", "two public fundus datasets"], metrics: ["the area under the ROC curve", "sensitivity at 95 percent specificity"], np: "diabetic retinopathy screening from fundus photographs", ctx: "Screening programmes generate far more retinal photographs than ophthalmologists can grade." },
      { title: "Lung Nodule Detection", data: ["the LIDC-IDRI collection", "a screening cohort from three hospitals"], metrics: ["sensitivity at a fixed false-positive rate"], np: "lung nodule detection in chest CT", ctx: "Small lung nodules are easy to miss in chest CT, yet early detection strongly affects patient outcomes." },
      { title: "Histopathology Slide Classification", data: ["the CAMELYON16 challenge data", "slides from three pathology labs"], metrics: ["the area under the ROC curve", "slide-level accuracy"], np: "the classification of whole-slide histopathology images", ctx: "Whole-slide histopathology images contain billions of pixels, while labels are usually available only for the entire slide." },
      { title: "Cardiac MRI Analysis", data: ["a multi-vendor cardiac dataset", "the ACDC challenge data"], metrics: ["the Dice score"], np: "cardiac MRI analysis", ctx: "Measuring the volume of the heart chambers from cine MRI is tedious when done by hand." },
      { title: "Skin Lesion Classification", data: ["a public dermoscopy archive", "photographs from four dermatology clinics"], metrics: ["balanced accuracy", "the area under the ROC curve"], np: "skin lesion classification from dermoscopic images", ctx: "Dermoscopic images vary widely in lighting, skin tone and acquisition device." },
      { title: "Ultrasound Image Quality Assessment", data: ["scans from three obstetrics departments", "a public echocardiography dataset"], metrics: ["agreement with expert ratings"], np: "automatic quality assessment of ultrasound images", ctx: "Ultrasound quality depends heavily on the operator, and poor images often go unnoticed until review." },
    ],
    methods: [
      { title: "Self-Supervised Pretraining", np: "a self-supervised pretraining strategy", detail: "A vision transformer is first pretrained to reconstruct masked patches of unlabelled scans and then fine-tuned on a small annotated set." },
      { title: "Uncertainty-Aware Segmentation", np: "an uncertainty-aware segmentation network", fits: [0, 2, 4], detail: "Monte Carlo dropout provides voxel-wise uncertainty maps that flag regions where a radiologist should double-check the output." },
      { title: "Multiple Instance Learning", np: "an attention-based multiple instance learning model", fits: [1, 2, 3, 5], detail: "Each image is treated as a bag of patches, and an attention module learns which patches determine the label." },
      { title: "Domain Adaptation", np: "an unsupervised domain adaptation method", detail: "Features are aligned between scanners from different hospitals without requiring any labels from the target site." },
      { title: "Semi-Supervised Learning", np: "a semi-supervised learning framework", detail: "A teacher network produces pseudo-labels on unlabelled images, and only confident predictions are used to train the student." },
      { title: "Shape Priors", np: "a segmentation model with anatomical shape priors", fits: [4, 6], detail: "A statistical shape model learned from previous patients constrains the predicted contours to anatomically plausible forms." },
    ],
    gaps: [
      "Deep networks trained at one hospital often degrade sharply when deployed at another.",
      "Expert annotations are expensive, so most datasets contain only a few hundred labelled cases.",
      "Current models rarely indicate when their predictions should not be trusted.",
      "Existing benchmarks under-represent rare but clinically important cases.",
    ],
    extras: [
      "A reader study with four radiologists shows that the tool shortens reading time.",
      "The method adds less than one second of processing per scan.",
      "Performance remains stable across scanner vendors and acquisition protocols.",
      "Code and pretrained weights are publicly available.",
    ],
  },

  db: {
    name: "database systems",
    problems: [
      { title: "Cardinality Estimation", data: ["the Join Order Benchmark", "the Stack Exchange data dump"], metrics: ["estimation accuracy"], np: "cardinality estimation", ctx: "Query optimisers rely on cardinality estimates, and a single bad estimate can make a plan orders of magnitude slower." },
      { title: "Join Order Selection", data: ["the Join Order Benchmark", "TPC-DS"], metrics: ["query throughput", "plan quality"], np: "join order selection", ctx: "Choosing a good join order is among the most consequential decisions a query optimiser makes." },
      { title: "Index Tuning", data: ["TPC-H", "production workloads from a cloud provider"], metrics: ["workload throughput"], np: "automatic index tuning", ctx: "Database administrators spend considerable time choosing which indexes to build for a changing workload." },
      { title: "Distributed Transaction Processing", data: ["TPC-C", "YCSB"], metrics: ["transaction throughput"], np: "distributed transaction processing", ctx: "Distributed databases must coordinate transactions across machines without sacrificing throughput." },
      { title: "Data Cleaning", data: ["ten real-world tables from open government portals", "a hospital records dataset with injected errors"], metrics: ["the F1 score of error detection", "repair accuracy"], np: "data cleaning for tabular data", ctx: "Real-world tables are full of typos, missing values and inconsistent formats that silently corrupt analyses." },
      { title: "Time-Series Storage", data: ["monitoring data from a cloud provider", "a public IoT sensor benchmark"], metrics: ["ingestion throughput", "the compression ratio"], np: "the storage of high-volume time series", ctx: "Monitoring systems ingest millions of time-series points per second and must answer range queries quickly." },
      { title: "Query Processing on Modern Hardware", data: ["TPC-H", "the Star Schema Benchmark"], metrics: ["query throughput"], np: "query processing on modern hardware", ctx: "Modern servers offer many cores, large memories and fast storage, but legacy query engines use them poorly." },
    ],
    methods: [
      { title: "Learned Cost Models", np: "a learned cost model", fits: [0, 1, 2, 6], detail: "A tree-structured neural network reads the physical plan and predicts its execution time from operator features." },
      { title: "Adaptive Query Execution", np: "an adaptive execution strategy", fits: [0, 1, 6], detail: "The engine monitors intermediate result sizes at runtime and re-optimises the remaining plan when estimates prove wrong." },
      { title: "Workload-Aware Sampling", np: "a workload-aware sampling technique", fits: [0, 2, 4, 6], detail: "Samples are drawn in proportion to how often each region of the data is touched by recent queries." },
      { title: "Deterministic Concurrency Control", np: "a deterministic concurrency control protocol", fits: [3], detail: "Transactions are ordered before execution, which removes the need for expensive two-phase commit." },
      { title: "Compressed Columnar Layouts", np: "a compressed columnar storage layout", fits: [5, 6], detail: "Lightweight encodings allow many operators to run directly on compressed data without decompression." },
      { title: "Bandit-Based Tuning", np: "a tuning approach based on multi-armed bandits", fits: [1, 2, 5, 6], detail: "Candidate configurations are treated as arms, and the tuner balances exploring new options against exploiting good ones." },
    ],
    gaps: [
      "Traditional techniques rely on independence assumptions that are violated in real data.",
      "Learned approaches promise better accuracy but are expensive to train and to keep up to date.",
      "Existing systems are tuned for static workloads and adapt poorly when query patterns shift.",
      "Prior evaluations rarely measure the cost of mistakes on the slowest queries.",
    ],
    extras: [
      "The approach is integrated into PostgreSQL with fewer than two thousand lines of code.",
      "Tail latency improves even more than the average.",
      "The model can be retrained incrementally in a few seconds after a workload change.",
      "We discuss the remaining gap to an optimal oracle.",
    ],
  },

  nlp: {
    name: "natural language processing",
    problems: [
      { title: "Low-Resource Machine Translation", data: ["the FLORES-200 benchmark", "a new test set for twelve African languages"], metrics: ["BLEU", "chrF"], np: "machine translation for low-resource languages", ctx: "Thousands of languages have too little parallel text to train conventional machine translation systems." },
      { title: "Dialogue State Tracking", data: ["MultiWOZ", "the Schema-Guided Dialogue dataset"], metrics: ["joint goal accuracy"], np: "dialogue state tracking", ctx: "Task-oriented assistants must keep track of what the user wants as a conversation unfolds over many turns." },
      { title: "Abstractive Summarisation", data: ["the arXiv summarisation corpus", "a collection of government reports"], metrics: ["ROUGE-L", "factual consistency"], np: "abstractive summarisation of long documents", ctx: "Summarising reports that span dozens of pages exceeds the context length of most neural models." },
      { title: "Fact Verification", data: ["FEVER", "a new set of health-related claims"], metrics: ["label accuracy", "the FEVER score"], np: "automated fact verification", ctx: "Checking claims against trustworthy sources is slow when done by hand, while misinformation spreads quickly." },
      { title: "Named Entity Recognition", data: ["a newly collected set of clinical notes", "the i2b2 benchmark"], metrics: ["F1"], np: "named entity recognition in clinical notes", ctx: "Clinical notes are full of abbreviations and misspellings that trip up off-the-shelf taggers." },
      { title: "Code-Switched Speech Recognition", data: ["a corpus of Hindi-English conversations", "Spanish-English radio recordings"], metrics: ["recognition accuracy"], np: "speech recognition for code-switched speech", ctx: "Many bilingual speakers switch languages within a single sentence, which confuses monolingual recognisers." },
      { title: "Grammatical Error Correction", data: ["the BEA-2019 shared task data", "essays written by language learners"], metrics: ["the F0.5 score"], np: "grammatical error correction", ctx: "Learners of English make systematic errors that generic language models fail to correct reliably." },
    ],
    methods: [
      { title: "Back-Translation", np: "an iterative back-translation method", fits: [0, 5, 6], detail: "Monolingual text is translated in both directions, and the synthetic pairs are filtered by a round-trip consistency score." },
      { title: "Retrieval-Augmented Generation", np: "a retrieval-augmented generator", fits: [0, 1, 2, 3], detail: "The generator attends to passages fetched from an external corpus, which grounds its output in verifiable evidence." },
      { title: "Curriculum Learning", np: "a curriculum learning strategy", detail: "Training examples are ordered from easy to hard according to a difficulty score estimated by a small proxy model." },
      { title: "Multilingual Adapters", np: "a set of lightweight multilingual adapters", fits: [0, 1, 4, 5], detail: "Small adapter layers are inserted into a frozen multilingual encoder, so each new language adds only a few million parameters." },
      { title: "Contrastive Decoding", np: "a contrastive decoding algorithm", fits: [0, 2, 6], detail: "Candidate tokens are scored by the difference between a large expert model and a small amateur model, which suppresses generic output." },
      { title: "Data Augmentation with Paraphrases", np: "a paraphrase-based data augmentation technique", fits: [1, 3, 4, 6], detail: "Training sentences are rewritten by a paraphrase model while their labels are preserved, multiplying the effective training set." },
    ],
    gaps: [
      "Large pretrained models perform well on high-resource settings but degrade sharply elsewhere.",
      "Existing systems often produce fluent output that is not supported by the input.",
      "Annotated training data for this task is scarce and expensive to collect.",
      "Standard benchmarks hide systematic errors on rare phenomena.",
    ],
    extras: [
      "Human evaluation confirms that the outputs are more faithful to the source.",
      "The method adds no inference-time cost.",
      "Our analysis reveals that the gains concentrate on the hardest examples.",
      "All data and code are released under an open licence.",
    ],
  },

  security: {
    name: "computer security",
    problems: [
      { title: "Malware Detection", data: ["a corpus of 40,000 Android apps", "samples collected from an app store over three years"], metrics: ["the detection rate", "precision at a fixed recall"], np: "malware detection on Android devices", ctx: "Mobile malware evolves quickly and increasingly disguises itself as legitimate apps." },
      { title: "Phishing Website Detection", data: ["a year of phishing reports", "a crawl of two million newly registered domains"], metrics: ["the detection rate", "precision"], np: "phishing website detection", ctx: "Phishing pages imitate trusted brands and often disappear within hours of being created." },
      { title: "Side-Channel Attack Detection", data: ["three widely used cryptographic libraries", "a set of known attack implementations"], metrics: ["the detection rate"], np: "the detection of cache side-channel attacks", ctx: "Cache side channels let an attacker infer secret keys simply by timing memory accesses." },
      { title: "Intrusion Detection", data: ["the CIC-IDS2017 traces", "a month of traffic from a university network"], metrics: ["the detection rate", "precision at a fixed recall"], np: "network intrusion detection", ctx: "Intrusion detection systems must spot attacks hidden in enormous volumes of benign traffic." },
      { title: "Software Vulnerability Discovery", data: ["twenty open-source C libraries", "the Magma benchmark"], metrics: ["code coverage", "the number of unique bugs found"], np: "the discovery of memory-safety vulnerabilities", ctx: "Memory-safety bugs remain the leading cause of exploitable vulnerabilities in systems software." },
      { title: "Password Authentication", data: ["a leaked password dataset", "a user study with 400 participants"], metrics: ["resistance to guessing attacks", "the login success rate"], np: "password-based authentication", ctx: "Passwords remain the dominant form of authentication despite frequent database breaches." },
      { title: "Privacy-Preserving Analytics", data: ["census microdata", "usage logs from a mobile keyboard"], metrics: ["the accuracy of the released statistics"], np: "privacy-preserving analytics over user data", ctx: "Companies want aggregate statistics about their users without learning anything about any individual." },
    ],
    methods: [
      { title: "Coverage-Guided Fuzzing", np: "a coverage-guided fuzzer", fits: [2, 4], detail: "Inputs are mutated with a scheduler that favours seeds reaching rarely executed code." },
      { title: "Differential Privacy", np: "a differentially private mechanism", fits: [3, 5, 6], detail: "Calibrated noise is added to each released statistic so that the output barely changes when any single record is removed." },
      { title: "Graph-Based Anomaly Detection", np: "a graph-based anomaly detector", fits: [0, 1, 3], detail: "Hosts, processes and files form a provenance graph, and unusual subgraphs are flagged as suspicious." },
      { title: "Static Program Analysis", np: "a static analysis tool", fits: [0, 2, 4], detail: "An interprocedural data-flow analysis tracks untrusted values from their sources to sensitive sinks." },
      { title: "Hardware Performance Counters", np: "a detector built on hardware performance counters", fits: [0, 2, 3], detail: "Low-level counters such as cache misses are sampled continuously and classified with a lightweight model." },
      { title: "Adversarially Robust Classifiers", np: "an adversarially robust classifier", fits: [0, 1, 3], detail: "The classifier is trained on examples perturbed by an adaptive attacker, which makes simple evasion much harder." },
    ],
    gaps: [
      "Signature-based defences miss new variants that differ only slightly from known attacks.",
      "Existing detectors raise so many false alarms that analysts learn to ignore them.",
      "Prior defences assume attackers who do not adapt once the defence is known.",
      "Many proposed techniques impose overheads that prevent deployment in production.",
    ],
    extras: [
      "We discuss the ethical considerations of our experiments in detail.",
      "The runtime overhead stays below three percent.",
      "We also discuss how an adaptive attacker might evade the system.",
      "Our prototype is available as open-source software.",
    ],
  },
};

const INTROS = [
  "In this paper, we propose {m} for {p}.",
  "We present {m} for {p}.",
  "This work introduces {m} tailored to {p}.",
  "To address this, we develop {m} for {p}.",
];
const RESULTS = [
  "Experiments on {d1} and {d2} show that the approach improves {metric} by {x} percent over the strongest baseline.",
  "On {d1}, our method improves {metric} by {x} percent compared with prior work, and similar gains are observed on {d2}.",
  "Evaluations on {d1} and {d2} demonstrate consistent improvements in {metric}, with a relative gain of {x} percent.",
  "Across {d1} and {d2}, the method outperforms existing approaches, raising {metric} by {x} percent on average.",
];

/**
 * An abstract for the pair (problem, method) of a field.
 * intro: optional override for the sentence that introduces the contribution (e.g. a named system).
 */
export function makeAbstract(rng, field, problem, method, intro) {
  const [d1, d2] = rng.sample(problem.data, 2);
  const parts = [
    problem.ctx,
    rng.pick(field.gaps),
    intro ?? fill(rng.pick(INTROS), { m: method.np, p: problem.np }),
    method.detail,
    fill(rng.pick(RESULTS), { d1, d2, metric: rng.pick(problem.metrics), x: rng.int(3, 18) }),
  ];
  if (rng.chance(0.6)) parts.push(rng.pick(field.extras));
  return parts.map((s) => capFirst(s)).join(" ");
}

/** Neutral, varied title forms (used for LaMP-1 papers and references). */
const NEUTRAL_TITLES = [
  (p, m) => `${m.title} for ${p.title}`,
  (p, m) => `Improving ${p.title} with ${m.title}`,
  (p, m) => `${p.title} Using ${m.title}`,
  (p, m) => `An Empirical Study of ${m.title} for ${p.title}`,
  (p, m) => `Revisiting ${m.title} in ${p.title}`,
];
export function neutralTitle(rng, problem, method) {
  return rng.pick(NEUTRAL_TITLES)(problem, method);
}

/** All (problem, method) pairs of a field, shuffled. */
export function pairs(rng, field) {
  const out = [];
  field.problems.forEach((p, i) => {
    for (const m of field.methods) if (!m.fits || m.fits.includes(i)) out.push([p, m]);
  });
  return rng.shuffle(out);
}
