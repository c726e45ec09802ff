#!/usr/bin/env python
"""Benchmark review-note: cold start, batch throughput and memory, warm latency, scaling.

    python bench/run.py                      # full run (sizes 1,000 and 10,000; repeat 3)
    python bench/run.py --quick              # smoke run, well under a minute
    python bench/run.py --sizes 500,5000 --repeat 5 --out /tmp/r.json

Builds a reproducible set of drafts (fixed seed) from corpora/sentences.jsonl, writes them
to a temporary folder, measures everything on those same drafts in one run, prints a table
of medians and writes all figures to bench/results.json. See bench/README.md for what each
figure means. This is a benchmark, not a test: it never fails on a missed target, it
reports it. It needs no network; proselint is optional (`pip install -e ".[bench]"`).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPUS = REPO / "corpora" / "sentences.jsonl"
SHARED_DRAFTS = REPO.parent / "shared" / "examples" / "drafts.jsonl"
CEILING_SCRIPT = BENCH / "spacy_ceiling.py"
SCHEMA = "review-note-bench/1"
sys.path.insert(0, str(REPO))  # the in-process figures (warm, scaling) measure this checkout too

TARGET_COLD_RATIO = 1.3  # review-note cold start / `python -c "import spacy"`
TARGET_ONE_PROCESS_VS_PROSELINT = 3.0  # drafts/s of `review-note --jobs 1` / proselint's, same drafts
TARGET_DEFAULT_VS_PROSELINT = 5.0  # drafts/s of plain `review-note` (every core) / proselint's
TARGET_MEMORY_GROWTH = 1.05  # peak RSS at the largest batch / at the smallest: "flat"
REFERENCE_SIZE = 1000  # the batch size the throughput targets are judged on (else the largest run)
TARGET_WARM_MS = 10.0  # warm library call on a ~150-word draft
TARGET_SCALING_RATIO = 1.5  # per-word time, largest / smallest draft: "roughly linear"
QUICK_PROSELINT_MAX_S = 2.0  # --quick skips proselint's batch when its cold start is slower

# ---------------------------------------------------------------------------------------
# Drafts


_SUBJECT = re.compile(r"^subject\s*:", re.IGNORECASE)
_GREETING = re.compile(
    r"^(dear|hi|hello|hey|good (morning|afternoon|evening)|greetings|mr\.?|ms\.?|mrs\.?|dr\.?|prof\.?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"')\u201d\u2019]*$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2014]|\d{1,2}[.)])")
BODY_LABELS = ("thanks", "skills_addendum", "other", "apology", "over_explanation", "hedging")
CLEAN_LABELS = frozenset({"thanks", "skills_addendum", "other"})
# Label mix of body sentences: a clean note, and one that apologises / explains / hedges.
PROFILES = {
    "clean": {"thanks": 0.3, "skills_addendum": 0.3, "other": 0.4},
    "mixed": {"thanks": 0.2, "skills_addendum": 0.15, "other": 0.2, "apology": 0.15,
              "over_explanation": 0.15, "hedging": 0.15},
}
CLEAN_SHARE = 0.4


def words(text: str) -> int:
    return len(text.split())


@dataclass
class Units:
    subjects: list[str]
    greetings: list[str]
    signoffs: list[str]
    body: dict[str, list[str]]  # label -> sentences carrying it (any labels)
    clean_body: dict[str, list[str]]  # label -> sentences whose labels are all clean
    all_body: list[str]


def load_units(path: Path = CORPUS) -> Units:
    """Sort corpus units into subject lines, greetings, sign-off blocks and body sentences."""
    subjects, greetings, signoffs, all_body = [], [], [], []
    body = {label: [] for label in BODY_LABELS}
    clean = {label: [] for label in CLEAN_LABELS}
    seen = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text, labels = row["text"].strip(), set(row["labels"])
        if not text or text in seen:
            continue
        seen.add(text)
        n = words(text)
        if _SUBJECT.match(text):
            subjects.append(text)
        elif "\n" in text:
            first = text.split("\n", 1)[0]
            if words(first) <= 5 and first.rstrip().endswith(","):
                signoffs.append(text)
        elif n <= 6 and text.endswith((",", ":")) and _GREETING.match(text):
            greetings.append(text)
        elif n >= 5 and _SENTENCE_END.search(text) and not _BULLET.match(text):
            all_body.append(text)
            for label in labels & set(BODY_LABELS):
                body[label].append(text)
                if labels <= CLEAN_LABELS:
                    clean[label].append(text)
    for name, pool in (("subject", subjects), ("greeting", greetings), ("sign-off", signoffs),
                       *((f"body/{k}", v) for k, v in body.items())):
        if not pool:
            raise SystemExit(f"bench: no {name} units found in {path}")
    return Units(subjects, greetings, signoffs, body, clean, all_body)


def _pick_label(rng: random.Random, weights: dict[str, float]) -> str:
    labels = list(weights)
    return rng.choices(labels, weights=[weights[k] for k in labels])[0]


def compose(rng: random.Random, units: Units) -> str:
    """One realistic note: optional subject, greeting, 4-10 body sentences in 1-4
    paragraphs, sign-off; 80-200 words in all."""
    for _ in range(200):
        profile = "clean" if rng.random() < CLEAN_SHARE else "mixed"
        pools = units.clean_body if profile == "clean" else units.body
        n = rng.randint(4, 10)
        chosen: list[str] = []
        if rng.random() < 0.85:  # most notes open with thanks; some open with the mistake
            chosen.append(rng.choice(pools["thanks"]))
        while len(chosen) < n:
            sentence = rng.choice(pools[_pick_label(rng, PROFILES[profile])])
            if sentence not in chosen:
                chosen.append(sentence)
        paragraphs, i = [], 0
        while i < len(chosen):
            size = rng.randint(1, 4)
            paragraphs.append(" ".join(chosen[i : i + size]))
            i += size
        head = [rng.choice(units.subjects)] if rng.random() < 0.5 else []
        text = "\n\n".join([*head, rng.choice(units.greetings), *paragraphs, rng.choice(units.signoffs)]) + "\n"
        if 80 <= words(text) <= 200:
            return text
    raise SystemExit("bench: could not compose an 80-200 word draft from the corpus")


def long_draft(rng: random.Random, units: Units, target_words: int) -> str:
    """A draft of about `target_words` words: greeting, body sentences repeated from the
    corpus in paragraphs of 3-5 sentences, sign-off."""
    greeting, signoff = rng.choice(units.greetings), rng.choice(units.signoffs)
    budget = target_words - words(greeting) - words(signoff)
    order = list(units.all_body)
    rng.shuffle(order)
    paragraphs, current, total, i = [], [], 0, 0
    size = rng.randint(3, 5)
    while total < budget:
        sentence = order[i % len(order)]
        i += 1
        current.append(sentence)
        total += words(sentence)
        if len(current) >= size:
            paragraphs.append(" ".join(current))
            current, size = [], rng.randint(3, 5)
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join([greeting, *paragraphs, signoff]) + "\n"


def write_set(folder: Path, drafts: list[str]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(drafts):
        (folder / f"draft-{i:05d}.txt").write_text(text, encoding="utf-8")
    return sum(words(t) for t in drafts)


# ---------------------------------------------------------------------------------------
# Measuring child processes


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    maxrss_mb: float
    returncode: int
    stderr_tail: str


# Every measured command is started by this tiny launcher, a fresh `python -S -I` process
# of about 8-10 MB, never by the benchmark itself. On Linux a child's ru_maxrss starts at
# the RSS high-water mark of the process that spawned it (it is carried across fork and
# exec), so a child spawned straight from this script would report at least this
# script's own peak (which grows with the drafts and the parsed JSON it holds). The
# launcher times posix_spawn -> wait4 and prints "wall cpu maxrss status". Given a time limit
# (seconds, 0 for none), it kills the command when the limit passes (status -9).
LAUNCHER = """\
import os, signal, sys, time
out, err, limit, cmd = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
W = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
           (os.POSIX_SPAWN_OPEN, 1, out, W, 0o644), (os.POSIX_SPAWN_OPEN, 2, err, W, 0o644)]
