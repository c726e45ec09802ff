"""Findings as plain, immutable data."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class _Level(enum.IntEnum):
    """A named level, read from its name and shown in lower case."""

    @classmethod
    def parse(cls, value: str):
        """Read a level name such as 'warning' (case-insensitive); ValueError names the choices."""
        try:
            return cls[value.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown {cls.noun()} {value!r} (choose from {names})") from None

    @classmethod
    def noun(cls) -> str:
        """RETURNS (str): what a value is called in an error message."""
        return "level"

    def __str__(self) -> str:
        return self.name.lower()


class Severity(_Level):
    """How much a finding matters; higher is worse."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def noun(cls) -> str:
        return "severity"


class FailOn(_Level):
    """The lowest severity that fails a check; NEVER is a level no finding reaches."""

    INFO = Severity.INFO
    WARNING = Severity.WARNING
    ERROR = Severity.ERROR
    NEVER = Severity.ERROR + 1


class Source(str, enum.Enum):
    """What produced a finding."""

    RULE = "rule"
    MODEL = "model"
    RULE_AND_MODEL = "rule+model"

    def __str__(self) -> str:
        return self.value


class Scope(str, enum.Enum):
    """What a finding is about: a place in the note, or the note as a whole."""

    SPAN = "span"
    DOCUMENT = "document"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` of the draft with `replacement` ("" deletes, start == end inserts).

    code (str): the finding the edit fixes, or "" for text the suggestion adds to fill a gap.
    reason (str): what the edit does, in words a user reads beside it.
    """

    start: int
    end: int
    replacement: str
    code: str = ""
    reason: str = ""

    def to_dict(self) -> dict:
        """RETURNS (dict): JSON-ready fields of the edit."""
        return {"start": self.start, "end": self.end, "replacement": self.replacement, "code": self.code, "reason": self.reason}


@dataclass(frozen=True)
class Finding:
    """One problem in a draft: where it is, what it is, why it hurts and how to fix it."""

    code: str
    name: str
    family: str
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str
    fix: str
    source: Source = Source.RULE
    confidence: float = 1.0
    evidence: tuple[str, ...] = ()  # for model findings: the words that drove the label
    edits: tuple[Edit, ...] = ()  # a safe local fix (deleting a hedge word, correcting a misspelling)
    scope: Scope = Scope.SPAN  # DOCUMENT: about the whole note (its span only says where that shows)

    def to_dict(self) -> dict:
        """RETURNS (dict): JSON-ready fields of the finding, in field order."""
        return {
            "code": self.code, "name": self.name, "family": self.family, "severity": str(self.severity),
            "start": self.start, "end": self.end, "line": self.line, "column": self.column, "text": self.text,
            "message": self.message, "fix": self.fix, "source": str(self.source), "confidence": round(self.confidence, 3),
            "evidence": list(self.evidence), "edits": [e.to_dict() for e in self.edits], "scope": str(self.scope),
        }
