"""Train, compare, persist and evaluate the sentence classifier.

    python -m reviewer.training.train                 # rebuild reviewer/models/ from corpora/sentences.jsonl
    python -m reviewer.training.train --evaluate FILE # per-label scores of the shipped model on FILE
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, precision_recall_curve, precision_recall_fscore_support
from sklearn.multiclass import OneVsRestClassifier

from reviewer.version import __version__
from reviewer.model import LABELS
from reviewer.model.features import HASH_BITS, slot
from reviewer.training.dataset import Example, featurize, label_matrix, read_units, rule_label_matrix
from reviewer.model.store import MODEL_DIR, SKOPS_FILE, WEIGHTS_FILE, deterministic_zip, export_weights

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpora" / "sentences.jsonl"
SEED = 0
# Chosen in notebooks/classifier.ipynb on the corpus dev split: logistic regression (its
# probabilities are calibrated enough to read, unlike naive Bayes's) and its strength (C): the
# best calibrated of the candidates within 0.01 dev macro F1 of the best.
DEFAULT_KIND = "logreg"
DEFAULT_STRENGTH = 1.0
# Thresholds favour precision (F0.5): a linter should stay quiet when it is unsure.
BETA = 0.5
# A calibrated model flags a unit only when the label is more likely than not: below that,
# the confidence a finding shows would contradict the finding.
FLOOR = 0.5


def hashed(features: list[dict]) -> csr_matrix:
    """RETURNS (csr_matrix): units x 2**HASH_BITS, each feature name in its hashed column
    (`reviewer.model.features.slot`, as at review time; names sharing a column add up)."""
    rows, columns, values = [], [], []
    for i, unit in enumerate(features):
        for name, value in unit.items():
            if value:
                rows.append(i)
                columns.append(slot(name))
                values.append(value)
    matrix = csr_matrix((values, (rows, columns)), shape=(len(features), 1 << HASH_BITS), dtype=float)
    matrix.sum_duplicates()
    return matrix


def make_model(kind: str = DEFAULT_KIND, strength: float = DEFAULT_STRENGTH) -> OneVsRestClassifier:
    """RETURNS (OneVsRestClassifier): one linear model per label over hashed features.

    kind (str): "logreg" (logistic regression; `strength` is C, inverse regularisation) or
        "nb" (complement naive Bayes; `strength` is the smoothing alpha), for comparison.
    """
    if kind == "logreg":
        # The dual problem: far fewer units than hashed columns, so it solves in a fraction of the time.
        return OneVsRestClassifier(LogisticRegression(C=strength, solver="liblinear", dual=True, max_iter=1000, random_state=SEED))
    if kind == "nb":
        from sklearn.naive_bayes import ComplementNB

        return OneVsRestClassifier(ComplementNB(alpha=strength))
    raise ValueError(f"unknown model kind {kind!r} (logreg or nb)")


def keep_features(examples: list[Example], feature_set: str) -> list[dict]:
    """RETURNS (list): the examples' features restricted to a named feature set."""
    if feature_set == "all":
        return [e.features for e in examples]
    prefixes = {"words": ("w=", "w2="), "words+lemmas": ("w=", "w2=", "w3=", "l=", "l2=")}[feature_set]
    return [{k: v for k, v in e.features.items() if k.startswith(prefixes)} for e in examples]


def choose_thresholds(probabilities: np.ndarray, gold: np.ndarray, beta: float = BETA) -> dict[str, float]:
    """Per label, the threshold of at least FLOOR with the best F-beta of the model alone on
    dev (`precision_recall_curve`; beta < 1 favours precision). The rules play no part, so a
    new phrase in a rule's data file cannot move a threshold."""
    thresholds = {}
    for j, label in enumerate(LABELS):
        precision, recall, cuts = precision_recall_curve(gold[:, j], probabilities[:, j])
        precision, recall = precision[:-1], recall[:-1]
        f = (1 + beta**2) * precision * recall / np.maximum(beta**2 * precision + recall, 1e-12)
        f[cuts < FLOOR] = -1.0
        thresholds[label] = round(float(cuts[int(np.argmax(f))]), 4)
    return thresholds


def calibration(probabilities: np.ndarray, gold: np.ndarray, bins: int = 10) -> dict[str, dict[str, float]]:
    """RETURNS (dict): per label, the Brier score and the expected calibration error (the
    mean gap between confidence and hit rate over equal-width bins, weighted by count)."""
    out = {}
    for j, label in enumerate(LABELS):
        p, y = probabilities[:, j], gold[:, j]
        which = np.minimum((p * bins).astype(int), bins - 1)
        gap = sum(abs(p[which == b].mean() - y[which == b].mean()) * (which == b).sum() for b in range(bins) if (which == b).any())
        out[label] = {"brier": round(float(brier_score_loss(y, p)), 4), "ece": round(float(gap / len(p)), 4)}
    return out