t0 = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=actions)
while True:
    done, status, ru = os.wait4(pid, os.WNOHANG if limit else 0)
    if done:
        break
    if time.perf_counter() - t0 > limit:
        os.kill(pid, signal.SIGKILL)
        done, status, ru = os.wait4(pid, 0)
        break
    time.sleep(0.02)
wall = time.perf_counter() - t0
print(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, os.waitstatus_to_exitcode(status))
"""
RSS_UNIT = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux


def this_checkout_env(bytecode: Path | None = None) -> dict[str, str]:
    """The environment for review-note's processes: this checkout's `reviewer` first on the
    path, so the bench measures the code beside it whatever copy pip installed.

    bytecode (Path | None): a folder for compiled bytecode, as a pip install has it: Python
    writes and reads every module's .pyc there (PYTHONPYCACHEPREFIX), even where the
    environment sets PYTHONDONTWRITEBYTECODE. None: the environment as it is.
    """
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


def measure(cmd: list[str], stdout_path: Path | None = None, timeout: float = 0, env: dict | None = None) -> Run:
    """Run `cmd` as a fresh process; its wall time, CPU time and peak RSS (os.wait4 gives
    the rusage of exactly that child, measured by LAUNCHER). With a timeout (seconds), the
    command is killed when it passes (returncode -9); `env` replaces the environment."""
    with tempfile.TemporaryDirectory(prefix="rn-bench-run-") as tmp:
        err_path = Path(tmp) / "stderr"
        out = str(stdout_path) if stdout_path else os.devnull
        proc = subprocess.run([sys.executable, "-S", "-I", "-c", LAUNCHER, out, str(err_path), str(timeout), *cmd],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"bench: could not start {cmd}: {proc.stderr.strip()}")
        wall, cpu, maxrss, status = proc.stdout.split()
        tail = err_path.read_bytes()[-1500:].decode("utf-8", "replace")
    return Run(float(wall), float(cpu), int(maxrss) / RSS_UNIT, int(status), tail)


def check(run: Run, cmd: list[str], ok=(0,)) -> Run:
    if run.returncode not in ok:
        raise SystemExit(f"bench: {' '.join(map(str, cmd))} exited {run.returncode}:\n{run.stderr_tail}")
    return run


def summarise(runs: list[Run]) -> dict:
    walls = [r.wall_s for r in runs]
    return {
        "runs": len(runs),
        "median_s": statistics.median(walls),
        "min_s": min(walls),
        "max_s": max(walls),
        "median_cpu_s": statistics.median(r.cpu_s for r in runs),
        "peak_rss_mb": statistics.median(r.maxrss_mb for r in runs),
        "peak_rss_mb_max": max(r.maxrss_mb for r in runs),
        "wall_s": walls,
    }


def script(name: str) -> str | None:
    """The real console script beside this interpreter (not a pyenv/asdf shim), else PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def review_note_cmd() -> list[str]:
    exe = script("review-note")
    return [exe] if exe else [sys.executable, "-m", "reviewer"]


