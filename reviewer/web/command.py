"""`review-note serve`: open the local web page."""

from __future__ import annotations

import sys

import click

LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1", "[::1]")


@click.command("serve", context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any other than this computer's own lets others on that network use the page.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port; 0 picks a free one.")
@click.option("--no-browser", is_flag=True, help="Don't open a browser; just print the page's address.")
@click.option("--max-bytes", type=click.IntRange(1), help="Largest request or uploaded file.  [default: 2000000]")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Settings file (.review-note.toml or pyproject.toml); default: the nearest one above this folder.")
def serve_command(host, port, no_browser, max_bytes, config_path):
    """Check a note in a local web page: findings appear as you type.

    The page runs on this computer only; drafts are not saved or logged.
    """
    from pathlib import Path

    from reviewer.config import Config, find_config_file, load_config
    from reviewer.errors import ReviewNoteError

    try:
        if config_path and not Path(config_path).is_file():
            raise ReviewNoteError(f"config file not found: {config_path}")
        found = Path(config_path) if config_path else find_config_file(Path.cwd())
        config = (load_config(found) if found else Config()).with_changes(max_bytes=max_bytes)
        if host.lower() not in LOCAL_ADDRESSES:
            click.echo(f"review-note: warning: listening on {host}: anyone who can reach this address can use the page. "
                       "Do this only on a network you trust.", err=True)
        from reviewer.web.server import serve

        serve(config, host, port, not no_browser, click.echo)
    except ReviewNoteError as exc:
        from reviewer.textutil import visible

        click.echo(f"review-note: {visible(str(exc))}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:  # Ctrl+C, after the server has shut down cleanly
        click.echo("review-note: stopped", err=True)