def scores(gold: np.ndarray, predicted: np.ndarray) -> dict[str, dict[str, float]]:
    """RETURNS (dict): precision, recall, F1 and support per label."""
    p, r, f, s = precision_recall_fscore_support(gold, predicted, average=None, zero_division=0)
    return {label: {"precision": round(float(p[j]), 3), "recall": round(float(r[j]), 3), "f1": round(float(f[j]), 3),
                    "support": int(s[j])} for j, label in enumerate(LABELS)}


def confusion_summary(gold: np.ndarray, predicted: np.ndarray) -> dict[str, dict[str, int]]:
    """For each gold label, how often each label was predicted on its units (and 'none')."""
    table = {}
    for j, label in enumerate(LABELS):
        rows = gold[:, j] == 1
        counts = {other: int(predicted[rows, k].sum()) for k, other in enumerate(LABELS)}
        counts["none"] = int((predicted[rows].sum(axis=1) == 0).sum())
        table[label] = counts
    return table


def predict(model: OneVsRestClassifier, features: list[dict], thresholds: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    probabilities = model.predict_proba(hashed(features))
    cut = np.array([thresholds[label] for label in LABELS])
    return probabilities, (probabilities >= cut).astype(int)


def _deterministic_zip(data: bytes) -> bytes:
    """Re-pack a skops zip so the same model always gives the same bytes.

    skops names array files and objects after Python object ids and stamps the current
    time; number them in order of first mention in schema.json and fix the timestamps.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    schema = source.read("schema.json").decode("utf-8")
    arrays = [n for n in source.namelist() if n != "schema.json"]
    arrays.sort(key=lambda n: schema.find(f'"{n}"'))
    renames = {old: f"{i:06d}{Path(old).suffix}" for i, old in enumerate(arrays)}
    for old, new in renames.items():
        schema = schema.replace(f'"{old}"', f'"{new}"')
    ids: dict[str, str] = {}
    schema = re.sub(r'"__id__": (\d+)', lambda m: f'"__id__": {ids.setdefault(m.group(1), str(len(ids)))}', schema)
    entries = [("schema.json", schema.encode("utf-8"))]
    entries += sorted((renames[n], source.read(n)) for n in arrays)
    return deterministic_zip(entries)


def train(corpus: Path = CORPUS, out_dir: Path = MODEL_DIR, kind: str = DEFAULT_KIND, strength: float = DEFAULT_STRENGTH,
          feature_set: str = "all") -> dict:
    """Fit on train, set thresholds on dev, measure test once, and write the model files.

    Nothing here reads the phrase rules: the model files depend on the corpus and this code only.
    """
    import skops.io as sio

    rows = read_units(corpus)
    examples = featurize(rows)
    by_split = {s: [e for e in examples if e.split == s] for s in ("train", "dev", "test")}
    y = {s: np.array(label_matrix(by_split[s])) for s in by_split}
    x = {s: keep_features(by_split[s], feature_set) for s in by_split}
    model = make_model(kind, strength).fit(hashed(x["train"]), y["train"])
    dev_probabilities = model.predict_proba(hashed(x["dev"]))
    thresholds = choose_thresholds(dev_probabilities, y["dev"])
    _, dev_pred = predict(model, x["dev"], thresholds)
    test_probabilities, test_pred = predict(model, x["test"], thresholds)
    corpus_hash = hashlib.sha256(corpus.read_bytes()).hexdigest()
    card = {
        "name": "review-note sentence classifier",
        "model_version": __version__,
        "labels": list(LABELS),
        "algorithm": f"hashed features (spaCy string hashes, mixed, {HASH_BITS} bits) -> OneVsRest({type(model.estimator).__name__}, "
                     f"{'alpha' if kind == 'nb' else 'C'}={strength})",
        "feature_set": feature_set,
        "seed": SEED,
        "corpus": str(corpus.relative_to(REPO)) if corpus.is_relative_to(REPO) else str(corpus),
        "corpus_sha256": corpus_hash,
        "units": {s: len(by_split[s]) for s in by_split},
        "thresholds": thresholds,
        "threshold_rule": f"best F{BETA} of the model alone on dev, at least {FLOOR}",
        "dev": scores(y["dev"], dev_pred),
        "test": scores(y["test"], test_pred),
        "test_calibration": calibration(test_probabilities, y["test"]),
        "test_confusion": confusion_summary(y["test"], test_pred),
        "rebuild": "python corpora/build.py && python -m reviewer.training.train",
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / SKOPS_FILE).write_bytes(_deterministic_zip(sio.dumps(model)))
    export_weights(model, thresholds, card, out_dir / WEIGHTS_FILE)
    (out_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n")
    (out_dir / "README.md").write_text(card_markdown(card))
    return card


def card_markdown(card: dict) -> str:
    """RETURNS (str): the human-readable model card, from the same figures as card.json."""
    rows = "\n".join(
        f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} | {card['thresholds'][label]} |"
        for label, m in card["test"].items()
    )
    dev = "\n".join(f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |" for label, m in card["dev"].items())
    calibration = "\n".join(f"| {label} | {m['brier']:.4f} | {m['ece']:.4f} |" for label, m in card["test_calibration"].items())
    return f"""# Model card: review-note sentence classifier

- **Version:** {card['model_version']} (the model is refused by review-note versions with another major.minor)
- **What it does:** labels each unit (sentence, bullet, subject line) of a post-interview note with
  zero or more of: {', '.join(card['labels'])}. `other` is the absence of all labels.
- **Algorithm:** {card['algorithm']}; feature set `{card['feature_set']}`: word 1-3-grams, lookup
  lemmas and lemma bigrams, part of the note, position, length, first/second person, modal,
  negation, question, number, first-person + regret / reason / negation cues. The features
  read the text only, never the phrase rules' hits: rules and model are combined after
  scoring, so a new phrase in a rule's data file (or a user's `allow-phrases`) leaves the model
  and what it sees unchanged.