def jobs_supported(rn: list[str]) -> bool:
    help_text = subprocess.run([*rn, "--help"], capture_output=True, text=True, check=False,
                               env=this_checkout_env()).stdout
    return "--jobs" in help_text


def proselint_cmd() -> tuple[list[str] | None, str | None]:
    """RETURNS: the command prefix to lint files (0.16+: `proselint check`, older:
    `proselint`), and the version string; (None, None) if not installed."""
    exe = script("proselint")
    if not exe:
        return None, None
    help_text = subprocess.run([exe, "--help"], capture_output=True, text=True, check=False).stdout
    if re.search(r"^\s+check\b", help_text, re.MULTILINE):
        version = subprocess.run([exe, "version"], capture_output=True, text=True, check=False).stdout
        return [exe, "check"], _version_number(version)
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout
    return [exe], _version_number(version)


def _version_number(text: str) -> str:
    found = re.search(r"\d+(?:\.\d+)+", text)
    return found.group(0) if found else text.strip() or "unknown"


# ---------------------------------------------------------------------------------------
# The four measurements


def bench_cold(args, one_draft: Path, rn: list[str], prose: list[str] | None, bytecode: Path) -> dict:
    cmds = {
        "review_note": [*rn, str(one_draft)],
        "review_note_no_model": [*rn, "--no-model", str(one_draft)],
        "import_spacy": [sys.executable, "-c", "import spacy"],
    }
    bytecode_set = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    if bytecode_set:  # this environment keeps review-note from caching its bytecode: show that too
        cmds["review_note_no_bytecode"] = [*rn, str(one_draft)]
    if prose:
        cmds["proselint"] = [*prose, str(one_draft)]
    ok = {"review_note": (0, 1), "review_note_no_model": (0, 1), "review_note_no_bytecode": (0, 1), "import_spacy": (0,),
          "proselint": (0, 1)}
    runs: dict[str, list[Run]] = {k: [] for k in cmds}
    env = {name: None for name in cmds}
    env.update(review_note=this_checkout_env(bytecode), review_note_no_model=this_checkout_env(bytecode))
    if bytecode_set:
        env["review_note_no_bytecode"] = this_checkout_env()
    for name, cmd in cmds.items():  # one discarded warm-up each: page cache, .pyc files
        check(measure(cmd, env=env[name]), cmd, ok[name])
    for _ in range(args.cold_runs):
        for name, cmd in cmds.items():  # interleaved, so drift hits every command alike
            runs[name].append(check(measure(cmd, env=env[name]), cmd, ok[name]))
    result = {"draft_words": words(one_draft.read_text(encoding="utf-8")),
              "commands": {k: " ".join(v) for k, v in cmds.items()}}
    for name in cmds:
        result[name] = summarise(runs[name])
    if not prose:
        result["proselint"] = None
    rn_s, floor_s = result["review_note"]["median_s"], result["import_spacy"]["median_s"]
    result["ratio_review_note_to_import_spacy"] = rn_s / floor_s
    result["ratio_of_fastest_runs"] = result["review_note"]["min_s"] / result["import_spacy"]["min_s"]
    result["ratio_review_note_to_proselint"] = rn_s / result["proselint"]["median_s"] if prose else None
    if bytecode_set:
        result["ratio_no_bytecode_to_import_spacy"] = result["review_note_no_bytecode"]["median_s"] / floor_s
    result["target_ratio"] = TARGET_COLD_RATIO
    result["meets_target"] = rn_s / floor_s <= TARGET_COLD_RATIO
    return result


