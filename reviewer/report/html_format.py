"""A single self-contained HTML report: each draft with its flagged spans highlighted by
family (message on hover and keyboard focus), findings about the whole note in a banner above
it, counts per family, the suggested note beside the draft when asked, and an overview table
for a batch. No external assets. The page is built from Jinja templates with autoescaping:
every text from a draft, a file name or a finding is escaped by the engine, not by hand."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import jinja2
import markupsafe

from reviewer.findings import Finding, Scope
from reviewer.version import __version__
from reviewer.report import FileResult, Summary, source_label
from reviewer.rules.families import FAMILIES
from reviewer.textutil import visible

FAMILY_COLOURS = {f.name: f.colour for f in FAMILIES}

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#fafafa;color:#222}
header{background:#263238;color:#fff;padding:12px 24px}header h1{font-size:20px;margin:0}
main{padding:16px 24px;max-width:1300px}section.draft{background:#fff;border:1px solid #ddd;border-radius:8px;
margin:18px 0;padding:12px 18px}h2{font-size:17px;margin:4px 0 8px}.cols{display:flex;gap:18px;flex-wrap:wrap}
.cols>div{flex:1 1 420px;min-width:0}pre.text{white-space:pre-wrap;word-wrap:break-word;font:14px/1.6 ui-monospace,Menlo,Consolas,monospace;
background:#fcfcfc;border:1px solid #eee;padding:10px;border-radius:6px}mark{border-radius:3px;padding:0 1px;position:relative;
cursor:help;outline-offset:2px}mark:focus{outline:2px solid #1565c0}mark .tip{display:none;position:absolute;left:0;top:1.6em;z-index:5;
width:340px;background:#263238;color:#fff;font:13px/1.4 system-ui,sans-serif;padding:8px 10px;border-radius:6px;white-space:normal}
mark:hover .tip,mark:focus .tip{display:block}.badge{display:inline-block;border-radius:10px;padding:1px 9px;margin:0 6px 4px 0;
font-size:13px;border:1px solid #ccc}.clean{color:#2e7d32;font-weight:600}.error{color:#b71c1c}ol.findings{padding-left:20px;font-size:14px}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ddd;padding:4px 10px;text-align:left;font-size:14px}
.legend .badge{cursor:default}
del{background:#ffd6d6;text-decoration:line-through;text-decoration-color:#b71c1c}ins{background:#d7f5dd;text-decoration:none}
h4{font-size:14px;margin:10px 0 2px}ul.changes,ul.left-out{font-size:14px;padding-left:20px}
.banner{background:#fff8e1;border:1px solid #f0c36d;border-left:5px solid #f0a500;border-radius:6px;padding:6px 12px;
margin:8px 0;font-size:14px}.banner ul{margin:4px 0;padding-left:20px}mark .tip span{display:block}
mark .tip span+span{margin-top:6px;border-top:1px solid #546e7a;padding-top:6px}
"""


@dataclass(frozen=True)
class Piece:
    """A stretch of the draft and every finding that covers all of it, innermost first."""

    text: str
    findings: tuple[Finding, ...] = ()

    @property
    def codes(self) -> str:
        return " ".join(f.code for f in self.findings)

    @property
    def style(self) -> str:
        """The innermost finding's colour; an enclosing finding of another family underlines it."""
        colours = [FAMILY_COLOURS.get(f.family, "#eee") for f in self.findings]
        style = f"background:{colours[0]}"
        outer = next((c for c in colours[1:] if c != colours[0]), None)
        return style + (f";box-shadow:inset 0 -3px 0 {outer}" if outer else "")


def _tip(f: Finding) -> str:
    return f"{f.code} {f.name} ({f.severity}, {source_label(f)}): {f.message} Fix: {f.fix}"


def is_banner(f: Finding) -> bool:
    """Whether a finding is about the whole note (shown above the draft, not as a highlight)."""
    return f.scope == Scope.DOCUMENT


