"""A single self-contained HTML report: each draft with its flagged spans highlighted by
family (message on hover and keyboard focus), counts per family, the suggested note beside
the draft when asked, and an overview table for a batch. No external assets."""

from __future__ import annotations

import html
from collections import Counter

from reviewer.version import __version__
from reviewer.report import FileResult, Summary
from reviewer.rules.families import FAMILIES

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
"""


def _suggestion_html(result: FileResult) -> str:
    """The suggested note beside the draft: deletions struck through, insertions marked, then
    what changed and why, what was left out, and the notes."""
    suggestion = result.suggestion
    edits = sorted(suggestion.get("edits", []), key=lambda e: (e["start"], e["end"]))
    if not edits:
        body = '<p class="clean">Nothing to change.</p>'
    elif result.plain and result.text is not None:
        out, position, text = [], 0, result.text
        for e in edits:
            out.append(html.escape(text[position : e["start"]]))
            old = text[e["start"]:e["end"]]
            if old and e["replacement"].endswith(old):  # text added before a kept letter: an insertion
                out.append(f'<ins title="{html.escape(e["reason"])}">{html.escape(e["replacement"][: -len(old)])}</ins>'
                           f'{html.escape(old)}')
                position = e["end"]
                continue
            if e["end"] > e["start"]:
                out.append(f'<del title="{html.escape(e["reason"])}">{html.escape(text[e["start"]:e["end"]])}</del>')
            if e["replacement"]:
                out.append(f'<ins title="{html.escape(e["reason"])}">{html.escape(e["replacement"])}</ins>')
            position = e["end"]
        out.append(html.escape(text[position:]))
        body = f'<pre class="text changes">{"".join(out)}</pre><details><summary>The note without marks</summary>' \
               f'<pre class="text">{html.escape(suggestion["text"])}</pre></details>'
    else:  # e-mail or HTML file: the edits point into the reviewed text, not the file
        body = f'<pre class="text">{html.escape(suggestion["text"])}</pre>'
    changes = "".join(
        f'<li><b>{html.escape(c["fate"])}</b> &ldquo;{html.escape(" ".join(c["text"].split()))}&rdquo;'
        f'{" &middot; " + html.escape(c["reason"]) if c["reason"] else ""}'
        f'{" (" + html.escape(", ".join(c["codes"])) + ")" if c["codes"] else ""}</li>'
        for c in suggestion.get("changes", []) if c["fate"] != "kept"
    )
    left_out = "".join(f"<li>{html.escape(' '.join(t.split()))}</li>" for t in suggestion.get("left_out", []))
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in suggestion.get("notes", []))
    return (f'<div class="suggestion"><h3>Suggested note</h3>{body}'
            + (f'<h4>What changed</h4><ul class="changes">{changes}</ul>' if changes else "")
            + (f'<h4>Left out</h4><ul class="left-out">{left_out}</ul>' if left_out else "")
            + (f"<ul>{notes}</ul>" if notes else "") + "</div>")


def _highlight(text: str, result: FileResult) -> str:
    """The draft as HTML with non-overlapping findings marked; every finding is also listed."""
    chosen: list = []
    # Shortest spans first, so a precise phrase wins over a note-wide finding that covers it.
    for f in sorted(result.findings, key=lambda f: (f.end - f.start, f.start)):
        if 0 <= f.start < f.end <= len(text) and not any(c.start < f.end and f.start < c.end for c in chosen):
            chosen.append(f)
    spans = sorted(chosen, key=lambda f: f.start)
    out, position = [], 0
    for f in spans:
        out.append(html.escape(text[position : f.start]))
        tip = f"{f.code} {f.name} ({f.severity}, {f.source}): {f.message} Fix: {f.fix}"
        out.append(
            f'<mark class="fam-{f.family}" data-code="{f.code}" tabindex="0" title="{html.escape(tip)}" '
            f'style="background:{FAMILY_COLOURS.get(f.family, "#eee")}">{html.escape(text[f.start:f.end])}'
            f'<span class="tip" role="tooltip">{html.escape(tip)}</span></mark>'
        )
        position = f.end
    out.append(html.escape(text[position:]))
    return "".join(out)


class HtmlFormatter:
    """Streams one HTML page: a section per draft, then the overview."""

    def __init__(self, stream):
        self.stream = stream
        self.rows: list[tuple[str, str, Counter]] = []
        self.index = 0

    def start(self) -> None:
        legend = "".join(f'<span class="badge" style="background:{c}">{f}</span>' for f, c in FAMILY_COLOURS.items())
        self.stream.write(
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>review-note report</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{STYLE}</style></head><body>'
            f'<header><h1>review-note report</h1><div>review-note {__version__} &middot; '
            f'<a href="#overview" style="color:#fff">overview</a></div></header><main>'
            f'<p class="legend">Highlights by family: {legend} Hover or tab to a highlight to read the advice.</p>\n'
        )

    def file(self, result: FileResult) -> None:
        self.index += 1
        anchor = f"draft-{self.index}"
        counts = Counter(f.family for f in result.findings)
        status = "error" if result.error else ("clean" if not result.findings else f"{len(result.findings)} findings")
        self.rows.append((anchor, result.path, counts if not result.error else Counter({"unreadable": 1})))
        write = self.stream.write
        write(f'<section class="draft" id="{anchor}"><h2>{html.escape(result.path)}</h2>')
        if result.error:
            write(f'<p class="error">Could not be checked: {html.escape(result.error)}</p></section>\n')
            return
        badges = "".join(
            f'<span class="badge" style="background:{FAMILY_COLOURS.get(f, "#eee")}">{html.escape(f)}: {n}</span>'
            for f, n in sorted(counts.items())
        ) or '<span class="clean">Looks good: a short, confident thank-you note. Nothing to fix.</span>'
        write(f'<p class="counts" data-status="{html.escape(status)}">{badges}</p><div class="cols"><div>'
              f'<h3>Your draft</h3><pre class="text">{_highlight(result.text or "", result)}</pre>')
        if result.findings:
            write('<ol class="findings">')
            for f in result.findings:
                write(f"<li><b>{f.code}</b> {html.escape(f.name)} &middot; line {f.line}:{f.column} &middot; "
                      f"{f.severity} &middot; {f.source}: {html.escape(f.message)} <i>Fix:</i> {html.escape(f.fix)}</li>")
            write("</ol>")
        if result.lessons:
            items = "".join(f'<li data-kind="{html.escape(x.kind)}">{html.escape(x.advice)}</li>' for x in result.lessons)
            write(f'<h4>Next time</h4><ul class="lessons">{items}</ul>')
        write("</div>")
        if result.suggestion:
            write(_suggestion_html(result))
        write("</div></section>\n")

    def finish(self, summary: Summary) -> None:
        families = sorted({f for _, _, c in self.rows for f in c})
        head = "".join(f"<th>{html.escape(f)}</th>" for f in families)
        body = "".join(
            f'<tr><td><a href="#{a}">{html.escape(p)}</a></td>' + "".join(f"<td>{c.get(f, 0) or ''}</td>" for f in families) + "</tr>"
            for a, p, c in self.rows
        )
        s = summary.to_dict()
        self.stream.write(
            f'<section id="overview"><h2>Overview</h2><p>{s["files"]} drafts: {s["clean"]} clean, '
            f'{s["with_findings"]} with findings, {s["errors"]} could not be read; {s["findings"]} findings.</p>'
            f'<table><thead><tr><th>draft</th>{head}</tr></thead><tbody>{body}</tbody></table></section>'
            "</main></body></html>\n"
        )
