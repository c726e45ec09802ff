"""The command line: options -> Config -> app.run -> exit status. No logic of its own."""

from __future__ import annotations

import os
import sys

import click

from reviewer.version import __version__
from reviewer.config import MAX_BYTES_LIMIT
from reviewer.errors import ReviewNoteError
from reviewer.report import FORMATS
from reviewer.textutil import visible

EPILOG = """\b
Examples:
  review-note draft.txt                 check one draft
  review-note drafts/ other.txt         check a folder (recursively) and a file
  review-note 'drafts/**/*.txt'         check files matching a glob
  cat draft.txt | review-note -         check standard input
  review-note --format json draft.txt   machine-readable output
  review-note --format concise drafts/  one line per finding: path:line:col: CODE message
  review-note -q --statistics drafts/   the summary line and counts by rule
  review-note --show-settings           the settings a review would use, and their file
  review-note --ignore hedging draft.txt
  review-note --explain RN101           what a rule checks and why
  review-note --suggest draft.txt       findings, then a suggested note
  review-note --suggest --job posting.txt --add "I led a 5-person team at Acme" draft.txt
  review-note --suggest --output better.txt draft.txt
  review-note --diff draft.txt | patch -p1   apply the suggestion as a patch
  review-note serve                     a local web page: findings as you type

\b
Exit status: 0 nothing to fix, 1 findings at or above --fail-on (with --diff:
a draft would change), 2 usage, input or output error (the other drafts are
still checked).
"""


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _fail_on(ctx, param, value):
    from reviewer.findings import FailOn

    return None if value is None else FailOn.parse(value)


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.argument("paths", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format: text (grouped advice), concise (path:line:col: CODE message), or for programs.")
@click.option("--quiet", "-q", count=True,
              help="Only the summary line (text and concise formats); -qq: nothing on standard output, "
                   "only the exit status.")
@click.option("--statistics", is_flag=True,
              help="After the report, count the findings by rule (text and concise formats).")
@click.option("--show-settings", is_flag=True,
              help="Print the settings a review would use, and the file they came from, and exit.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Settings file (.review-note.toml or pyproject.toml); default: the nearest one above the first draft.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules: codes, prefixes (RN1), names or families.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules: codes, prefixes, names or families.")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error", "never"]), callback=_fail_on,
              help="Lowest severity that makes the exit status 1.  [default: warning]")
@click.option("--max-words", type=click.IntRange(1), help="Body word target.  [default: 125]")
@click.option("--pipeline", metavar="NAME",
              help="spaCy pipeline: 'blank' (built in), 'auto' (a trained one if installed) or a package name.")
@click.option("--no-model", is_flag=True, help="Rules only: don't use the sentence classifier.")
@click.option("--max-bytes", type=click.IntRange(1, MAX_BYTES_LIMIT), help="Largest draft to read.  [default: 2000000]")
@click.option("--color/--no-color", default=None, help="Colour the output (default: on a terminal, unless NO_COLOR is set).")
@click.option("--suggest", is_flag=True, help="Also print a suggested note: the draft with its fixes applied.")
@click.option("--diff", is_flag=True, help="Print only a unified diff of each draft to its suggested note (exit 1 if any would change).")
@click.option("--job", type=click.Path(exists=True, dir_okay=False), help="Job posting: rank the draft's skills by relevance to it.")
@click.option("--add", "add_text", metavar="TEXT", help="A skill or fact to add to the suggestion, in your words.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the suggested note to this new file.")
@click.option("--force", is_flag=True, help="Let --output replace an existing file.")
@click.option("--in-place", is_flag=True, help="Replace the draft with the suggestion, keeping the original as DRAFT.orig.")
@click.option("--no-lessons", is_flag=True, help="Don't list what to prepare before the next interview.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=None,
              help="Worker processes for a batch; results keep their order, and a batch under 64 drafts "
                   "runs in one process.  [default: one per CPU core; 1: one process]")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option("--explain", metavar="CODE", help="Explain one rule (what, why, example, fix) and exit.")
@click.version_option(__version__, "--version", "-V", prog_name="review-note")
def main(**options):
    """Check a post-interview thank-you note before you send it.

    Flags apologies, excuses, hedging and length against career advice: thank them,
    keep it short, and add a missing skill in a line or two, without apologising.
    """
    try:
        _main(**options)
    except KeyboardInterrupt:  # Ctrl-C: one line and 130, not click's "Aborted!" and 1
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            _silence_stdout()
        click.echo("review-note: interrupted", err=True)
        sys.exit(130)  # app.ExitStatus.INTERRUPTED


