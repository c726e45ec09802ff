"""The application: review a batch of drafts, report, and decide the exit status."""

from __future__ import annotations

import contextlib
import enum
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace

from reviewer.config import Config
from reviewer.documents import Document, Input, InputError, expand, read
from reviewer.report import LINE_FORMATS, FileResult, Summary, get_formatter, statistics
from reviewer.textutil import REVIEW_LIMIT, visible

UNREVIEWED_CODE = "RN405"  # too-long-to-review: says when a draft was reviewed only in part


class ExitStatus(enum.IntEnum):
    """Stable exit codes."""

    CLEAN = 0  # no finding at or above the failing severity
    FINDINGS = 1  # findings at or above the failing severity
    ERROR = 2  # usage, configuration or input error (the rest of a batch is still checked)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


@dataclass
@dataclass(frozen=True)
class SuggestOptions:
    """What the user asked of the suggested rewrite."""

    job: str | None = None
    add: str | None = None
    diff: bool = False  # print the suggestion as a unified diff of each draft
    output: str | None = None  # write the suggested note to this new file
    force: bool = False  # allow --output to replace an existing file
    in_place: bool = False  # replace the draft, keeping the original as <name>.orig


def review_sources(sources: Iterator[Input], config: Config, suggest: SuggestOptions | None = None) -> Iterator[FileResult]:
    """Review drafts from many sources in order, streaming through one spaCy pipe."""
    from reviewer.engine import review_pairs
    from reviewer.rules.families import MISTAKE_FAMILIES

    def pairs() -> Iterator[tuple[str | None, Document | FileResult]]:
        for source in sources:
            try:
                draft = read(source, config.max_bytes)
            except InputError as exc:
                yield None, FileResult(_display(source.name), error=str(exc))
                continue
            yield draft.text, draft

    for report, item in review_pairs(pairs(), config):
        if report is None:
            yield item
            continue
        suggestion = None
        if suggest is not None:
            from reviewer.rewrite import suggest as make_suggestion

            suggestion = make_suggestion(item.text, report, config, suggest.job, suggest.add).to_dict()
        learned = ()
        if any(f.family in MISTAKE_FAMILIES for f in report.findings):  # else no lessons, and their patterns stay uncompiled
            from reviewer.lessons import lessons_for

            learned = lessons_for(item.text, report, config, suggest.job if suggest is not None else None)
        yield FileResult(_display(item.name), item.locate(report.findings), item.encoding, report.body_words,
                         suggestion=suggestion, text=item.original if item.original is not None else item.text,
                         plain=item.original is None, lessons=learned, unreviewed=report.unreviewed)


_CHUNK = 32  # drafts a worker takes at a time, at most
# A batch under this many drafts stays in one process: starting workers (and handing results
# back) costs more than they save, and a single draft's start-up must not grow.
MIN_PARALLEL_DRAFTS = 64


def available_cores() -> int:
    """RETURNS (int): the CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(drafts: int, jobs: int | None) -> int:
    """How many processes review a batch (1: this one, no workers).

    drafts (int): the batch's size. jobs (int | None): --jobs; None (the default) is one
    worker per core, as ruff does.
    RETURNS (int): `jobs` or the cores, but 1 for a batch under MIN_PARALLEL_DRAFTS and never
    more than one per draft.
    """
    wanted = available_cores() if jobs is None else jobs
    if drafts < MIN_PARALLEL_DRAFTS:
        return 1
    return max(1, min(wanted, drafts))


def _review_chunk(args: tuple[list[Input], Config, SuggestOptions | None]) -> list[FileResult]:
    sources, config, suggest = args
    return list(review_sources(iter(sources), config, suggest))


def _chunk_size(drafts: int, jobs: int) -> int:
    # At least four chunks a worker (so none sits idle at the end), at most _CHUNK drafts each.
    return max(1, min(_CHUNK, -(-drafts // (jobs * 4))))


def _chunks(sources: Iterator[Input], size: int) -> Iterator[list[Input]]:
    chunk: list[Input] = []
    for source in sources:
        chunk.append(source)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def review_parallel(sources: list[Input], config: Config, suggest: SuggestOptions | None, jobs: int) -> Iterator[FileResult]:
    """Like review_sources, in `jobs` worker processes; results keep the input order."""
    if jobs <= 1:
        yield from review_sources(iter(sources), config, suggest)
        return
    import multiprocessing

    from reviewer.engine import prepare

    prepare(config)  # pipeline, classifier, phrase lists: loaded once here; forked workers share them
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_ignore_interrupts) as pool:  # leaving the block terminates the workers
        work = ((chunk, config, suggest) for chunk in _chunks(iter(sources), _chunk_size(len(sources), jobs)))
        for results in pool.imap(_review_chunk, work):
            yield from results


@contextlib.contextmanager
def _interrupt_between_drafts(stop: list):
    """While the batch runs, Ctrl-C (SIGINT) only asks to stop; the loop stops between two
    drafts, so the report and its summary list the same files."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: stop.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the batch and terminates the
    # workers, which must not each print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def notice(err, message: str) -> None:
    """Write one line on stderr, `review-note: MESSAGE`, with its control characters shown as
    escapes: a message may quote a file name, which may hold any character, and must stay one
    inert line (no terminal escape, no forged line)."""
    err.write(f"review-note: {visible(message)}\n")


def _display(name: str) -> str:
    return "<stdin>" if name == "-" else name


