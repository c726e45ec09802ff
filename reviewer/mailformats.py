"""Text to review from e-mail (.eml) and HTML drafts, with a map back to the original file.

Each extractor returns the text to review and, for every character of it, the offset of the
character in the original (decoded) file it came from, so findings point into the file.

Both run in linear time on any input. The stdlib's e-mail header parser does not (20,000
encoded words in a Subject took 22 s and 3.6 GB), so a message is refused, with a MailError,
when its header fields (in all MIME parts together) pass MAX_HEADER_CHARS characters or
MAX_HEADER_FIELDS fields, when a Subject or Content-* field passes MAX_FIELD_CHARS, when it
has over MAX_PARTS MIME parts (nested messages included), or when its Subject is over
MAX_SUBJECT characters once unfolded and decoded. Nothing is truncated silently.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import html
import re

_REPLY_START = re.compile(
    r"^(?:On .{4,200}wrote:\s*$|-{2,}\s*Original Message\s*-{2,}|From: .+\nSent: |>)", re.MULTILINE
)
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
                         "blockquote", "section", "article", "header", "footer", "hr"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})
MAX_HEADER_CHARS = 64 * 1024
MAX_HEADER_FIELDS = 1000
MAX_FIELD_CHARS = 8 * 1024  # for the fields read here (their parser is quadratic)
_READ_FIELDS = ("subject", "content-", "mime-version")
MAX_PARTS = 100
MAX_SUBJECT = 1000


class MailError(ValueError):
    """An e-mail that cannot be reviewed; the message is one plain line for the user."""


_RAW_TEXT = {tag: re.compile(rf"</{tag}(?=[\s/>])", re.IGNORECASE) for tag in ("script", "style")}
_TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*")
_TAG_STOP = re.compile(r"[>\"']")
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")  # as html.unescape
_SPACE = " \t\r\f\v"


class _Html:
    """A linear scan of an HTML draft: the visible characters and where each came from.

    Every step consumes input or finds in O(1) that it cannot (the last '>' and the last
    closing quotes are known up front), so hostile markup such as thousands of unclosed
    '<a ' costs linear time; the stdlib HTMLParser rescans to the end for each of them.
    As in browsers, a tag ends at the first '>' outside quotes, a tag or comment that
    never ends runs to the end of the file, and script and style are raw text. A '<'
    that no '>' follows is text, and so is a quote that never closes.
    """

    def __init__(self, source: str):
        self.source = source
        self.last_gt = source.rfind(">")
        self.last_quote = {'"': source.rfind('"'), "'": source.rfind("'")}
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.skipping = 0
        self.quote_depth = 0

    def run(self) -> None:
        src, n, i = self.source, len(self.source), 0
        while i < n:
            j = src.find("<", i)
            if j < 0:
                j = n
            self._data(i, j)
            if j >= n:
                break
            i = self._markup(j)

    def _markup(self, j: int) -> int:
        """Read the markup at '<' (position j); RETURNS (int): where the text resumes."""
        src, n = self.source, len(self.source)
        if j > self.last_gt:
            self._data(j, j + 1)  # no '>' follows: a plain '<'
            return j + 1
        if src.startswith("<!--", j):
            if src.startswith(("<!-->", "<!--->"), j):
                return src.find(">", j) + 1  # an empty comment
            end = src.find("-->", j + 4)
            return n if end < 0 else end + 3
        name = _TAG_NAME.match(src, j + 2 if src.startswith("</", j) else j + 1)
        if src[j + 1 : j + 2] in ("!", "?", "/") and not (src[j + 1] == "/" and name):
            return src.find(">", j) + 1  # declaration, processing instruction, bogus comment
        if name is None:
            self._data(j, j + 1)  # "a < b", "<3"
            return j + 1
        tag = name.group().lower()
        if src[j + 1] == "/":
            self._end(tag, j)
            return src.find(">", name.end()) + 1
        end = self._tag_end(name.end())
        if end < 0:
            return n  # an attribute's quote swallowed the last '>': the tag runs to the end
        self._start(tag, j)
        if src[end - 2] == "/":
            self._end(tag, j)
        elif tag in _RAW_TEXT:
            close = _RAW_TEXT[tag].search(src, end)
            if close is None:
                return n
            self._end(tag, close.start())
            return src.find(">", close.end()) + 1 or n
        return end

    def _tag_end(self, k: int) -> int:
        """RETURNS (int): one past the '>' that ends a start tag, quotes respected, or -1."""
        src = self.source
        while True:
            stop = _TAG_STOP.search(src, k)
            if stop is None:
                return -1
            char, at = stop.group(), stop.start()
            if char == ">":
                return at + 1
            if at >= self.last_quote[char]:
                k = at + 1  # a quote that never closes is just a character
                continue
            k = src.find(char, at + 1) + 1

    def _start(self, tag: str, at: int) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        if tag == "blockquote":
            self.quote_depth += 1
        if tag in _BLOCK_TAGS:
            self._put("\n", at)

    def _end(self, tag: str, at: int) -> None:
        if tag in _SKIP_TAGS and self.skipping:
            self.skipping -= 1
        if tag == "blockquote" and self.quote_depth:
            self.quote_depth -= 1
        if tag in _BLOCK_TAGS:
            self._put("\n", at)

    def _data(self, start: int, end: int) -> None:
        if self.skipping or self.quote_depth or start >= end:
            return
        src, at = self.source, start
        for ref in _CHARREF.finditer(src, start, end):
            for k in range(at, ref.start()):
                self._put(src[k], k)
            for char in html.unescape(ref.group()):
                self._put(char, ref.start())
            at = ref.end()
        for k in range(at, end):
            self._put(src[k], k)

    def _put(self, char: str, offset: int) -> None:
        self.chars.append(char)
        self.offsets.append(offset)


def _collapse(chars: list[str], offsets: list[int]) -> tuple[str, list[int]]:
    """Collapse runs of spaces to one, drop spaces around line breaks, keep at most one
    blank line, and trim the ends, as a browser shows the text."""
    out: list[str] = []
    out_offsets: list[int] = []
    space = -1  # offset of a pending space
    for char, offset in zip(chars, offsets):
        if char in _SPACE:
            if space < 0:
                space = offset
            continue
        if char == "\n":
            space = -1
            if out and out[-2:] != ["\n", "\n"]:
                out.append(char)
                out_offsets.append(offset)
            continue
        if space >= 0 and out and out[-1] != "\n":
            out.append(" ")
            out_offsets.append(space)
        space = -1
        out.append(char)
        out_offsets.append(offset)
    while out and out[-1] == "\n":
        out.pop()
        out_offsets.pop()
    return "".join(out), out_offsets


def html_text(source: str) -> tuple[str, list[int]]:
    """RETURNS (tuple): the visible text of an HTML draft (quoted blocks dropped) and its offset map."""
    page = _Html(source)
    page.run()
    text, offsets = _collapse(page.chars, page.offsets)
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    return text[lead:trail], offsets[lead:trail]


def _strip_reply_and_signature(body: str) -> str:
    for pattern in (_REPLY_START, _SIGNATURE):
        match = pattern.search(body)
        if match:
            body = body[: match.start()]
    return body.rstrip()


class _Budget:
    """What a message may still have as the parser reads it."""

    def __init__(self):
        self.fields = MAX_HEADER_FIELDS
        self.chars = MAX_HEADER_CHARS
        self.parts = MAX_PARTS

    def new_part(self, policy) -> email.message.EmailMessage:
        """The parser's message factory: one call per message and MIME part."""
        self.parts -= 1
        if self.parts < 0:
            raise MailError(f"this e-mail has over {MAX_PARTS} MIME parts; is it a real message?")
        return email.message.EmailMessage(policy)


