"""Command line: chronomap build INPUT... --out DIR; chronomap export DIR --format csv|geojson|timelinejs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chronomap", description="Map and timeline of what happened where and when.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="read articles and write documents, mentions and events tables")
    build.add_argument("inputs", nargs="+",
                       help="files or folders of articles: local paths, or fsspec URLs (file://, and s3://, gs://, ... "
                            "with that filesystem's package installed), read by this process only")
    build.add_argument("--out", required=True, type=Path, help="build directory to write (replaced atomically)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("--full", action="store_true",
                       help="process every document again and renew the cache (by default unchanged ones are reused)")
    where = build.add_mutually_exclusive_group()
    where.add_argument("--jobs", type=int, default=None,
                       help="worker processes for the per-document work (default: one per core; 0: in this process, "
                            "without isolation, for debugging)")
    where.add_argument("--cluster", metavar="ADDRESS",
                       help="run the per-document work on a Dask distributed cluster: its scheduler's address "
                            "(tcp://HOST:8786) or a scheduler file (JSON, from `dask scheduler --scheduler-file`)")
    where.add_argument("--workers", type=int, metavar="N",
                       help="run the per-document work on a Dask LocalCluster of N worker processes on this machine")
    build.add_argument("--geocoder", choices=["offline", "nominatim"], default="offline",
                       help="offline gazetteer only (default), or refine approximate sites with Nominatim (network)")
    build.add_argument("--nominatim-url", default="https://nominatim.openstreetmap.org",
                       help="Nominatim server (your own instance, or the public one within its usage policy)")
    build.add_argument("--user-agent", help="identify yourself to the online geocoder, as its usage policy asks")

    export = commands.add_parser("export", help="export a build's events")
    export.add_argument("build", type=Path)
    export.add_argument("--format", required=True, choices=["csv", "geojson", "timelinejs"])
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")

    commands.add_parser("gazetteer", help="compile the offline gazetteer index now (otherwise done on first use)")

    args = parser.parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "export":
        from .store import export as do_export

        payload = do_export(args.build, args.format, args.output)
        if not args.output:
            sys.stdout.write(payload)
        return 0
    if args.command == "gazetteer":
        from .gazetteer import ensure_index

        print(ensure_index())
        return 0
    return 2


def _build(args: argparse.Namespace) -> int:
    from .build import build
    from .ingest import local_inputs

    if args.workers is not None and args.workers < 1:
        print("chronomap: --workers needs at least 1", file=sys.stderr)
        return 2
    try:
        with local_inputs(args.inputs) as inputs:
            missing = [str(p) for p in inputs if not p.exists()]
            if missing:
                print(f"chronomap: no such file or folder: {', '.join(missing)}", file=sys.stderr)
                return 2
            return _build_from(args, inputs, build)
    except FileNotFoundError as err:
        print(f"chronomap: no such file or folder: {err}", file=sys.stderr)
        return 2


def _build_from(args: argparse.Namespace, inputs: list[Path], build) -> int:
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr)

    def progress(done: int, total: int, doc_id: str) -> None:
        if bar is not None:
            bar.total = total
            bar.set_postfix_str(doc_id[-30:])
            bar.update(1)

    online = None
    if args.geocoder != "offline":
        from urllib.parse import urlsplit

        from .geocoders import USER_AGENT, make_geocoder

        url = urlsplit(args.nominatim_url)
        online = make_geocoder(args.geocoder, domain=url.netloc + url.path.rstrip("/"), scheme=url.scheme or "https",
                               user_agent=args.user_agent or USER_AGENT)
    pool = None
    if args.cluster or args.workers:
        from .cluster import DaskPool

        pool = DaskPool(address=args.cluster, workers=args.workers)
    try:
        result = build(inputs, args.out, progress, online=online, refresh=args.full, jobs=args.jobs, pool=pool,
                       partitioned=True if pool is not None else None)
    finally:
        if pool is not None:
            pool.close()
    if bar is not None:
        bar.close()
    print(result.summary())
    print(f"written to {args.out}")
    return 1 if result.skipped else 0