def run(
    arguments: list[str],
    config: Config,
    output_format: str = "text",
    color: bool = False,
    out=None,
    err=None,
    suggest: SuggestOptions | None = None,
    jobs: int | None = 1,
    progress: bool = False,
    quiet: int = 0,
    show_statistics: bool = False,
    lessons: bool = True,
) -> ExitStatus:
    """Check the drafts named by `arguments` and write the report.

    jobs (int | None): worker processes; None: one per core (see worker_count), 1: this process only.
    quiet (int): 1 keeps only the summary line (text and concise formats), 2 writes nothing to `out`.
    show_statistics (bool): after the report, count the findings by rule (text and concise formats).
    RETURNS (ExitStatus): the process exit status.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    from reviewer.engine import settings_for

    settings_for(config)  # unknown rules, bad phrases: a ConfigError before any output
    terminal_out = out
    if quiet >= 2:
        out = _Discard()  # exit status only
    name = "diff" if suggest is not None and suggest.diff else output_format
    formatter = get_formatter(name, out, color, quiet)
    errors_in_report = getattr(formatter, "reports_errors", False)
    summary = Summary()
    failing = False
    formatter.start()
    suggestions: list[FileResult] = []
    sources = list(expand(arguments)) if (progress or jobs != 1) else expand(arguments)
    if jobs != 1:
        jobs = 1 if any(source.name == "-" for source in sources) else worker_count(len(sources), jobs)  # stdin: read here
    results = review_parallel(sources, config, suggest, jobs) if jobs > 1 else review_sources(iter(sources), config, suggest)
    bar = None
    if progress and name in LINE_FORMATS and not quiet and _same_terminal(terminal_out, err):
        progress = False  # a bar between the findings on the same screen runs into them
    if progress and len(sources) > 5 and getattr(err, "isatty", lambda: False)():
        import click

        bar = click.progressbar(length=len(sources), file=err, label="Checking drafts", show_pos=True)
        bar.__enter__()
    stop: list = []
    try:
        with _interrupt_between_drafts(stop):
            for result in results:
                if bar is not None:
                    bar.update(1)
                if not lessons:  # --no-lessons
                    result = replace(result, lessons=None)
                if result.suggestion is not None and suggest is not None and (suggest.output or suggest.in_place):
                    suggestions.append(result)  # kept only to be written; at most two are needed
                    if len(suggestions) > 2:
                        suggestions.pop()
                summary.add(result)
                if result.error and not errors_in_report:
                    notice(err, f"{result.path}: {result.error}")
                elif result.encoding == "cp1252":
                    notice(err, f"{result.path}: not UTF-8; read as Windows-1252 (cp1252)")
                if result.unreviewed and not any(f.code == UNREVIEWED_CODE for f in result.findings):
                    notice(err, f"{result.path}: the last {result.unreviewed:,} characters were not reviewed (over the "
                                f"{REVIEW_LIMIT:,}-character review limit; {UNREVIEWED_CODE} is off)")
                failing = failing or any(f.severity >= config.fail_on for f in result.findings)
                formatter.file(result)
                if stop:
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        summary.interrupted = True  # the report still closes, saying the run was cut short
        raise
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # a worker pool is terminated now, not when the generator is collected
        if bar is not None:
            bar.__exit__(None, None, None)
        formatter.finish(summary)
    if show_statistics and name in LINE_FORMATS and quiet < 2:
        out.write(statistics(summary) + "\n")
    if suggest is not None and (suggest.output or suggest.in_place) and not summary.errors:
        if not _write_suggestion(suggestions, suggest, err):
            return ExitStatus.ERROR
    if summary.errors:
        return ExitStatus.ERROR
    if suggest is not None and suggest.diff:  # as black --diff --check: 1 when a draft would change
        return ExitStatus.FINDINGS if formatter.changed else ExitStatus.CLEAN
    return ExitStatus.FINDINGS if failing else ExitStatus.CLEAN


class _Discard(io.TextIOBase):
    """A text stream that keeps nothing (for -qq)."""

    def write(self, text: str) -> int:
        return len(text)


def _same_terminal(out, err) -> bool:
    """Whether `out` and `err` are both terminals, and (when it can be told) the same one."""
    if not (getattr(out, "isatty", lambda: False)() and getattr(err, "isatty", lambda: False)()):
        return False
    try:
        a, b = os.fstat(out.fileno()), os.fstat(err.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return True  # both terminals: most likely one screen
    return (a.st_dev, a.st_ino, a.st_rdev) == (b.st_dev, b.st_ino, b.st_rdev)


def settings_report(config: Config) -> str:
    """RETURNS (str): the resolved settings and where they came from (for --show-settings)."""
    from reviewer.engine import settings_for
    from reviewer.report.settings_format import describe

    return describe(config, settings_for(config))


def _write_suggestion(results: list[FileResult], options: SuggestOptions, err) -> bool:
    """Write the one suggested note where the user asked; RETURNS (bool): success."""
    from pathlib import Path

    from reviewer.documents import replace_keeping_original, write_new_file

    if len(results) != 1:
        notice(err, "--output and --in-place need exactly one draft")
        return False
    result = results[0]
    text = result.suggestion["text"]
    try:
        if options.in_place:
            if result.path == "<stdin>":
                notice(err, "--in-place needs a file, not standard input")
                return False
            backup = replace_keeping_original(Path(result.path), text)
            notice(err, f"replaced {result.path} with the suggestion; the original is in {backup}")
        else:
            write_new_file(Path(options.output), text, options.force)
            notice(err, f"wrote the suggested note to {options.output}")
    except InputError as exc:
        notice(err, str(exc))
        return False
    return True

