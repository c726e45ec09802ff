"""Write the file a blind reader judges: each draft and its suggested note, nothing else.

    python bench/judge_input.py ../shared/examples/drafts.jsonl > judge.md
    python bench/judge_input.py corpora/check/notes.jsonl > judge-check.md

The reader gets this file, the career advice and the rubric of ../shared/examples/README.md
(would send / wouldn't; better, same or worse; problem tags), and never the references or
the code. The README's figures for the suggested note come from such a reading.
"""

from __future__ import annotations

import argparse
import json

from reviewer import review
from reviewer.config import Config
from reviewer.rewrite import suggest


def judge_file(drafts: list[dict], config: Config = Config()) -> str:
    """RETURNS (str): the markdown the reader judges, one case per draft."""
    out = []
    for i, draft in enumerate(drafts, 1):
        result = suggest(draft["text"], review(draft["text"], config), config)
        shown = f"```\n{result.text}\n```" if result.changed else "(unchanged: the tool suggests sending the draft as it is)"
        out.append(f"## Case {i}\n\n### Draft\n\n```\n{draft['text']}\n```\n\n### Suggested note\n\n{shown}\n")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drafts", help="JSONL with a 'text' per line")
    args = parser.parse_args()
    with open(args.drafts, encoding="utf-8") as handle:
        drafts = [json.loads(line) for line in handle if line.strip()]
    print(judge_file(drafts), end="")


if __name__ == "__main__":
    main()