def bench_batch(args, sets: dict[int, dict], rn: list[str], prose: list[str] | None,
                prose_subset: dict | None, jobs: bool, workdir: Path) -> dict:
    out_json = workdir / "review-note-out.json"
    out_ceiling = workdir / "ceiling-out.json"
    result: dict = {"jobs": "implemented" if jobs else "not implemented", "cpus": os.cpu_count(), "sizes": {}}
    env = this_checkout_env(workdir / "bytecode")
    for size, info in sets.items():
        folder = info["folder"]
        # review_note: one process (--jobs 1); review_note_default: the plain command, as a
        # user runs it (every core, when --jobs exists and defaults to that).
        plain = [*rn, "--format", "json", "--fail-on", "never", str(folder)]
        cmds = {"review_note": [*rn, "--jobs", "1", *plain[len(rn):]] if jobs else plain}
        if jobs:
            cmds["review_note_default"] = plain
        # What the classifier costs: the same run without it (the rules alone).
        cmds["review_note_no_model"] = [*cmds["review_note"][: len(rn)], "--no-model", *cmds["review_note"][len(rn):]]
        cmds["spacy_ceiling"] = [sys.executable, str(CEILING_SCRIPT), str(folder)]
        runs: dict[str, list[Run]] = {k: [] for k in cmds}
        findings: dict[str, int] = {}
        ceiling_phases = []
        for _ in range(args.repeat):
            for name, cmd in cmds.items():
                out = out_ceiling if name == "spacy_ceiling" else out_json
                runs[name].append(check(measure(cmd, out, env=None if name == "spacy_ceiling" else env), cmd))
                if name == "spacy_ceiling":
                    ceiling_phases.append(json.loads(out.read_text()))
                else:
                    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
                    if summary["files"] != size or summary["errors"]:
                        raise SystemExit(f"bench: {name} checked {summary['files']} files with "
                                         f"{summary['errors']} errors; expected {size} and 0")
                    same = "review_note_no_model" if name == "review_note_no_model" else "review_note"  # --jobs: same output
                    if findings.setdefault(same, summary["findings"]) != summary["findings"]:
                        raise SystemExit(f"bench: {name} found {summary['findings']} findings, "
                                         f"another run {findings[same]}: runs must agree")
        entry = {"drafts": size, "words": info["words"], "commands": {k: " ".join(v) for k, v in cmds.items()}}
        for name in cmds:
            s = summarise(runs[name])
            s["drafts_per_s"] = size / s["median_s"]
            s["words_per_s"] = info["words"] / s["median_s"]
            entry[name] = s
        for name, count in findings.items():
            entry[name]["findings"] = count
        entry["spacy_ceiling"]["phases_median_s"] = {
            k: statistics.median(p[k] for p in ceiling_phases) for k in ("import_s", "build_s", "read_s", "pipe_s")
        }
        pipe_s = entry["spacy_ceiling"]["phases_median_s"]["pipe_s"]
        entry["spacy_ceiling"]["pipe_only_drafts_per_s"] = size / pipe_s if pipe_s else None
        if prose_subset is not None:
            m, s = prose_subset["drafts"], prose_subset["summary"]
            rate = m / s["median_s"]
            entry["proselint"] = {**s, "timed_drafts": m, "extrapolated": m < size,
                                  "drafts_per_s": rate, "words_per_s": prose_subset["words"] / s["median_s"],
                                  "estimated_s_for_all": size / rate, "command": prose_subset["command"],
                                  "output_lines": prose_subset["output_lines"]}
        else:
            entry["proselint"] = None
        entry["ratio_ceiling_to_review_note"] = (entry["spacy_ceiling"]["drafts_per_s"]
                                                 / entry["review_note"]["drafts_per_s"])
        default = entry.get("review_note_default", entry["review_note"])
        entry["ratio_default_to_one_process"] = default["drafts_per_s"] / entry["review_note"]["drafts_per_s"]
        if entry["proselint"] is not None:
            prose_rate = entry["proselint"]["drafts_per_s"]
            entry["ratio_one_process_to_proselint"] = entry["review_note"]["drafts_per_s"] / prose_rate
            entry["ratio_default_to_proselint"] = default["drafts_per_s"] / prose_rate
            entry["ratio_no_model_to_proselint"] = entry["review_note_no_model"]["drafts_per_s"] / prose_rate
        result["sizes"][str(size)] = entry
    return result


def batch_targets(batch: dict) -> dict:
    """The batch targets, judged on REFERENCE_SIZE drafts (else the largest size run):
    throughput against proselint, one process and default; peak memory, smallest to largest."""
    sizes = sorted(batch["sizes"], key=int)
    ref = str(REFERENCE_SIZE) if str(REFERENCE_SIZE) in batch["sizes"] else sizes[-1]
    entry = batch["sizes"][ref]
    out: dict = {"reference_size": int(ref)}
    for key, target in (("one_process", TARGET_ONE_PROCESS_VS_PROSELINT), ("default", TARGET_DEFAULT_VS_PROSELINT)):
        ratio = entry.get(f"ratio_{key}_to_proselint")
        out[f"{key}_vs_proselint"] = {"ratio": ratio, "target": target, "met": ratio is not None and ratio >= target}
    if len(sizes) >= 2:
        small, large = batch["sizes"][sizes[0]], batch["sizes"][sizes[-1]]
        memory = {"sizes": [int(sizes[0]), int(sizes[-1])], "target_ratio": TARGET_MEMORY_GROWTH}
        for key in ("review_note", "review_note_default"):
            if key in small and key in large:
                a, b = small[key]["peak_rss_mb"], large[key]["peak_rss_mb"]
                memory[key] = {"peak_rss_mb": [a, b], "ratio": b / a}
        memory["met"] = all(memory[k]["ratio"] <= TARGET_MEMORY_GROWTH
                            for k in ("review_note", "review_note_default") if k in memory)
        out["memory_flat"] = memory
    return out


