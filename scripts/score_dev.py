"""Score the development corpus (tests/data/dev) against its hand-made reference, as a whole and by part.

    python scripts/score_dev.py [--build DIR] [--verbose] [--part all|tune|holdout|fr|en ...]

Builds the corpus once (unless --build names an existing build of it), then scores each part with the shared
scorer (../shared/eval/score.py) on that part's mentions and events only. The held-out quarter (the reference's
"holdout" list) is for the end of a piece of work, not for day-to-day tuning.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV = ROOT / "tests" / "data" / "dev"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
SESSION9 = ("fr_40", "fr_41", "fr_42", "fr_43", "fr_44", "fr_45", "fr_46", "fr_47", "en_29", "en_30", "en_31", "en_32")
SESSION11 = ("fr_48", "fr_49", "fr_50", "fr_51", "fr_52", "fr_53", "en_33", "en_34", "en_35", "en_36", "en_37", "en_38")
SESSION11B = ("fr_54", "fr_55", "fr_56", "fr_57", "fr_58", "fr_59", "en_39", "en_40", "en_41", "en_42", "en_43", "en_44")
SESSION13 = ("fr_60", "fr_61", "fr_62", "fr_63", "fr_64", "fr_65", "en_45", "en_46", "en_47", "en_48", "en_49", "en_50")
SESSION15 = ("fr_66", "fr_67", "fr_68", "fr_69", "fr_70", "fr_71", "en_51", "en_52", "en_53", "en_54", "en_55", "en_56")
SESSION15B = ("fr_72", "fr_73", "fr_74", "fr_75", "en_57", "en_58", "en_59", "en_60")
SESSION16 = ("fr_76", "fr_77", "fr_78", "fr_79", "fr_80", "fr_81", "en_61", "en_62", "en_63", "en_64", "en_65", "en_66")
SESSION16B = ("fr_82", "fr_83", "fr_84", "fr_85", "en_67", "en_68", "en_69", "en_70")
SESSION17 = ("fr_86", "fr_87", "fr_88", "fr_89", "fr_90", "fr_91", "en_71", "en_72", "en_73", "en_74", "en_75", "en_76")
SESSION17B = ("fr_92", "fr_93", "fr_94", "fr_95", "en_77", "en_78", "en_79", "en_80")
SESSION18 = ("fr_96", "fr_97", "fr_98", "fr_99", "fr_100", "fr_101", "en_81", "en_82", "en_83", "en_84", "en_85")
SESSION18B = ("fr_102", "fr_103", "fr_104", "fr_105", "en_86", "en_87", "en_88", "en_89")
SESSION19 = ("fr_106", "fr_107", "fr_108", "fr_109", "fr_110", "en_90", "en_91", "en_92", "en_93", "en_94")
SESSION19B = ("fr_111", "fr_112", "fr_113", "fr_114", "fr_115", "en_95", "en_96", "en_97", "en_98", "en_99")


# Each batch, scored once as it came (the first before any tuning on it, a "b" batch after the method changes of its
# session's first half), then by part ("-tune"); held out by a fixed rule: the articles whose number is a multiple of 4.
BATCHES = {"session9": SESSION9, "session11": SESSION11, "session11b": SESSION11B, "session13": SESSION13,
           "session15": SESSION15, "session15b": SESSION15B, "session16": SESSION16, "session16b": SESSION16B,
           "session17": SESSION17, "session17b": SESSION17B, "session18": SESSION18,
           "session18b": SESSION18B, "session19": SESSION19, "session19b": SESSION19B}
# The parts as they stood before a session added its batches (to compare like with like): the batches left out.
BEFORE = {"before19": SESSION19 + SESSION19B,
          "before18": SESSION18 + SESSION18B + SESSION19 + SESSION19B,
          "before17": SESSION17 + SESSION17B + SESSION18 + SESSION18B + SESSION19 + SESSION19B,
          "before16": SESSION16 + SESSION16B + SESSION17 + SESSION17B + SESSION18 + SESSION18B + SESSION19 + SESSION19B,
          "before15": SESSION15 + SESSION15B + SESSION16 + SESSION16B + SESSION17 + SESSION17B + SESSION18 + SESSION18B + SESSION19 + SESSION19B,
          "before13": SESSION13}


def numbered(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """"fr_10" names article 10, not 100 or 101."""
    return tuple(f"{prefix}_" for prefix in prefixes)


def parts(gold: dict) -> dict[str, set[str]]:
    docs = {d["doc"] for d in gold["documents"]}
    holdout = set(gold.get("holdout", []))
    tune = docs - holdout
    found = {"all": docs, "tune": tune, "holdout": holdout}
    for language in ("fr", "en"):
        found[language] = {d for d in docs if d.startswith(f"{language}_")}
        found[f"tune-{language}"] = {d for d in tune if d.startswith(f"{language}_")}
        found[f"holdout-{language}"] = {d for d in holdout if d.startswith(f"{language}_")}
    for name, prefixes in BATCHES.items():
        found[name] = {d for d in docs if d.startswith(numbered(prefixes))}
        found[f"{name}-tune"] = {d for d in tune if d.startswith(numbered(prefixes))}
    for name, prefixes in BEFORE.items():
        found[f"holdout-{name}"] = {d for d in holdout if not d.startswith(numbered(prefixes))}
        found[f"tune-{name}"] = {d for d in tune if not d.startswith(numbered(prefixes))}
    # the held-out part as it stood before session 11 added six articles to it
    found["holdout-before11"] = {d for d in holdout if not d.startswith(numbered(SESSION11 + SESSION11B + SESSION13))}
    return found


def main() -> int:
    import pandas as pd

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, help="an existing build of tests/data/dev (default: build it now)")
    parser.add_argument("--part", nargs="*", default=["all", "tune", "fr", "en"])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--scorer", type=Path, default=SCORER)
    args = parser.parse_args()
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        build_dir = args.build
        if build_dir is None:
            from pipeline.build import build

            build_dir = Path(tmp) / "build"
            build([DEV], build_dir)
        mentions = pd.read_parquet(build_dir / "mentions.parquet")
        events = pd.read_parquet(build_dir / "events.parquet")
        for name in args.part:
            docs = parts(gold)[name]
            part_dir = Path(tmp) / name
            part_dir.mkdir()
            mentions[mentions["doc_id"].isin(docs)].to_parquet(part_dir / "mentions.parquet")
            events[events["doc_ids"].map(lambda ids, docs=docs: bool(set(json.loads(ids)) & docs))].to_parquet(part_dir / "events.parquet")
            part_gold = {**gold, "documents": [d for d in gold["documents"] if d["doc"] in docs],
                         "events": [e for e in gold["events"] if set(e["docs"]) & docs]}
            gold_path = Path(tmp) / f"{name}.json"
            gold_path.write_text(json.dumps(part_gold, ensure_ascii=False), encoding="utf-8")
            command = [sys.executable, str(args.scorer), "--gold", str(gold_path), "--docs", str(DEV), "--build", str(part_dir)]
            out = subprocess.run(command + (["--verbose"] if args.verbose else []), capture_output=True, text=True)
            lines = out.stdout.strip().splitlines()
            if args.verbose:
                print(f"--- {name}")
                print("\n".join(lines[:-1]))
            required = sum(1 for e in part_gold["events"] if e.get("required"))
            print(f"{name:<11} ({len(docs)} docs, {required} required events) {lines[-1] if lines else out.stderr}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