- **Files:** `sentence-classifier.skops` (the scikit-learn model, saved with skops, no pickle;
  loaded with a fixed list of trusted types) and `sentence-classifier.npz` (its linear weights
  for the hashed columns it uses, read with numpy `allow_pickle=False`; review-time predictions
  use this file so that a check never imports scikit-learn; a test asserts both give the same
  probabilities).
- **Training data:** `{card['corpus']}` (sha256 `{card['corpus_sha256'][:16]}...`), units: {card['units']}.
  See `corpora/README.md` for how it was written, labelled twice and adjudicated.
- **Thresholds:** {card['threshold_rule']} (favouring precision); configurable in
  `[thresholds]`. The probabilities are those of logistic regression, fitted without class
  weights, so they read as rough likelihoods (calibration below).
- **Seed:** {card['seed']}. **Rebuild (bit-for-bit):** `{card['rebuild']}`

## Test split (measured once per training run by `python -m reviewer.training.train`)

| label | precision | recall | F1 | support | threshold |
|---|---|---|---|---|---|
{rows}

Calibration on the same units (Brier score; expected calibration error over ten bins):

| label | Brier | ECE |
|---|---|---|
{calibration}

Re-measure the shipped model on any labelled file with
`python -m reviewer.training.train --evaluate corpora/sentences.jsonl --split test` (the table above)
or on your own JSONL file of `{{"text", "labels", "note"}}` rows. Add `--with-rules` for what
ships: a unit is flagged when a phrase rule of the label's family fires or the model reaches
its threshold.

## Dev split (used for model selection and thresholds)

| label | precision | recall | F1 |
|---|---|---|---|
{dev}

## Limits

The corpus is written for this project (many voices, but synthetic); real notes differ.
Labels describe the writer's sentence, not the interview; the model does not know whether a
skill matters for the job.
"""


def evaluate(path: Path, model_dir: Path = MODEL_DIR, split: str | None = None, with_rules: bool = False) -> str:
    """RETURNS (str): per-label precision/recall/F1 and a confusion summary on a labelled file.

    with_rules (bool): score what ships, the model OR a phrase rule of the label's family.
    """
    from reviewer.model.store import load_classifier

    classifier = load_classifier(model_dir)
    examples = featurize(read_units(path), with_rules=with_rules)
    if split:
        examples = [e for e in examples if e.split == split]
    gold = np.array(label_matrix(examples))
    predicted = np.array([[int(label in classifier.labels_for(e.features)) for label in LABELS] for e in examples])
    if with_rules:
        predicted |= np.array(rule_label_matrix(examples), dtype=int).reshape(predicted.shape)
    table = scores(gold, predicted)
    what = "model + phrase rules" if with_rules else "model alone"
    lines = [f"{len(examples)} units from {path} ({what})", f"{'label':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}"]
    lines += [f"{k:<18}{v['precision']:>10.3f}{v['recall']:>8.3f}{v['f1']:>7.3f}{v['support']:>9}" for k, v in table.items()]
    lines.append("confusion (gold label -> predicted labels on its units):")
    for label, counts in confusion_summary(gold, predicted).items():
        lines.append(f"  {label:<17} " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train or evaluate the review-note sentence classifier.")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--evaluate", type=Path, metavar="FILE", help="score the shipped model on a labelled JSONL file")
    parser.add_argument("--split", choices=["train", "dev", "test"], help="with --evaluate: only this split")
    parser.add_argument("--with-rules", action="store_true", help="with --evaluate: the model OR the phrase rules, as shipped")
    parser.add_argument("--kind", choices=["logreg", "nb"], default=DEFAULT_KIND)
    parser.add_argument("--strength", type=float, default=DEFAULT_STRENGTH,
                        help="C for logreg (inverse regularisation), alpha for nb (smoothing)")
    args = parser.parse_args(argv)
    if args.evaluate:
        print(evaluate(args.evaluate, args.out, args.split, args.with_rules))
        return
    card = train(args.corpus, args.out, args.kind, args.strength)
    print(json.dumps({"thresholds": card["thresholds"], "test": card["test"]}, indent=2))


if __name__ == "__main__":
    main()
