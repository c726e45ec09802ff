"""Persisting the classifier: skops for the scikit-learn pipeline, and an exported weight
table (numpy .npz, no pickle) that the review path reads without importing scikit-learn.
Both are checked on load; a missing, corrupt, untrusted or out-of-date file is a ModelError.
"""

from __future__ import annotations

import functools
import io
import json
import os
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from reviewer.version import __version__
from reviewer.errors import ModelError
from reviewer.model import LABELS
from reviewer.model.features import HASH_BITS, HASH_MASK, slot

# The model ships inside the package (reviewer/models/), so an installed wheel carries it.
MODEL_DIR = Path(os.environ.get("REVIEW_NOTE_MODEL_DIR") or str(resources.files("reviewer").joinpath("models")))
SKOPS_FILE = "sentence-classifier.skops"
WEIGHTS_FILE = "sentence-classifier.npz"
FORMAT = "review-note-weights/2"

# The only types a shipped model may contain (skops refuses anything else).
TRUSTED_TYPES = (
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.naive_bayes.ComplementNB",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelBinarizer",
    "builtins.float",
    "builtins.int",
)


def compatible(model_version: str) -> bool:
    """Whether a model built by `model_version` may be used by this code (same major.minor)."""
    return model_version.split(".")[:2] == __version__.split(".")[:2]


def export_weights(model, thresholds: dict[str, float], card: dict, path: Path) -> None:
    """Write the fitted model's linear weights as a deterministic .npz file: the hashed
    columns any label uses (`slots`, sorted) and their weights per label."""
    forms = [linear_form(e) for e in model.estimators_]
    coef = np.vstack([c for c, _ in forms])
    intercept = np.array([b for _, b in forms])
    used = np.flatnonzero(np.any(coef != 0, axis=0))
    meta = {"format": FORMAT, "labels": list(LABELS), "thresholds": thresholds, "model_version": card["model_version"],
            "corpus_sha256": card["corpus_sha256"], "hash_bits": HASH_BITS}
    buffer = io.BytesIO()
    np.savez(buffer, coef=coef[:, used], intercept=intercept, slots=used.astype(np.int64),
             meta=np.array(json.dumps(meta, sort_keys=True)))
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path.write_bytes(deterministic_zip(sorted((name, source.read(name)) for name in source.namelist())))