def segments(text: str, findings) -> list[Piece]:
    """Split `text` where any highlighted finding starts or ends.

    RETURNS (list[Piece]): pieces that join up to `text`; each lists every finding covering it,
    so a sentence finding that contains a word finding keeps its highlight around the word.
    """
    spans = [f for f in findings if not is_banner(f) and 0 <= f.start < f.end <= len(text)]
    starts: dict[int, list[Finding]] = {}
    ends: dict[int, list[Finding]] = {}
    for f in spans:
        starts.setdefault(f.start, []).append(f)
        ends.setdefault(f.end, []).append(f)
    cuts = sorted({0, len(text), *starts, *ends})
    active: dict[int, Finding] = {}  # id -> finding, covering the current piece
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        for f in ends.get(a, ()):
            active.pop(id(f), None)
        for f in starts.get(a, ()):
            active[id(f)] = f
        covering = tuple(sorted(active.values(), key=lambda f: (f.end - f.start, f.start, f.code)))
        pieces.append(Piece(text[a:b], covering))
    return pieces


def _suggestion_pieces(result: FileResult) -> list[tuple[str, str, str]]:
    """RETURNS (list): (kind, text, reason) for the suggestion over the draft: kind is '' (kept
    text), 'del' or 'ins'."""
    edits = sorted(result.suggestion.get("edits", []), key=lambda e: (e["start"], e["end"]))
    out, position, text = [], 0, result.text
    for e in edits:
        out.append(("", text[position:e["start"]], ""))
        old = text[e["start"]:e["end"]]
        if old and e["replacement"].endswith(old):  # text added before a kept letter: an insertion
            out += [("ins", e["replacement"][: -len(old)], e["reason"]), ("", old, "")]
        else:
            if e["end"] > e["start"]:
                out.append(("del", old, e["reason"]))
            if e["replacement"]:
                out.append(("ins", e["replacement"], e["reason"]))
        position = e["end"]
    out.append(("", text[position:], ""))
    return [piece for piece in out if piece[1]]


TEMPLATES = {
    "head": """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>review-note report</title>\
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{{ style | safe }}</style></head><body>\
<header><h1>review-note report</h1><div>review-note {{ version }} &middot; \
<a href="#overview" style="color:#fff">overview</a></div></header><main>\
<p class="legend">Highlights by family: {% for family, colour in colours.items() %}\
<span class="badge" style="background:{{ colour }}">{{ family }}</span>{% endfor %} \
Hover or tab to a highlight to read the advice; where findings overlap, every one is listed.</p>
""",
    "draft": """\
<section class="draft" id="{{ anchor }}"><h2>{{ result.path }}</h2>\
{% if result.error %}<p class="error">Could not be checked: {{ result.error }}</p></section>
{% else %}\
<p class="counts" data-status="{{ status }}">{% for family, n in counts %}\
<span class="badge" style="background:{{ colours.get(family, '#eee') }}">{{ family }}: {{ n }}</span>\
{% else %}<span class="clean">Looks good: a short, confident thank-you note. Nothing to fix.</span>{% endfor %}</p>\
<div class="cols"><div><h3>Your draft</h3>\
{% if banners %}<div class="banner" role="note"><b>About the whole note</b><ul>{% for f in banners %}\
<li data-code="{{ f.code }}"><b>{{ f.code }}</b> {{ f.name }} ({{ f.severity }}): {{ f.message }} <i>Fix:</i> {{ f.fix }}</li>\
{% endfor %}</ul></div>{% endif %}\
<pre class="text">{% for piece in pieces %}{% if piece.findings %}{% set f = piece.findings[0] %}\
<mark class="fam-{{ f.family }}" data-code="{{ f.code }}" data-codes="{{ piece.codes }}" tabindex="0" \
title="{{ piece.findings | map('tip') | join(' / ') }}" style="{{ piece.style }}">{{ piece.text }}\
<span class="tip" role="tooltip">{% for g in piece.findings %}<span>{{ g | tip }}</span>{% endfor %}</span></mark>\
{% else %}{{ piece.text }}{% endif %}{% endfor %}</pre>\
{% if result.findings %}<ol class="findings">{% for f in result.findings %}\
<li><b>{{ f.code }}</b> {{ f.name }} &middot; line {{ f.line }}:{{ f.column }} &middot; {{ f.severity }} &middot; \
{{ f | source_label }}: {{ f.message }} <i>Fix:</i> {{ f.fix }}</li>{% endfor %}</ol>{% endif %}\
{% if result.lessons %}<h4>Next time</h4><ul class="lessons">{% for x in result.lessons %}\
<li data-kind="{{ x.kind }}">{{ x.advice }}</li>{% endfor %}</ul>{% endif %}</div>\
{% if suggestion %}<div class="suggestion"><h3>Suggested note</h3>\
{% if not suggestion.edits %}<p class="clean">Nothing to change.</p>\
{% elif marked %}<pre class="text changes">{% for kind, text, reason in marked %}\
{% if kind %}<{{ kind }} title="{{ reason }}">{{ text }}</{{ kind }}>{% else %}{{ text }}{% endif %}{% endfor %}</pre>\
<details><summary>The note without marks</summary><pre class="text">{{ suggestion.text }}</pre></details>\
{% else %}<pre class="text">{{ suggestion.text }}</pre>{% endif %}\
{% if changes %}<h4>What changed</h4><ul class="changes">{% for c in changes %}\
<li><b>{{ c.fate }}</b> &ldquo;{{ c.text.split() | join(' ') }}&rdquo;{% if c.reason %} &middot; {{ c.reason }}{% endif %}\
{% if c.codes %} ({{ c.codes | join(', ') }}){% endif %}</li>{% endfor %}</ul>{% endif %}\
{% if suggestion.left_out %}<h4>Left out</h4><ul class="left-out">{% for t in suggestion.left_out %}\
<li>{{ t.split() | join(' ') }}</li>{% endfor %}</ul>{% endif %}\
{% if suggestion.notes %}<ul>{% for n in suggestion.notes %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}</div>{% endif %}\
</div></section>
{% endif %}""",
    "tail": """\
<section id="overview"><h2>Overview</h2><p>{% if s.get('interrupted') %}<b class="error">Interrupted</b> after {% endif %}\
{{ s.files }} drafts: {{ s.clean }} clean, \
{{ s.with_findings }} with findings, {{ s.errors }} could not be read; {{ s.findings }} findings.</p>\
<table><thead><tr><th>draft</th>{% for f in families %}<th>{{ f }}</th>{% endfor %}</tr></thead><tbody>\
{% for anchor, path, counts in rows %}<tr><td><a href="#{{ anchor }}">{{ path }}</a></td>\
{% for f in families %}<td>{{ counts.get(f, 0) or '' }}</td>{% endfor %}</tr>{% endfor %}</tbody></table></section>\
</main></body></html>
""",
}


