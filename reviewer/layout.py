"""Line patterns of an e-mail's layout: subject, greeting, closing, bullets (plain regexes)."""

from __future__ import annotations

import re

SUBJECT = re.compile(r"\s*(subject|re|fwd?)\s*:", re.IGNORECASE)
GREETING = re.compile(
    r"\s*(dear|hi|hello|hey|hiya|greetings|good (morning|afternoon|evening)|to whom)\b", re.IGNORECASE
)
CLOSING = re.compile(
    r"\s*(best|best regards|kind regards|warm regards|warmest regards|regards|sincerely|"
    r"sincerely yours|thanks|thank you|many thanks|thanks again|thanks so much|thank you again|"
    r"cheers|respectfully|all the best|warmly|with gratitude|gratefully|yours|yours truly|"
    r"yours sincerely|take care|talk soon|cordially)\s*[,.!\-\u2014]*\s*(\n|$)",
    re.IGNORECASE,
)
SENT_FROM = re.compile(r"\s*(sent from my|get outlook for)\b", re.IGNORECASE)
BULLET = re.compile(r"\s*(?:[-*\u2022\u2023\u25e6]|\d{1,2}[.)])\s+")