def deterministic_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """RETURNS (bytes): a zip of the entries, in the given order, with fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, payload in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, payload)
    return out.getvalue()


def linear_form(estimator) -> tuple[np.ndarray, float]:
    """RETURNS (tuple): (weights, bias) with P(label) = sigmoid(x . weights + bias).

    Logistic regression is linear by definition; complement naive Bayes is linear in its
    joint log-likelihoods, so its two-class probability is a sigmoid of their difference.
    """
    if hasattr(estimator, "coef_") and hasattr(estimator, "intercept_") and not hasattr(estimator, "feature_log_prob_"):
        return estimator.coef_.ravel().astype(float), float(np.ravel(estimator.intercept_)[0])
    if hasattr(estimator, "feature_log_prob_") and len(estimator.classes_) == 2:
        log_prob = estimator.feature_log_prob_
        return (log_prob[1] - log_prob[0]).astype(float), 0.0
    raise TypeError(f"cannot export {type(estimator).__name__} as a linear model")


@dataclass(frozen=True)
class Classifier:
    """A linear one-vs-rest sentence classifier over hashed features, evaluated with numpy alone."""

    slots: np.ndarray  # sorted hashed columns that carry a weight
    coef: np.ndarray  # labels x slots
    intercept: np.ndarray
    labels: tuple[str, ...]
    thresholds: dict
    model_version: str

    def probabilities(self, features: dict) -> dict[str, float]:
        """RETURNS (dict): label -> probability for one unit's features."""
        return self.probabilities_many([features])[0]

    def _columns(self, names) -> np.ndarray:
        """RETURNS (ndarray): each name's index into `slots`, or -1 when the model has no weight for it."""
        return self._at(np.fromiter((slot(n) for n in names), dtype=np.int64))

    def _at(self, wanted: np.ndarray) -> np.ndarray:
        """RETURNS (ndarray): each hashed column's index into `slots`, or -1 when the model has no weight for it."""
        return self._slot_index[wanted].astype(np.int64) - 1

    @functools.cached_property
    def _slot_index(self) -> np.ndarray:
        # Every hashed column's index into `slots` plus one (0: no weight), as one int32 array
        # of 2**HASH_BITS (16 MB): a lookup is one gather, where a binary search of `slots`
        # cost 50-100 us a draft in cache misses.
        table = np.zeros(1 << HASH_BITS, dtype=np.int32)
        table[self.slots] = np.arange(1, len(self.slots) + 1, dtype=np.int32)
        return table

    def weight_rows(self, columns: np.ndarray) -> np.ndarray:
        """RETURNS (ndarray): columns x labels, each hashed column's weights (0 where the model has none)."""
        at = self._at(columns)
        return np.where((at >= 0)[:, None], self.coef_by_slot[np.maximum(at, 0)], 0.0)

    def encode(self, features: dict) -> Encoded:
        """RETURNS (Encoded): a unit's named features as the model reads them (training's
        path; review hashes whole drafts with `features.unit_columns`)."""
        names = [n for n, v in features.items() if v]
        columns = self._columns(names)
        values = np.fromiter((features[n] for n in names), dtype=float, count=len(names))
        known = columns >= 0
        return Encoded(tuple(n for n, k in zip(names, known.tolist()) if k), columns[known], values[known])

    def probabilities_encoded(self, units: list[Encoded]) -> list[dict[str, float]]:
        """RETURNS (list): label -> probability for each encoded unit."""
        if not units:
            return []
        scores = np.tile(self.intercept, (len(units), 1))
        for row, unit in enumerate(units):
            if len(unit.columns):
                scores[row] += unit.values @ self.coef_by_slot[unit.columns]
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(scores, -500, 500)))  # clipped: no overflow, however long the unit
        return [dict(zip(self.labels, row)) for row in probabilities.tolist()]

    def probabilities_columns(self, rows: np.ndarray, columns: np.ndarray, count: int) -> list[dict[str, float]]:
        """RETURNS (list): label -> probability for each of `count` units, given each unit's
        hashed columns (`features.unit_columns`: rows, columns; every feature valued 1)."""
        scores = np.tile(self.intercept, (count, 1))
        if len(columns):
            at = self._at(columns)
            known = at >= 0
            rows, weights = rows[known], self.coef_by_slot[at[known]]
            for label in range(scores.shape[1]):  # np.add.at is several times slower
                scores[:, label] += np.bincount(rows, weights=weights[:, label], minlength=count)
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(scores, -500, 500)))
        return [dict(zip(self.labels, row)) for row in probabilities.tolist()]

    def probabilities_many(self, units: list[dict]) -> list[dict[str, float]]:
        """RETURNS (list): label -> probability for each unit's features."""
        return self.probabilities_encoded([self.encode(u) for u in units])

    @functools.cached_property
    def coef_by_slot(self) -> np.ndarray:
        return np.ascontiguousarray(self.coef.T)

    def labels_for(self, features: dict, thresholds: dict | None = None) -> set[str]:
        """RETURNS (set): the labels whose probability reaches their threshold."""
        limits = {**self.thresholds, **(thresholds or {})}
        return {label for label, p in self.probabilities(features).items() if p >= limits[label]}


@dataclass(frozen=True)
class Encoded:
    """One unit's features that the model knows: their names, columns into `slots` and values."""

    names: tuple[str, ...]
    columns: np.ndarray
    values: np.ndarray


# The shipped weight table unpacks to a few MB; a member or a whole file far beyond this is
# refused before numpy inflates it (a zip bomb), as is an array header claiming more than its member holds.
MAX_UNPACKED = 200_000_000
MEMBERS = {"coef.npy", "intercept.npy", "meta.npy", "slots.npy"}


def _check_members(path: Path) -> None:
    """Refuse a weight file whose members are not the expected arrays of sane sizes (ModelError)."""
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if names != MEMBERS or len(infos) != len(MEMBERS):
            raise ModelError(f"classifier file is not a {FORMAT} model: {path} (members {', '.join(sorted(names)) or 'none'})")
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise ModelError(f"classifier file is too large unpacked ({sum(i.file_size for i in infos):,} bytes, "
                             f"over {MAX_UNPACKED:,}): {path}")
        for info in infos:
            with archive.open(info) as member:
                version = np.lib.format.read_magic(member)
                read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
                shape, _, dtype = read_header(member)
            if dtype.hasobject or int(np.prod(shape, dtype=object)) * dtype.itemsize > info.file_size:
                raise ModelError(f"classifier file is corrupt: {path} ({info.filename} claims more data than it holds)")


