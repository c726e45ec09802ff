"""The web page's only contact with the library: a draft in, a JSON-ready dict out."""

from __future__ import annotations

import io
import json

from reviewer.config import Config

DRAFT_NAME = "<draft>"  # the "path" of a draft typed into the page


def review_entry(text: str, suggest: bool, job: str | None, add: str | None, config: Config) -> dict:
    """RETURNS (dict): the draft's entry of `--format json`'s "files", as the CLI would write it."""
    from reviewer.engine import review
    from reviewer.report import FileResult, Summary
    from reviewer.report.json_format import JsonFormatter
    from reviewer.rewrite import suggest as make_suggestion

    if not text.strip():
        result = FileResult(DRAFT_NAME, error="draft is empty")
    else:
        report = review(text, config)
        suggestion = make_suggestion(text, report, config, job, add).to_dict() if suggest else None
        from reviewer.lessons import lessons_for

        result = FileResult(DRAFT_NAME, report.findings, "utf-8", report.body_words, suggestion=suggestion, text=text,
                            lessons=lessons_for(text, report, config, job))
    buffer = io.StringIO()
    formatter = JsonFormatter(buffer)
    formatter.start()
    formatter.file(result)
    formatter.finish(Summary())
    return json.loads(buffer.getvalue())["files"][0]


def rule_list(config: Config) -> list[dict]:
    """RETURNS (list): every rule with its documentation, as this configuration applies it."""
    from reviewer.engine import settings_for
    from reviewer.findings import Scope
    from reviewer.rules import ALL_RULES

    settings = settings_for(config)
    return [
        {"code": r.code, "name": r.name, "family": r.family, "severity": str(settings.severity_for(r.code, r.severity)),
         "enabled": r.code in settings.enabled, "scope": "note" if r.scope is Scope.DOCUMENT else "span",
         "summary": r.summary, "why": r.why, "fix": r.fix}
        for r in ALL_RULES
    ]


def read_upload(name: str, data: bytes, config: Config) -> dict:
    """RETURNS (dict): an uploaded draft's text as the CLI reads the file; raises InputError."""
    from reviewer.documents import from_bytes

    draft = from_bytes(name, data, config.max_bytes)
    return {"name": name, "encoding": draft.encoding, "text": draft.text}