class _BoundedPolicy(email.policy.EmailPolicy):
    """email.policy.default, counting header fields and characters as the parser reads them."""

    budget: _Budget | None = None  # a fresh one for each message

    def header_source_parse(self, sourcelines):
        name, value = super().header_source_parse(sourcelines)
        budget = self.budget
        budget.fields -= 1
        budget.chars -= len(name) + len(value)
        if budget.fields < 0:
            raise MailError(f"this e-mail has over {MAX_HEADER_FIELDS:,} header fields; is it a real message?")
        if budget.chars < 0:
            raise MailError(f"this e-mail's headers are over {MAX_HEADER_CHARS // 1024} KB; is it a real message?")
        if len(value) > MAX_FIELD_CHARS and name.lower().startswith(_READ_FIELDS):
            raise MailError(f"this e-mail's {name} header is over {MAX_FIELD_CHARS // 1024} KB; is it a real message?")
        return name, value


def parse_message(source: str) -> email.message.EmailMessage:
    """RETURNS (EmailMessage): the parsed message. Raises MailError past the size limits."""
    budget = _Budget()
    policy = _BoundedPolicy(budget=budget, message_factory=budget.new_part)
    return email.message_from_string(source, policy=policy)


_SUBJECT_FIELD = re.compile(r"^subject:[ \t]*", re.IGNORECASE | re.MULTILINE)