def steady_rates(batch: dict, cold: dict) -> dict | None:
    """Drafts/s with start-up taken out, for the per-draft cost alone (shown beside the targets,
    which are judged as specified, start-up included). review-note: the extra drafts of the
    largest size over the smallest, divided by the extra time. proselint (timed on one size
    only): its drafts over its batch time less its cold start on one draft."""
    sizes = sorted(batch["sizes"], key=int)
    if len(sizes) < 2 or not cold.get("proselint"):
        return None
    small, large = batch["sizes"][sizes[0]], batch["sizes"][sizes[-1]]
    prose = small.get("proselint")
    if prose is None:
        return None
    extra = int(sizes[-1]) - int(sizes[0])
    out: dict = {"sizes": [int(sizes[0]), int(sizes[-1])]}
    work = prose["median_s"] - cold["proselint"]["median_s"]
    out["proselint"] = prose["timed_drafts"] / work if work > 0 else None
    for key in ("review_note", "review_note_default", "review_note_no_model"):
        if key in small and key in large and large[key]["median_s"] > small[key]["median_s"]:
            rate = extra / (large[key]["median_s"] - small[key]["median_s"])
            out[key] = {"drafts_per_s": rate, "ms_per_draft": 1000 / rate,
                        "ratio_to_proselint": rate / out["proselint"] if out["proselint"] else None}
    return out


def bench_proselint_subset(args, drafts: list[str], prose: list[str], workdir: Path) -> dict:
    """proselint on the first `--proselint-subset` drafts (shared by every size)."""
    largest = max(args.sizes)
    m = largest if args.proselint_subset <= 0 else min(args.proselint_subset, largest)
    folder = workdir / f"proselint-{m}"
    total = write_set(folder, drafts[:m])
    cmd = [*prose, str(folder)]
    out = workdir / "proselint-out.txt"
    check(measure(cmd), cmd, (0, 1))  # warm-up
    runs = [check(measure(cmd, out), cmd, (0, 1)) for _ in range(args.repeat)]
    findings = sum(1 for line in out.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip())
    return {"drafts": m, "words": total, "summary": summarise(runs), "command": " ".join(cmd),
            "output_lines": findings}


def _time_calls(review, texts: list[str]) -> list[float]:
    out = []
    for text in texts:
        t0 = time.perf_counter()
        review(text)
        out.append(time.perf_counter() - t0)
    return out


def _latency(times: list[float]) -> dict:
    ms = sorted(t * 1000 for t in times)
    return {"calls": len(ms), "median_ms": statistics.median(ms), "p90_ms": ms[int(0.9 * (len(ms) - 1))],
            "mean_ms": statistics.fmean(ms), "min_ms": ms[0], "max_ms": ms[-1]}


