"""The ``ie`` command: a thin layer over the library API.

Each command lives in its own module and registers itself through ``register(subparsers)``;
this file only wires them together and turns expected errors into one-line messages with
exit status 2 (never a traceback)."""
from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading

from .commands.common import UsageError
from .document import ReadError

# Modules that provide ``register(subparsers)``, in the order ``ie --help`` lists them.
COMMAND_MODULES = (
    "ie.commands.extract",
    "ie.commands.check",
    "ie.commands.compare",
    "ie.facts.commands",
    "ie.store.commands",
    "ie.commands.serve",
    "ie.commands.reports",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ie",
        description="Extract checked tables and narrative facts from 政府信息公开工作年度报告 "
                    "(government information-disclosure annual reports), store and search them.",
        epilog="Run 'ie COMMAND --help' for the options and examples of each command.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"ie {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def exit_cleanly_on_sigterm() -> None:
    """Make SIGTERM (kill PID, a scheduler's timeout) exit through ``SystemExit`` like Ctrl-C
    does through KeyboardInterrupt, so that ``with`` blocks remove their temporary folders
    (``ie train``'s staging folder, an export's half-written OUT) on the way out."""
    def _exit(signum, frame):
        raise SystemExit(128 + signum)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit)


def main(argv: list[str] | None = None) -> int:
    exit_cleanly_on_sigterm()
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if extra and not getattr(args, "overrides_allowed", False):
        parser.error("unrecognized arguments: " + " ".join(extra))
    if getattr(args, "overrides_allowed", False):
        from spacy.cli._util import parse_config_overrides

        try:
            args.overrides = parse_config_overrides(extra)
        except SystemExit:
            return 2
    try:
        return int(args.func(args) or 0)
    except (ReadError, UsageError) as exc:
        print(f"ie: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ie: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `ie extract ... | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