def _load_npz(path: Path) -> Classifier:
    if not path.exists():
        raise ModelError(f"classifier file not found: {path} (rebuild it with 'python -m reviewer.training.train', or use --no-model)")
    try:
        _check_members(path)
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            slots, coef, intercept = data["slots"], data["coef"], data["intercept"]
    except ModelError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, json.JSONDecodeError, EOFError, MemoryError,
            RecursionError, NotImplementedError) as exc:
        raise ModelError(f"classifier file is corrupt or not a review-note model: {path} ({type(exc).__name__})") from None
    _check_model(path, meta, slots, coef, intercept)
    if not compatible(str(meta.get("model_version", ""))):
        raise ModelError(
            f"classifier was built for review-note {meta.get('model_version')}, this is {__version__}; "
            "rebuild it with 'python -m reviewer.training.train'"
        )
    return Classifier(np.asarray(slots, dtype=np.int64), np.asarray(coef, dtype=float), np.asarray(intercept, dtype=float),
                      tuple(meta["labels"]), {k: float(v) for k, v in meta["thresholds"].items()}, meta["model_version"])


def _check_model(path: Path, meta, slots: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> None:
    """Check everything the classifier reads, so a bad file is one ModelError, never a wrong answer."""

    def bad(reason: str) -> ModelError:
        return ModelError(f"classifier file is not a usable {FORMAT} model: {path} ({reason})")

    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise bad("no format record")
    labels = meta.get("labels")
    if not isinstance(labels, list) or sorted(map(str, labels)) != sorted(LABELS) or not all(isinstance(x, str) for x in labels):
        raise bad(f"labels must be {', '.join(LABELS)}")
    thresholds = meta.get("thresholds")
    if not isinstance(thresholds, dict) or set(thresholds) != set(LABELS):
        raise bad("a threshold for each label is missing")
    if not all(not isinstance(v, bool) and isinstance(v, (int, float)) and 0 < v <= 1 for v in thresholds.values()):
        raise bad("thresholds must be numbers in (0, 1]")
    if not isinstance(meta.get("model_version"), str):
        raise bad("no model version")
    if meta.get("hash_bits") != HASH_BITS:
        raise bad(f"features must be hashed to {HASH_BITS} bits")
    if slots.ndim != 1 or slots.dtype.kind not in "iu":
        raise bad("slots must be one row of integers")
    if len(slots) and (slots[0] < 0 or slots[-1] > HASH_MASK or not (np.diff(slots) > 0).all()):
        raise bad(f"slots must be increasing columns in 0..{HASH_MASK}")
    width = len(slots)
    for what, array, shape in (("weights", coef, (len(labels), width)), ("intercept", intercept, (len(labels),))):
        if array.dtype.kind not in "fiu" or array.shape != shape:
            raise bad(f"{what} must be numbers of shape {shape}, not {array.dtype} {array.shape}")
        if not np.isfinite(array).all():
            raise bad(f"{what} contain NaN or infinite values")


@functools.lru_cache(maxsize=4)
def load_classifier(model_dir: Path = MODEL_DIR) -> Classifier:
    """RETURNS (Classifier): the review-time classifier from `model_dir`, loaded once."""
    return _load_npz(Path(model_dir) / WEIGHTS_FILE)


def load_pipeline(path: Path = MODEL_DIR / SKOPS_FILE):
    """Load the scikit-learn pipeline with skops, refusing any type outside TRUSTED_TYPES."""
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(file=path)
        unexpected = sorted(set(untrusted) - set(TRUSTED_TYPES))
        if unexpected:
            raise ModelError(f"refusing to load {path}: it contains untrusted types {', '.join(unexpected)}")
        return sio.load(path, trusted=list(untrusted))
    except ModelError:
        raise
    except FileNotFoundError:
        raise ModelError(f"model file not found: {path}") from None
    except Exception as exc:  # skops raises many types for damaged files
        raise ModelError(f"model file is corrupt or not a skops file: {path} ({type(exc).__name__})") from None
