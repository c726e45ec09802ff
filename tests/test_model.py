"""The sentence classifier: equivalence of the light runtime path, safe loading, reproducibility."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from reviewer import review
from reviewer.errors import ModelError
from reviewer.model import LABELS
from reviewer.training.dataset import featurize, read_units
from reviewer.training.train import hashed
from reviewer.model.store import MODEL_DIR, SKOPS_FILE, WEIGHTS_FILE, _load_npz, load_classifier, load_pipeline

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "sentences.jsonl"


@pytest.fixture(scope="module")
def test_examples():
    return [e for e in featurize(read_units(CORPUS)) if e.split == "test"]


def test_numpy_runtime_matches_the_skops_pipeline(test_examples):
    pipeline = load_pipeline(MODEL_DIR / SKOPS_FILE)
    classifier = load_classifier(MODEL_DIR)
    features = [e.features for e in test_examples]
    expected = pipeline.predict_proba(hashed(features))
    got = np.array([[classifier.probabilities(f)[label] for label in LABELS] for f in features])
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    cut = np.array([classifier.thresholds[label] for label in LABELS])
    assert ((got >= cut) == (expected >= cut)).all()


def test_card_matches_the_shipped_model():
    card = json.loads((MODEL_DIR / "card.json").read_text())
    assert card["labels"] == list(LABELS)
    import hashlib

    assert card["corpus_sha256"] == hashlib.sha256(CORPUS.read_bytes()).hexdigest(), "retrain after changing the corpus"
    assert load_classifier(MODEL_DIR).thresholds == card["thresholds"]


def _copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(MODEL_DIR, target)
    return target


def test_corrupt_weights_give_a_clear_error(tmp_path):
    models = _copy_model(tmp_path)
    (models / WEIGHTS_FILE).write_bytes(b"not a model at all")
    with pytest.raises(ModelError, match="corrupt"):
        _load_npz(models / WEIGHTS_FILE)
    data = (MODEL_DIR / WEIGHTS_FILE).read_bytes()
    (models / WEIGHTS_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="corrupt"):
        _load_npz(models / WEIGHTS_FILE)
    with pytest.raises(ModelError, match="not found"):
        _load_npz(tmp_path / "missing.npz")


def test_model_from_another_version_is_refused(tmp_path):
    models = _copy_model(tmp_path)
    path = models / WEIGHTS_FILE
    with zipfile.ZipFile(MODEL_DIR / WEIGHTS_FILE) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    meta_path = tmp_path / "meta.npy"
    meta_path.write_bytes(entries["meta.npy"])
    meta = json.loads(str(np.load(meta_path)))
    meta["model_version"] = "9.9.0"
    np.save(meta_path, np.array(json.dumps(meta)))
    entries["meta.npy"] = meta_path.read_bytes()
    with zipfile.ZipFile(path, "w") as target:
        for name, payload in entries.items():
            target.writestr(name, payload)
    with pytest.raises(ModelError, match="built for review-note 9.9.0"):
        _load_npz(path)


def test_untrusted_skops_file_is_refused(tmp_path):
    import skops.io as sio
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    path = tmp_path / "evil.skops"
    sio.dump(make_pipeline(FunctionTransformer(os.system)), path)
    with pytest.raises(ModelError, match="untrusted types"):
        load_pipeline(path)
    (tmp_path / "junk.skops").write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(ModelError, match="corrupt"):
        load_pipeline(tmp_path / "junk.skops")


def test_cli_reports_a_corrupt_model_in_one_line(tmp_path):
    models = _copy_model(tmp_path)
    (models / WEIGHTS_FILE).write_bytes(b"garbage")
    env = {**os.environ, "REVIEW_NOTE_MODEL_DIR": str(models)}
    sample = str(REPO / "samples" / "apologetic-draft.txt")
    proc = subprocess.run([sys.executable, "-m", "reviewer", sample], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "corrupt" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "reviewer", "--no-model", sample], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1


def test_review_path_does_not_import_scikit_learn():
    code = "import sys, reviewer; reviewer.review('Thanks for today. I am so sorry I froze.'); print('sklearn' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "False", proc.stderr


def test_model_findings_carry_source_confidence_and_evidence():
    text = "Hi Ana,\n\nThanks for today. My flight was delayed twice and I had not eaten, so my head was not in the right place when you asked about forecasting.\n\nBest,\nLi"
    findings = [f for f in review(text).findings if f.family == "over-explanation"]
    assert findings and findings[0].source.value in ("model", "rule+model")
    assert 0.5 < findings[0].confidence <= 1.0 and findings[0].evidence


@pytest.mark.slow
def test_training_rebuilds_the_shipped_model_bit_for_bit(tmp_path):
    from reviewer.training.train import train

    train(CORPUS, tmp_path)
    for name in (SKOPS_FILE, WEIGHTS_FILE, "card.json"):
        assert (tmp_path / name).read_bytes() == (MODEL_DIR / name).read_bytes(), name


def _train_with(package_parent: Path, corpus: Path, out: Path) -> subprocess.CompletedProcess:
    code = ("import sys; from pathlib import Path; from reviewer.training.train import train; "
            "train(Path(sys.argv[1]), Path(sys.argv[2]))")
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    env.pop("REVIEW_NOTE_MODEL_DIR", None)
    return subprocess.run([sys.executable, "-c", code, str(corpus), str(out)], capture_output=True, text=True,
                          env=env, cwd=package_parent, timeout=300)


def test_a_new_phrase_in_a_rule_file_does_not_change_the_model(tmp_path):
    """The model learns from the text alone: adding a phrase to a rule's data file changes the
    rule's findings but not one byte of the model files trained on the same corpus."""
    rows = read_units(CORPUS)
    small = [r for s in ("train", "dev", "test") for r in [r for r in rows if r["split"] == s][:250]]
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in small))
    edited = tmp_path / "edited"
    shutil.copytree(REPO / "reviewer", edited / "reviewer", ignore=shutil.ignore_patterns("__pycache__"))
    with open(edited / "reviewer" / "phrases" / "data" / "apology-words.txt", "a", encoding="utf-8") as data:
        data.write("\nlovely chat\n")
    probe = "import reviewer; print([f.code for f in reviewer.review('Thanks for the lovely chat today.').findings])"
    env = {**os.environ, "PYTHONPATH": str(edited)}
    seen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=edited, timeout=120)
    assert "RN101" in seen.stdout, seen.stderr  # the new phrase is live in the edited copy
    for parent, out in ((REPO, tmp_path / "as-shipped"), (edited, tmp_path / "with-phrase")):
        proc = _train_with(parent, corpus, out)
        assert proc.returncode == 0, proc.stderr
    for name in (SKOPS_FILE, WEIGHTS_FILE, "card.json"):
        assert (tmp_path / "as-shipped" / name).read_bytes() == (tmp_path / "with-phrase" / name).read_bytes(), name