def _header_end(source: str) -> int:
    match = re.search(r"\r?\n\r?\n", source)
    return match.end() if match else len(source)


def eml_text(source: str) -> tuple[str, list[int]]:
    """RETURNS (tuple): 'Subject: ...' plus the body of an RFC 822 message, and its offset map.

    The plain-text part is preferred (else HTML); quoted replies and the signature are
    dropped. Where the subject or body is stored verbatim the map is exact; otherwise (folded
    or encoded subjects, quoted-printable or base64 bodies) each character maps to the start
    of the field or body in the file. Raises MailError for a message past the size limits.
    """
    message = parse_message(source)
    pieces: list[tuple[str, list[int]]] = []
    body_start = _header_end(source)
    subject = str(message.get("subject", "") or "").strip()
    if len(subject) > MAX_SUBJECT:
        raise MailError(f"the Subject is {len(subject):,} characters, over the {MAX_SUBJECT:,} a reader sees; shorten it")
    if subject:
        line = f"Subject: {subject}"
        field = _SUBJECT_FIELD.search(source, 0, body_start)
        at = field.start() if field else 0
        if field and source.startswith(subject, field.end()):  # stored verbatim
            subject_map = [at + i for i in range(len("Subject:"))] + [field.end() - 1]
            subject_map += range(field.end(), field.end() + len(subject))
        else:
            subject_map = [at] * len(line)
        pieces.append((line, list(subject_map)))
        pieces.append(("\n\n", [at + len(line)] * 2))
    part = message.get_body(preferencelist=("plain", "html")) if message.is_multipart() or message.get_content_type() in ("text/plain", "text/html") else None
    if part is not None:
        try:
            content = part.get_content()
        except LookupError:  # a charset label Python does not know
            from reviewer.textutil import visible

            charset = visible(str(part.get_content_charset() or part.get_param("charset") or "?"))[:60]
            raise MailError(f"this e-mail's text is in an unknown charset '{charset}'; re-save it as UTF-8") from None
        if part.get_content_type() == "text/html":
            body, body_map = html_text(content)
            body = _strip_reply_and_signature(body)
            body_map = body_map[: len(body)]
            base = source.find(content[:40]) if content[:40].strip() else -1
            body_map = [base + o for o in body_map] if base >= 0 else [body_start] * len(body_map)
        else:
            body = _strip_reply_and_signature(content.replace("\r\n", "\n")).strip("\n")
            at = source.find(body)
            body_map = list(range(at, at + len(body))) if at >= 0 else [body_start] * len(body)
        pieces.append((body, body_map))
    text = "".join(p[0] for p in pieces)
    offsets = [o for p in pieces for o in p[1]]
    return text, offsets
