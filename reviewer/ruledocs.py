"""Rule documentation from one source: the rules' own fields (for --explain, --list-rules, README)."""

from __future__ import annotations

from reviewer.rules import ALL_RULES, find_rule


def rule_table(markdown: bool = False) -> str:
    """RETURNS (str): every rule, one line each."""
    if markdown:
        rows = ["| code | name | family | severity | what it flags |", "|---|---|---|---|---|"]
        rows += [f"| {r.code} | `{r.name}` | {r.family} | {r.severity} | {r.summary} |" for r in ALL_RULES]
        return "\n".join(rows)
    return "\n".join(f"{r.code}  {r.name:<26} {r.family:<17} {str(r.severity):<8} {r.summary}" for r in ALL_RULES)


def explain(key: str) -> str | None:
    """RETURNS (str | None): what a rule does, why, an example and the fix; None if unknown."""
    rule = find_rule(key)
    if rule is None:
        return None
    lines = [
        f"{rule.code} {rule.name} ({rule.family}, {rule.severity})",
        "",
        "What it does",
        f"  {rule.summary}",
        "Why is this bad?",
        f"  {rule.why}",
        "Example",
        *(f"  {' '.join(text.split())}" for text in rule.examples.flag[:2]),
        "Use instead",
        f"  {rule.fix}",
        "Not flagged",
        *(f"  {' '.join(text.split())}" for text in rule.examples.ok[:2]),
    ]
    return "\n".join(lines)
