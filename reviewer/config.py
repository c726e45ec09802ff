"""Review options: what the user wrote (defaults, a settings file, command-line flags), as one
frozen object. `reviewer.settings.resolve` checks them against the rule registry."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from reviewer.errors import ConfigError
from reviewer.findings import FailOn, Severity


@dataclass(frozen=True)
class Config:
    """Options for a review; every field has a default taken from the career advice the tool follows."""

    select: tuple[str, ...] = ()  # codes, code prefixes, rule names or families; empty = all
    ignore: tuple[str, ...] = ()
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    fail_on: FailOn = FailOn.WARNING
    min_words: int = 50  # ideal body length (Boomerang 2016: 50-125 words)
    max_words: int = 125
    max_sentence_words: int = 40
    max_addendum_sentences: int = 2
    max_subject_words: int = 6
    pipeline: str = "blank"
    use_model: bool = True
    model_thresholds: tuple[tuple[str, float], ...] = ()
    max_bytes: int = 2_000_000
    extra_phrases: tuple[tuple[str, str], ...] = field(default=())  # (family, phrase)
    allow_phrases: tuple[str, ...] = ()
    source: str = ""  # the settings file these options came from, if any

    def with_changes(self, **changes) -> "Config":
        """RETURNS (Config): a copy with some fields changed (None values are skipped)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


CONFIG_FILE = ".review-note.toml"
MAX_BYTES_LIMIT = 1_000_000_000  # the largest --max-bytes: 1 GB, ten times the blank pipeline's character limit


def find_config_file(start: Path) -> Path | None:
    """RETURNS (Path | None): the nearest .review-note.toml, or pyproject.toml with
    [tool.review-note], in `start` or its parents."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = _read_toml(pyproject)
            except ConfigError as exc:  # someone else's broken pyproject.toml: not ours to judge
                from reviewer.documents import notice

                notice(f"{exc}; skipped while looking for settings")
                continue
            tool = data.get("tool")
            if isinstance(tool, dict) and "review-note" in tool:
                return pyproject
    return None


def options_for(config_path: str | None, first_draft: str | None) -> Config:
    """RETURNS (Config): the settings file's options: `config_path` when given, else the
    nearest file above the first draft (or the working folder for standard input)."""
    if config_path:
        path = Path(config_path)
        if not path.exists():
            raise ConfigError(f"config file not found: {config_path}")
        if not path.is_file():
            raise ConfigError(f"config file is not a regular file: {config_path}")
        return load_config(Path(config_path))
    first = Path(first_draft) if first_draft and first_draft != "-" else Path.cwd()
    found = find_config_file(first if first.is_dir() else first.parent if first.parent.exists() else Path.cwd())
    return load_config(found) if found else Config()


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML (not UTF-8: byte {exc.object[exc.start]:#04x} at offset {exc.start})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (arrays or tables nested too deeply)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load_config(path: Path, base: Config = Config()) -> Config:
    """Read settings from a .review-note.toml (top level) or pyproject.toml ([tool.review-note]).

    RETURNS (Config): `base` with the file's settings applied. Raises ConfigError naming the bad key.
    """
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("review-note", {})
    changes: dict = {}
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        where = f"{path}: setting '{raw_key}'"
        if key not in _PARSERS:
            known = ", ".join(sorted(k.replace("_", "-") for k in _PARSERS))
            raise ConfigError(f"{path}: unknown setting '{raw_key}' (known: {known})")
        try:
            field_name, parsed = _PARSERS[key](value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: {exc}") from None
        changes[field_name] = parsed
    return replace(base, source=str(path), **changes)


def _codes(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of rule codes, names or families")
    return tuple(v.strip() for v in value if v.strip())


def _positive_int(value, most: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected a whole number of at least 1, got {value!r}")
    if most is not None and value > most:
        raise ValueError(f"expected a whole number of at most {most:,}, got {value!r}")
    return value


def _severities(value) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise TypeError("expected a table of rule = severity")
    return tuple((str(k), Severity.parse(str(v))) for k, v in value.items())


def _fail_on(value) -> FailOn:
    return FailOn.parse(str(value))


def _thresholds(value) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, dict):
        raise TypeError("expected a table of label = probability")
    out = []
    for label, threshold in value.items():
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
            raise ValueError(f"threshold for '{label}' must be a number in (0, 1], got {threshold!r}")
        out.append((label, float(threshold)))
    return tuple(out)


def _extra_phrases(value) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise TypeError("expected a table of family = [phrases]")
    out = []
    for family, phrases in value.items():
        out.extend((family, p) for p in _codes(phrases))
    return tuple(out)


def _bool(value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _string(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"expected a non-empty string, got {value!r}")
    return value.strip()


_PARSERS = {
    "select": lambda v: ("select", _codes(v)),
    "ignore": lambda v: ("ignore", _codes(v)),
    "severity": lambda v: ("severity_overrides", _severities(v)),
    "fail_on": lambda v: ("fail_on", _fail_on(v)),
    "min_words": lambda v: ("min_words", _positive_int(v)),
    "max_words": lambda v: ("max_words", _positive_int(v)),
    "max_sentence_words": lambda v: ("max_sentence_words", _positive_int(v)),
    "max_addendum_sentences": lambda v: ("max_addendum_sentences", _positive_int(v)),
    "max_subject_words": lambda v: ("max_subject_words", _positive_int(v)),
    "pipeline": lambda v: ("pipeline", _string(v)),
    "model": lambda v: ("use_model", _bool(v)),
    "thresholds": lambda v: ("model_thresholds", _thresholds(v)),
    "max_bytes": lambda v: ("max_bytes", _positive_int(v, MAX_BYTES_LIMIT)),
    "extra_phrases": lambda v: ("extra_phrases", _extra_phrases(v)),
    "allow_phrases": lambda v: ("allow_phrases", _codes(v)),
}
