"""Text to review from e-mail (.eml) and HTML drafts, with a map back to the original file.

Each extractor returns the text to review and, for every character of it, the offset of the
character in the original (decoded) file it came from, so findings point into the file.
"""

from __future__ import annotations

import email
import email.policy
import re
from html.parser import HTMLParser

_REPLY_START = re.compile(
    r"^(?:On .{4,200}wrote:\s*$|-{2,}\s*Original Message\s*-{2,}|From: .+\nSent: |>)", re.MULTILINE
)
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
                         "blockquote", "section", "article", "header", "footer", "hr"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})


def _line_offsets(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


class _TextCollector(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source_lines = _line_offsets(source)
        self.chunks: list[tuple[str, int]] = []
        self.skipping = 0
        self.quote_depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.source_lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skipping += 1
        if tag == "blockquote":
            self.quote_depth += 1
        if tag in _BLOCK_TAGS:
            self.chunks.append(("\n", self._offset()))

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS and self.skipping:
            self.skipping -= 1
        if tag == "blockquote" and self.quote_depth:
            self.quote_depth -= 1
        if tag in _BLOCK_TAGS:
            self.chunks.append(("\n", self._offset()))

    def handle_data(self, data):
        if not self.skipping and not self.quote_depth:
            self.chunks.append((data, self._offset()))


def html_text(source: str) -> tuple[str, list[int]]:
    """RETURNS (tuple): the visible text of an HTML draft (quoted blocks dropped) and its offset map."""
    collector = _TextCollector(source)
    collector.feed(source)
    collector.close()
    chars: list[str] = []
    offsets: list[int] = []
    for data, start in collector.chunks:
        data = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", data) if data != "\n" else data
        data = re.sub(r"[ \t\r\f\v]+", " ", data)
        for i, ch in enumerate(data):
            if ch == "\n" and chars[-2:] == ["\n", "\n"]:
                continue
            chars.append(ch)
            offsets.append(min(start + i, len(source) - 1) if source else 0)
    text = "".join(chars)
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    return text[lead:trail], offsets[lead:trail]


def _strip_reply_and_signature(body: str) -> str:
    for pattern in (_REPLY_START, _SIGNATURE):
        match = pattern.search(body)
        if match:
            body = body[: match.start()]
    return body.rstrip()


def eml_text(source: str) -> tuple[str, list[int]]:
    """RETURNS (tuple): 'Subject: ...' plus the body of an RFC 822 message, and its offset map.

    The plain-text part is preferred (else HTML); quoted replies and the signature are
    dropped. Where the body is stored verbatim the map is exact; for quoted-printable or
    base64 bodies each character maps to the start of the body in the file.
    """
    message = email.message_from_string(source, policy=email.policy.default)
    pieces: list[tuple[str, list[int]]] = []
    subject = str(message.get("subject", "") or "").strip()
    if subject:
        line = f"Subject: {subject}"
        at = source.find(line)
        at = at if at >= 0 else max(source.lower().find("subject:"), 0)
        pieces.append((line, [at + i if source.find(line) >= 0 else at for i in range(len(line))]))
        pieces.append(("\n\n", [at + len(line)] * 2))
    part = message.get_body(preferencelist=("plain", "html")) if message.is_multipart() or message.get_content_type() in ("text/plain", "text/html") else None
    if part is not None:
        content = part.get_content()
        if part.get_content_type() == "text/html":
            body, body_map = html_text(content)
            body = _strip_reply_and_signature(body)
            body_map = body_map[: len(body)]
            base = source.find(content[:40]) if content[:40].strip() else -1
            body_map = [base + o if base >= 0 else _body_start(source) for o in body_map]
        else:
            body = _strip_reply_and_signature(content.replace("\r\n", "\n")).strip("\n")
            at = source.find(body)
            body_map = [at + i for i in range(len(body))] if at >= 0 else [_body_start(source)] * len(body)
        pieces.append((body, body_map))
    text = "".join(p[0] for p in pieces)
    offsets = [o for p in pieces for o in p[1]]
    return text, offsets


def _body_start(source: str) -> int:
    at = source.find("\n\n")
    return at + 2 if at >= 0 else 0