def _shown(value):
    """Every value the templates print: control characters shown as escapes (line breaks and
    tabs kept) and a file name's undecodable bytes as \\xNN, as the text output shows them, so
    the page is valid UTF-8 with no raw control characters; autoescaping then escapes markup."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return visible(value, keep="\n\t\r")
    return value


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, finalize=_shown)
    env.filters["tip"] = _tip
    env.filters["source_label"] = source_label
    return env


class HtmlFormatter:
    """Streams one HTML page: a section per draft, then the overview."""

    def __init__(self, stream):
        self.stream = stream
        self.rows: list[tuple[str, str, Counter]] = []
        self.index = 0
        self.env = _environment()

    def _write(self, template: str, **values) -> None:
        self.stream.write(self.env.get_template(template).render(colours=FAMILY_COLOURS, **values))

    def start(self) -> None:
        self._write("head", style=STYLE, version=__version__)

    def file(self, result: FileResult) -> None:
        self.index += 1
        anchor = f"draft-{self.index}"
        counts = Counter(f.family for f in result.findings)
        status = "error" if result.error else ("clean" if not result.findings else f"{len(result.findings)} findings")
        result = replace(result, path=visible(result.path))  # a name is one line, shown as the text output shows it
        self.rows.append((anchor, result.path, counts if not result.error else Counter({"unreadable": 1})))
        suggestion = result.suggestion
        marked = None
        if suggestion and suggestion.get("edits") and result.plain and result.text is not None:
            marked = _suggestion_pieces(result)  # else (e-mail, HTML file): edits point into the reviewed text
        self._write(
            "draft", anchor=anchor, result=result, status=status, counts=sorted(counts.items()),
            banners=[f for f in result.findings if is_banner(f)],
            pieces=segments(result.text or "", result.findings) if not result.error else [],
            suggestion=suggestion, marked=marked,
            changes=[c for c in (suggestion or {}).get("changes", []) if c["fate"] != "kept"],
        )

    def finish(self, summary: Summary) -> None:
        families = sorted({f for _, _, c in self.rows for f in c})
        self._write("tail", s=summary.to_dict(), families=families, rows=self.rows)