def _main(paths, config_path, output_format, quiet, statistics, show_settings, select, ignore, fail_on, max_words,
          pipeline, no_model, max_bytes, color, suggest, diff, job, add_text, output, force, in_place, jobs, list_rules,
          explain, no_lessons):
    from reviewer import app, ruledocs

    if list_rules:
        click.echo(ruledocs.rule_table())
        sys.exit(app.ExitStatus.CLEAN)
    if explain:
        text = ruledocs.explain(explain)
        if text is None:
            raise click.UsageError(f"no rule called {explain!r}; see --list-rules")
        click.echo(text)
        sys.exit(app.ExitStatus.CLEAN)
    if not paths and not show_settings:
        raise click.UsageError("give at least one draft, folder or glob, or '-' for standard input")
    if statistics and output_format not in ("text", "concise"):
        raise click.UsageError(f"--statistics goes with the text or concise format, not {output_format}")
    from reviewer.config import options_for

    try:
        base = options_for(config_path, paths[0] if paths else None)
    except ReviewNoteError as exc:
        _error(exc)
        sys.exit(app.ExitStatus.ERROR)
    config = base.with_changes(
        select=_split(select) or None,
        ignore=_split(ignore) or None,
        fail_on=fail_on,
        max_words=max_words,
        pipeline=pipeline,
        max_bytes=max_bytes,
        use_model=False if no_model else None,
    )
    if show_settings:
        try:
            click.echo(app.settings_report(config))
        except ReviewNoteError as exc:
            _error(exc)
            sys.exit(app.ExitStatus.ERROR)
        sys.exit(app.ExitStatus.CLEAN)
    if output and in_place:
        raise click.UsageError("use either --output or --in-place, not both")
    suggest_options = None
    if suggest or diff or job or add_text or output or in_place:
        from reviewer.documents import Input, InputError, read

        job_text = None
        if job:
            try:
                job_text = read(Input(job), config.max_bytes).text
            except InputError as exc:
                raise click.UsageError(visible(f"--job {job}: {exc}")) from None
        suggest_options = app.SuggestOptions(job=job_text, add=add_text, diff=diff, output=output, force=force, in_place=in_place)
    if color is None:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    try:
        progress = output_format in ("text", "concise")  # shown only when stderr is a terminal
        status = app.run(list(paths), config, output_format, color, suggest=suggest_options, jobs=jobs, progress=progress,
                         quiet=quiet, show_statistics=statistics, lessons=not no_lessons)
    except ReviewNoteError as exc:
        _error(exc)
        sys.exit(app.ExitStatus.ERROR)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        _silence_stdout()
        sys.exit(app.ExitStatus.ERROR)
    except OSError as exc:  # writing the report failed (disk full, I/O error); reading errors are per draft
        _silence_stdout()
        _error(f"cannot write the report: {exc.strerror or exc}")
        sys.exit(app.ExitStatus.ERROR)
    sys.exit(status)


def _error(message) -> None:
    """One line on stderr, `review-note: MESSAGE`, control characters (of a file name in it) escaped."""
    click.echo(f"review-note: {visible(str(message))}", err=True)


def _silence_stdout() -> None:
    # Unwritten output must not fail again when the stream is flushed at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def entry_point() -> None:
    """The console script (and `python -m reviewer`): run the command, then leave at once.

    A check is one short process. Tearing the interpreter down (freeing spaCy's modules and
    objects one by one) took 0.14 s of a 0.93 s check, and nothing needs it: reports are
    written and flushed, output files closed and renamed, worker pools shut down before
    `main` returns. So flush the standard streams and exit with the command's status,
    unless a profiler, tracer or coverage is watching: they write their results at exit.
    """
    try:
        if sys.argv[1:2] == ["serve"]:  # the web page's subcommand; a draft called serve is ./serve
            from reviewer.web.command import serve_command

            serve_command.main(sys.argv[2:], prog_name="review-note serve")
        else:
            main.main(prog_name="review-note")
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    if _watched():
        sys.exit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # | head: nobody reads the rest
        pass
    except OSError as exc:  # disk full, I/O error: the report did not arrive, so say so
        print(f"review-note: cannot write the report: {exc.strerror or exc}", file=sys.stderr)
        code = 2  # app.ExitStatus.ERROR, without importing the app (and spaCy) for --version
    except ValueError:  # stdout already closed
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def _watched() -> bool:
    """Whether a profiler, tracer or coverage is running: they write their results at exit."""
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: cProfile and coverage use it
    return bool(
        sys.gettrace()
        or sys.getprofile()
        or "coverage" in sys.modules
        or (monitoring is not None and any(monitoring.get_tool(i) for i in range(6)))
    )