def _corpus_notes():
    from collections import defaultdict

    notes = defaultdict(list)
    for row in read_units(CORPUS):
        notes[row["note"]].append(row)
    return list(notes.values())


@pytest.mark.parametrize("pipeline", ["blank", "auto"])
def test_review_columns_are_the_hashed_training_names_on_the_whole_corpus(pipeline):
    """The review path hashes a draft's units from the doc's arrays; training hashes feature
    names. Every unit of the corpus must get the same columns both ways, and the n-gram
    names the review path gives for evidence must be training's, in training's order."""
    from reviewer.anatomy import Part, dissect
    from reviewer.model.features import NGRAM_KINDS, DocTokens, features_at, position_of, slot, unit_columns
    from reviewer.pipeline import get_pipeline
    from reviewer.textutil import normalise_quotes

    nlp = get_pipeline(pipeline)
    notes = _corpus_notes()
    if pipeline == "auto":  # the trained pipeline parses: every fifth note (the blank run checks them all)
        notes = notes[::5]
    checked = 0
    for units in notes:
        text = "\n".join(u["text"] for u in units)
        doc = nlp(normalise_quotes(text))
        anatomy = dissect(doc)
        spans, offset = [], 0
        for row in units:
            start, end = offset, offset + len(row["text"])
            offset = end + 1
            unit = anatomy.unit_at(start)
            part = Part.BODY if unit is None else unit.part
            spans.append((start, end, part, position_of(anatomy, start, part)))
        found = unit_columns(doc, anatomy, spans, doc.text)
        tokens = DocTokens.of(doc)
        for i, (start, end, part, _) in enumerate(spans):
            names = [n for n, v in features_at(doc, anatomy, start, end, part, tokens).items() if v]
            assert sorted({slot(n) for n in names}) == found.columns[found.rows == i].tolist(), units[i]["text"]
            ngrams = [(n, slot(n)) for n in names if n.partition("=")[0] in NGRAM_KINDS]
            named: dict[str, int] = {}
            for ngram in found.ngrams_of(i).tolist():
                named.setdefault(found.ngram_name(ngram), int(found.ngram_columns[ngram]))
            assert list(named.items()) == ngrams, units[i]["text"]
            checked += 1
    assert checked == sum(map(len, notes)) and checked >= 1000


