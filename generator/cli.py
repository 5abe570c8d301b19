"""The ``briefings`` command: a thin shell over the pipeline's functions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from generator import __version__, buildserver

if TYPE_CHECKING:
    from generator.prefork import Prefork


def run() -> int:
    """The ``briefings`` console script (and ``python -m generator``): ``main``, except that a build
    ends the process as soon as its summary is printed (see ``generator.build.build``)."""
    return main(exit_when_done=True)


def main(argv: Sequence[str] | None = None, *, exit_when_done: bool = False) -> int:
    parser = argparse.ArgumentParser(prog="briefings", description="Turn news articles into briefings.")
    parser.add_argument("--version", action="version", version=f"briefings {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p_extract = sub.add_parser("extract", help="print the structured brief of each seed as JSON")
    p_extract.add_argument("paths", nargs="+", metavar="PATH", help="seed files or folders of seeds")
    p_extract.add_argument("--format", choices=["json", "jsonl"], default="json")
    p_extract.add_argument("--max-bytes", type=int, default=None, help="refuse seeds larger than this")

    p_build = sub.add_parser("build", help="write briefs/ from seeds/ (only what changed)")
    p_build.add_argument("--config", default="mkdocs.yml", help="the site config to read (default mkdocs.yml)")
    p_build.add_argument("--check", action="store_true", help="write nothing; exit 1 if briefs/ is out of date")
    p_build.add_argument("--force", action="store_true", help="re-extract every seed")

    p_watch = sub.add_parser("watch", help="build, then build again whenever a seed or template changes")
    p_watch.add_argument("--config", default="mkdocs.yml", help="the site config to read (default mkdocs.yml)")

    p_server = sub.add_parser("server", help="start, stop or show the build server that keeps big builds warm")
    p_server.add_argument(
        "action", choices=["start", "stop", "status"],
        help="start one and wait until it is ready; stop it; or say whether one runs (exit 1: none)",
    )  # fmt: skip
    p_server.add_argument("--config", default="mkdocs.yml", help="the site config to read (default mkdocs.yml)")

    args = parser.parse_args(argv)
    if args.command == "extract":
        return cmd_extract(args.paths, args.format, args.max_bytes)
    if args.command == "watch":
        from generator.watch import watch

        return watch(args.config)
    if args.command == "server":
        return cmd_server(args.action, args.config)
    if buildserver.wanted():
        from generator.buildserver import client

        code = client.build(args.config, check=args.check, force=args.force)
        if code is not None:
            return code
    prefork = None
    if exit_when_done and not args.check and not args.force:
        # A process that starts loading the NER model now, in case the build has seeds to extract
        # (``generator/prefork.py``); only for the command itself, which ends as the build does.
        from generator.prefork import Prefork

        prefork = Prefork.start()
    return cmd_build(args.config, check=args.check, force=args.force, exit_when_done=exit_when_done, prefork=prefork)


def cmd_extract(paths: list[str], fmt: str, max_bytes: int | None) -> int:
    from generator.extract.batch import extract_paths

    failed = 0
    first = True
    if fmt == "json":
        sys.stdout.write("[")
    for name, result in extract_paths(paths, max_bytes=max_bytes):
        if isinstance(result, Exception):
            failed += 1
            print(f"briefings: {name}: {result}", file=sys.stderr)
            continue
        data = result.to_json()
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(("\n" if first else ",\n") + json.dumps(data, ensure_ascii=False, indent=2))
        first = False
        sys.stdout.flush()
    if fmt == "json":
        sys.stdout.write("\n]\n" if not first else "]\n")
    return 1 if failed else 0


def cmd_build(
    config: str, check: bool, force: bool, exit_when_done: bool = False, prefork: Prefork | None = None
) -> int:
    from generator.build import run_build

    return run_build(config, check=check, force=force, exit_when_done=exit_when_done, prefork=prefork)


def cmd_server(action: str, config: str) -> int:
    """``briefings server start|stop|status``: 0, or 1 when there is no server to stop or show."""
    from pathlib import Path

    from generator.buildserver import client

    if action == "start":
        if not Path(config).is_file():
            print(f"briefings: {config}: no such config file", file=sys.stderr)
            return 2
        if not buildserver.wanted():
            print("briefings: the build server is off here (BRIEFINGS_BUILD_SERVER=0, or CI)", file=sys.stderr)
            return 2
        client.start(config)
        got = client.wait_ready(config)
        if got is None:
            print(f"briefings: the build server did not start (its log: {_log(config)})", file=sys.stderr)
            return 2
        print(f"briefings: build server ready (process {got['pid']})", file=sys.stderr)
        return 0
    if action == "stop":
        if not client.stop(config):
            print("briefings: no build server runs for this config", file=sys.stderr)
            return 1
        print("briefings: build server stopped", file=sys.stderr)
        return 0
    got = client.status(config)
    if got is not None:
        print(f"briefings: build server ready (process {got['pid']}, {got['builds']} build(s) made)", file=sys.stderr)
        return 0
    pid = client.running(config)
    if pid is not None:
        print(f"briefings: build server warming up (process {pid})", file=sys.stderr)
        return 0
    print("briefings: no build server runs for this config", file=sys.stderr)
    return 1


def _log(config: str) -> str:
    path = buildserver.address(config)
    return str(path.with_suffix(".log")) if path is not None else "none"
