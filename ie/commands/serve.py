"""``ie serve``: browse and search a fact store in a web browser (Datasette, read-only)."""
from __future__ import annotations

import argparse
import socket
import sys

from .common import UsageError

HELP = """\
Serve the store read-only as a web site (Datasette): tables and views with facets, canned
queries, CSV/JSON exports, the keyword search of 'ie search', and a page per report that
shows every extracted cell and fact at its place in the text.

examples:
  ie ingest reports/ --db facts.db && ie serve --db facts.db     then open http://127.0.0.1:8001/
  ie serve --db facts.db --port 8080 --host 0.0.0.0               reachable from other machines

The file is opened immutable: nothing on the site can change it, and it must not change while
it is served (stop the server before running 'ie ingest' on it again). Every query stops after
one second. Needs the web extra: pip install -e '.[web]'.
Exit status: 0 stopped, 2 bad arguments, no store, the port in use, or the extra not installed.
"""


def register(sub) -> None:
    p = sub.add_parser("serve", help="browse and search a fact store in a web browser (Datasette)",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default="facts.db", metavar="FILE", help="the store to serve (default: facts.db)")
    p.add_argument("--port", "-p", type=_port, default=8001, help="the port (default 8001)")
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this machine only)")
    p.set_defaults(func=run)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def run(args) -> int:
    from ..store import StoreError

    try:
        import datasette  # noqa: F401
        import uvicorn
    except ImportError:
        raise UsageError("ie serve needs the web extra: pip install -e '.[web]'") from None
    import asyncio

    from datasette.utils import StartupError

    from ..web.app import check_store, make_datasette, wal_pending

    try:
        check_store(args.db)
        ds = make_datasette(args.db)
    except (StoreError, StartupError) as exc:
        raise UsageError(str(exc)) from None
    _check_port(args.host, args.port)
    if wal_pending(args.db):
        print(f"ie: warning: {args.db}-wal is not empty: a writer may have the store open; "
              "restart ie serve once it is done", file=sys.stderr)
    asyncio.run(ds.invoke_startup())  # as 'datasette serve' does, before uvicorn's loop
    print(f"ie: serving {args.db} read-only at http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(ds.app(), host=args.host, port=args.port, log_level="warning", lifespan="on")
    return 0


def _check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