def bench_warm(args, one_text: str, drafts: list[str]) -> dict:
    from reviewer.engine import review

    t0 = time.perf_counter()
    review(one_text)  # builds the pipeline, loads the classifier
    first_call_s = time.perf_counter() - t0
    _time_calls(review, [one_text] * 10)
    per_repeat = [_latency(_time_calls(review, [one_text] * args.warm_calls)) for _ in range(args.repeat)]
    same = {
        "draft_words": words(one_text),
        "median_ms": statistics.median(r["median_ms"] for r in per_repeat),
        "p90_ms": statistics.median(r["p90_ms"] for r in per_repeat),
        "calls_per_repeat": args.warm_calls,
        "repeats": per_repeat,
    }
    varied_texts = drafts[: args.warm_calls]
    varied = _latency(_time_calls(review, varied_texts))
    varied["mean_words"] = statistics.fmean(words(t) for t in varied_texts)
    dev: dict = {"status": f"n/a ({SHARED_DRAFTS} not found)"}
    if SHARED_DRAFTS.exists():
        texts = [json.loads(line)["text"] for line in SHARED_DRAFTS.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        dev = _latency(_time_calls(review, texts))
        dev["mean_words"] = statistics.fmean(words(t) for t in texts)
        dev["status"] = "measured"
    return {
        "first_call_s": first_call_s,
        "same_draft": same,
        "varied_drafts": varied,
        "dev_drafts": dev,
        "target_ms": TARGET_WARM_MS,
        "meets_target": same["median_ms"] < TARGET_WARM_MS,
    }


def bench_scaling(args, units: Units) -> dict:
    import resource

    from reviewer.engine import review

    rng = random.Random(args.seed + 1)
    rows = []
    for target in args.lengths:
        text = long_draft(rng, units, target)
        n = words(text)
        calls = max(args.repeat, 20 if target <= 1000 else 5 if target <= 10000 else 1)
        try:
            times, found, partial = [], None, False
            for _ in range(calls):
                t0 = time.perf_counter()
                report = review(text)
                times.append(time.perf_counter() - t0)
                found, partial = len(report.findings), report.unreviewed > 0
        except (ValueError, MemoryError) as exc:  # e.g. spaCy's max_length (E088); reported, not fatal
            rows.append({"target_words": target, "words": n, "error": f"{type(exc).__name__}: {exc}"})
            continue
        med = statistics.median(times)
        rows.append({"target_words": target, "words": n, "chars": len(text), "calls": calls, "median_s": med,
                     "ms_per_1k_words": med / n * 1e6, "findings": found, "times_s": times,
                     "reviewed_in_part": partial})
    ok = [r for r in rows if "error" not in r and not r["reviewed_in_part"]]  # past the review limit: not comparable
    result: dict = {"lengths": rows, "target_ratio": TARGET_SCALING_RATIO}
    if len(ok) >= 2:
        small, large = ok[0], ok[-1]
        ratio = large["ms_per_1k_words"] / small["ms_per_1k_words"]
        result["per_word_ratio_largest_to_smallest"] = ratio
        if len(ok) >= 3:  # the smallest draft carries per-call overhead; compare from the second too
            result["per_word_ratio_largest_to_second"] = large["ms_per_1k_words"] / ok[1]["ms_per_1k_words"]
        result["roughly_linear"] = ratio <= TARGET_SCALING_RATIO
    result["bench_process_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / RSS_UNIT
    return result


# ---------------------------------------------------------------------------------------
# Report


def _f(value, spec=".2f", unit="") -> str:
    return "n/a" if value is None else f"{value:{spec}}{unit}"


def print_table(res: dict) -> None:
    p = print
    meta = res["meta"]
    p(f"\nreview-note {meta['review_note_version']} bench  ({meta['cpus']} CPUs, Python {meta['python']}, "
      f"spaCy {meta['spacy']}, proselint {meta['proselint'] or 'n/a'}; repeat {meta['repeat']}, seed {meta['seed']})")
    cold = res["cold_start"]
    p(f"\n1. Cold start: one {cold['draft_words']}-word draft, fresh process, median of {cold['review_note']['runs']}")
    p(f"   {'command':<34}{'median s':>10}{'min s':>9}{'peak RSS MB':>13}")
    for key, label in (("review_note", "review-note"), ("review_note_no_model", "review-note --no-model"),
                       ("review_note_no_bytecode", "review-note, bytecode not cached"),
                       ("import_spacy", 'python -c "import spacy" (floor)'), ("proselint", "proselint")):
        if key == "review_note_no_bytecode" and key not in cold:
            continue
        s = cold.get(key)
        if s is None:
            p(f"   {label:<34}{'n/a':>10}")
        else:
            p(f"   {label:<34}{s['median_s']:>10.3f}{s['min_s']:>9.3f}{s['peak_rss_mb']:>13.0f}")
    r = cold["ratio_review_note_to_import_spacy"]
    p(f"   ratio review-note / import spacy: {r:.2f}  (target <= {TARGET_COLD_RATIO}: "
      f"{'met' if cold['meets_target'] else 'MISSED'}; fastest runs: {cold['ratio_of_fastest_runs']:.2f})")
    if "ratio_no_bytecode_to_import_spacy" in cold:
        p(f"   (review-note runs with its bytecode cached, as a pip install has it; this environment sets "
          f"PYTHONDONTWRITEBYTECODE: uncached, the ratio is {cold['ratio_no_bytecode_to_import_spacy']:.2f})")
    p(f"   ratio review-note / proselint:    {_f(cold['ratio_review_note_to_proselint'])}")

    batch = res["batch"]
    mode = (f"--jobs 1, and the default: every core ({batch['cpus']})" if batch["jobs"] == "implemented"
            else "--jobs: not implemented; one process only")
    p(f"\n2. Batch: one fresh process per run over a folder, median of {meta['repeat']}  ({mode})")
    p(f"   {'drafts':>7}  {'tool':<32}{'median s':>10}{'min s':>8}{'drafts/s':>10}{'words/s':>10}{'peak RSS MB':>13}")
    for size, e in batch["sizes"].items():
        rows = [("review_note", "review-note --jobs 1" if "review_note_default" in e else "review-note --format json")]
        if "review_note_default" in e:
            rows.append(("review_note_default", "review-note (default)"))
        if "review_note_no_model" in e:
            rows.append(("review_note_no_model", "  ... --jobs 1 --no-model" if "review_note_default" in e else "  ... --no-model"))
        rows += [("spacy_ceiling", "spaCy blank+sentencizer (ceil.)"), ("proselint", "proselint")]
        for key, label in rows:
            s = e.get(key)
            if s is None:
                p(f"   {size:>7}  {label:<32}{'n/a':>10}")
                continue
            extra = ""
            if key == "proselint" and s["extrapolated"]:
                label = f"proselint (first {s['timed_drafts']}, extrapol.)"
                extra = f"   est. {s['estimated_s_for_all']:.1f} s for all {size}"
            med, low = f"{s['median_s']:.2f}", f"{s['min_s']:.2f}"
            if key == "proselint" and s["extrapolated"]:
                med = low = "-"
            p(f"   {size:>7}  {label:<32}{med:>10}{low:>8}{s['drafts_per_s']:>10.1f}{s['words_per_s']:>10.0f}"
              f"{s['peak_rss_mb']:>13.0f}{extra}")
        pipe = e["spacy_ceiling"]["pipe_only_drafts_per_s"]
        p(f"   {'':>7}  ceiling / review-note: {e['ratio_ceiling_to_review_note']:.1f}x; spaCy nlp.pipe alone "
          f"(no import/read): {_f(pipe, '.0f')} drafts/s; review-note findings: {e['review_note']['findings']}")
        if "ratio_one_process_to_proselint" in e:
            p(f"   {'':>7}  vs proselint: --jobs 1 {e['ratio_one_process_to_proselint']:.2f}x, "
              f"default {e['ratio_default_to_proselint']:.2f}x, --jobs 1 --no-model {e['ratio_no_model_to_proselint']:.2f}x; "
              f"default / --jobs 1: {e['ratio_default_to_one_process']:.2f}x")
    if batch["jobs"] == "not implemented":
        p("   --jobs: not implemented")
    t = batch["targets"]
    ref = t["reference_size"]
    for key, label in (("one_process", "review-note --jobs 1"), ("default", "review-note (default)")):
        x = t[f"{key}_vs_proselint"]
        p(f"   {label + ' / proselint, drafts/s, ' + str(ref) + ' drafts:':<52}{_f(x['ratio'], '.2f', 'x'):>7}  "
          f"(target >= {x['target']:.0f}x: {'met' if x['met'] else 'MISSED'})")
    steady = batch.get("steady")
    if steady:
        a, b = steady["sizes"]
        parts = [f"{label} {steady[k]['drafts_per_s']:.0f}/s ({steady[k]['ms_per_draft']:.2f} ms a draft, "
                 f"{_f(steady[k]['ratio_to_proselint'], '.2f', 'x')})"
                 for k, label in (("review_note", "--jobs 1"), ("review_note_default", "default"),
                                  ("review_note_no_model", "--jobs 1 --no-model")) if k in steady]
        p(f"   start-up left out (drafts {a} -> {b}; proselint less its cold start, "
          f"{_f(steady['proselint'], '.0f')}/s): {'; '.join(parts)}")
    if "memory_flat" in t:
        m = t["memory_flat"]
        parts = [f"{'--jobs 1' if k == 'review_note' else 'default'} {m[k]['peak_rss_mb'][0]:.0f} -> "
                 f"{m[k]['peak_rss_mb'][1]:.0f} MB ({m[k]['ratio']:.2f})" for k in ("review_note", "review_note_default") if k in m]
        p(f"   peak RSS, {m['sizes'][0]} -> {m['sizes'][1]} drafts: {'; '.join(parts)}  "
          f"(target <= {m['target_ratio']:.2f}: {'met' if m['met'] else 'MISSED'})")

    warm = res["warm"]
    same = warm["same_draft"]
    p(f"\n3. Warm latency, reviewer.review() with the pipeline loaded (first call {warm['first_call_s']:.2f} s)")
    p(f"   same {same['draft_words']}-word draft x {same['calls_per_repeat']}: median {same['median_ms']:.2f} ms, "
      f"p90 {same['p90_ms']:.2f} ms  (target < {TARGET_WARM_MS:.0f} ms: "
      f"{'met' if warm['meets_target'] else 'MISSED'})")
    v = warm["varied_drafts"]
    p(f"   {v['calls']} different drafts (mean {v['mean_words']:.0f} words): median {v['median_ms']:.2f} ms, "
      f"p90 {v['p90_ms']:.2f} ms")
    d = warm["dev_drafts"]
    if d.get("status") == "measured":
        p(f"   {d['calls']} shared dev drafts (mean {d['mean_words']:.0f} words): median {d['median_ms']:.2f} ms, "
          f"p90 {d['p90_ms']:.2f} ms")
    else:
        p(f"   shared dev drafts: {d['status']}")

    sc = res["scaling"]
    p("\n4. Scaling with draft length, reviewer.review() warm")
    p(f"   {'words':>8}{'calls':>7}{'median s':>11}{'ms / 1k words':>15}{'findings':>10}")
    for row in sc["lengths"]:
        if "error" in row:
            p(f"   {row['words']:>8}  error: {row['error']}")
        else:
            p(f"   {row['words']:>8}{row['calls']:>7}{row['median_s']:>11.4f}{row['ms_per_1k_words']:>15.2f}"
              f"{row['findings']:>10}" + ("  (past the review limit: only its start reviewed)" if row.get("reviewed_in_part") else ""))
    if "per_word_ratio_largest_to_smallest" in sc:
        extra = (f"; largest/second {sc['per_word_ratio_largest_to_second']:.2f}"
                 if "per_word_ratio_largest_to_second" in sc else "")
        p(f"   per-word time, largest/smallest: {sc['per_word_ratio_largest_to_smallest']:.2f}{extra}  "
          f"({'roughly linear' if sc['roughly_linear'] else 'WORSE than linear'}; "
          f"threshold {TARGET_SCALING_RATIO})")

    t = res["targets"]
    p("\nTargets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in t.items()))


# ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    def ints(text: str) -> list[int]:
        return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=ints, help="batch sizes in drafts, comma-separated (default 1000,10000; quick 20)")
    ap.add_argument("--lengths", type=ints,
                    help="draft lengths in words for the scaling run (default 100,1000,3000,7000; quick 100,1000); "
                         "past the review limit (50,000 characters, about 8,000 words) only the start is reviewed")
    ap.add_argument("--repeat", type=int, help="runs per measurement; medians are reported (default 3; quick 1)")
    ap.add_argument("--cold-runs", type=int, help="fresh-process runs per cold-start command (default 10; quick 3)")
    ap.add_argument("--warm-calls", type=int, help="library calls per warm-latency repeat (default 200; quick 50)")
    ap.add_argument("--proselint-subset", type=int,
                    help="time proselint on only this many drafts and extrapolate; 0 = all (default 1000; quick 20)")
    ap.add_argument("--no-proselint", action="store_true", help="skip proselint even if it is installed")
    ap.add_argument("--quick", action="store_true", help="tiny smoke run (sizes 20, lengths <= 1,000, repeat 1)")
    ap.add_argument("--seed", type=int, default=20240917, help="seed for composing drafts (default %(default)s)")
    ap.add_argument("--workdir", type=Path, help="write the drafts here and keep them (default: a temp folder, removed)")
    ap.add_argument("--out", type=Path, default=BENCH / "results.json", help="results file (default bench/results.json)")
    args = ap.parse_args(argv)
    quick = args.quick
    defaults = {"sizes": [20] if quick else [1000, 10000],
                "lengths": [100, 1000] if quick else [100, 1000, 3000, 7000],
                "repeat": 1 if quick else 3, "cold_runs": 3 if quick else 10,
                "warm_calls": 50 if quick else 200, "proselint_subset": 20 if quick else REFERENCE_SIZE}
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if min(args.sizes) < 1 or args.repeat < 1 or args.cold_runs < 1 or args.warm_calls < 1 or min(args.lengths) < 20:
        ap.error("sizes, repeat, cold runs and warm calls must be >= 1, lengths >= 20")
    args.sizes = sorted(set(args.sizes))
    args.lengths = sorted(set(args.lengths))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still remove the temp folder
    started = time.perf_counter()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    rn = review_note_cmd()
    prose, prose_version = (None, None) if args.no_proselint else proselint_cmd()
    jobs = jobs_supported(rn)

    units = load_units()
    rng = random.Random(args.seed)
    drafts = [compose(rng, units) for _ in range(max(args.sizes))]
    counts = [words(t) for t in drafts]
    one_text = drafts[min(range(len(drafts)), key=lambda i: (abs(counts[i] - 150), i))]  # ~150 words

    tmp = None
    if args.workdir:
        workdir = args.workdir.resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="review-note-bench-")
        workdir = Path(tmp.name)
    try:
        one_draft = workdir / "one-draft.txt"
        one_draft.write_text(one_text, encoding="utf-8")
        sets = {}
        for size in args.sizes:
            folder = workdir / f"drafts-{size}"
            sets[size] = {"folder": folder, "words": write_set(folder, drafts[:size])}
        print(f"bench: {len(drafts)} drafts ({min(counts)}-{max(counts)} words, mean "
              f"{statistics.fmean(counts):.0f}) in {workdir}", file=sys.stderr)

        print("bench: 1/4 cold start", file=sys.stderr)
        cold = bench_cold(args, one_draft, rn, prose, workdir / "bytecode")
        prose_note = None
        if prose and args.quick and cold["proselint"]["median_s"] > QUICK_PROSELINT_MAX_S:
            prose_note = f"batch skipped in --quick: cold start {cold['proselint']['median_s']:.1f} s"
        print("bench: 2/4 batch", file=sys.stderr)
        subset = bench_proselint_subset(args, drafts, prose, workdir) if prose and not prose_note else None
        batch = bench_batch(args, sets, rn, prose, subset, jobs, workdir)
        batch["targets"] = batch_targets(batch)
        batch["steady"] = steady_rates(batch, cold)
        if prose_note:
            batch["proselint_note"] = prose_note
        print("bench: 3/4 warm latency", file=sys.stderr)
        warm = bench_warm(args, one_text, drafts)
        print("bench: 4/4 scaling", file=sys.stderr)
        scaling = bench_scaling(args, units)
    finally:
        if tmp is not None:
            tmp.cleanup()

    import spacy

    from reviewer import __version__

    results = {
        "schema": SCHEMA,
        "meta": {
            "argv": [sys.executable, *sys.argv],
            "command": " ".join(["python bench/run.py", *(sys.argv[1:] if argv is None else argv)]),
            "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "review_note_version": __version__,
            "review_note_command": " ".join(rn),
            "spacy": spacy.__version__,
            "proselint": prose_version,
            "quick": args.quick,
            "repeat": args.repeat,
            "seed": args.seed,
            "duration_s": None,
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg() if hasattr(os, "getloadavg") else None,
            "env": {k: os.environ.get(k) for k in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "OMP_NUM_THREADS")},
        },
        "drafts": {
            "source": str(CORPUS.relative_to(REPO)),
            "count": len(drafts),
            "words_min": min(counts),
            "words_max": max(counts),
            "words_mean": statistics.fmean(counts),
            "sizes": {str(k): {"drafts": k, "words": v["words"]} for k, v in sets.items()},
        },
        "cold_start": cold,
        "batch": batch,
        "warm": warm,
        "scaling": scaling,
        "targets": {
            "cold_start_ratio": cold["meets_target"],
            "warm_latency": warm["meets_target"],
            "scaling_linear": scaling.get("roughly_linear", False),
            "one_process_3x_proselint": batch["targets"]["one_process_vs_proselint"]["met"],
            "default_5x_proselint": batch["targets"]["default_vs_proselint"]["met"],
            **({"memory_flat": batch["targets"]["memory_flat"]["met"]} if "memory_flat" in batch["targets"] else {}),
        },
    }
    results["meta"]["duration_s"] = time.perf_counter() - started
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {args.out} ({results['meta']['duration_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