def test_review_scores_and_evidence_match_the_named_features():
    """score_units (arrays, evidence named lazily) against the classifier on training's feature
    names for every classified unit of the development and check drafts."""
    from reviewer.anatomy import dissect
    from reviewer.model.features import features_at
    from reviewer.model.scoring import CLASSIFIED_PARTS, is_word_evidence, readable, score_units
    from reviewer.pipeline import get_pipeline

    classifier = load_classifier(MODEL_DIR)
    nlp = get_pipeline("blank")
    texts = [json.loads(line)["text"] for line in (REPO / "corpora" / "check" / "notes.jsonl").open(encoding="utf-8")]
    texts.append("He said \"I'm sorry, 2 late\" and I quoted 'sorry' twice.\n\n> I apologise for 3 things\nThanks!")
    labelled = 0
    for text in texts:
        doc = nlp(text)
        anatomy = dissect(doc)
        scores = score_units(doc, anatomy)
        for i, unit in enumerate(anatomy.units):
            if unit.part not in CLASSIFIED_PARTS:
                assert scores.probabilities[i] is None
                continue
            features = features_at(doc, anatomy, unit.start, unit.end, unit.part)
            expected = classifier.probabilities(features)
            assert scores.probabilities[i] == pytest.approx(expected, abs=1e-12)
        for label, found in scores.labelled.items():
            for x in found:
                unit = anatomy.units[x.unit]
                # The reference: every named feature's weight, strongest first (stable), the
                # first four readable ones.
                encoded = classifier.encode(features_at(doc, anatomy, unit.start, unit.end, unit.part))
                weights = classifier.coef_by_slot[encoded.columns, classifier.labels.index(label)] * encoded.values
                slow = []
                for j in np.argsort(-weights, kind="stable").tolist():
                    if weights[j] <= 0 or len(slow) == 4:
                        break
                    if is_word_evidence(encoded.names[j]):
                        slow.append(readable(encoded.names[j]))
                assert x.evidence == tuple(dict.fromkeys(slow))
                labelled += bool(x.evidence)
    assert labelled > 20


def test_a_unit_without_words_gets_only_its_place_features():
    """A unit with no token (empty, or between others) has its part, position and length
    features and no cue of its neighbours, wherever it falls among the units."""
    from reviewer.anatomy import Part, dissect
    from reviewer.model.features import slot, unit_columns
    from reviewer.pipeline import get_pipeline

    text = "I am sorry. Thanks"
    doc = get_pipeline("blank")(text)
    spans = [(12, 12, Part.BODY, 0.0), (0, 11, Part.BODY, 0.5), (11, 11, Part.BODY, 0.5), (18, 18, Part.BODY, 1.0)]
    found = unit_columns(doc, dissect(doc), spans, text)
    for row, position in ((0, 0), (2, 2), (3, 3)):
        assert found.columns[found.rows == row].tolist() == sorted({slot("part=body"), slot(f"pos={position}"), slot("len=0")})
    sorry = found.columns[found.rows == 1].tolist()
    assert slot("w=sorry") in sorry and slot("first_person+regret") in sorry and slot("len=0") in sorry
