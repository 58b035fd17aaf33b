"""Fit the date-place ranker (pipeline/linking.py) on the tuning part of the development corpus.

    python scripts/fit_linker.py [--threshold P] [--l2 L] [--out assets/linker.json]

Reads tests/data/dev (texts, manifest, gold.json) and uses only the documents outside the reference's "holdout"
list. Every candidate pair of a date and a place (linking.candidate_pairs, with the rules' links as a feature) is
labelled by the reference: a pair is right when some reference event of its document (required or not) has an
interval holding the date's and a point within the reference's tolerance of the place (../shared/eval/score.py's own
tests). A logistic model with an L2 penalty is fitted by Newton's method (numpy only) and written with
the features' names, the threshold, the counts and the corpus part it saw. Public benchmarks are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV = ROOT / "tests" / "data" / "dev"


SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def scorer():
    """The shared scorer's own tests of an event (its interval and its tolerance), so a pair is judged right exactly
    as score.py judges a drawn event."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def right(pair, events: list[dict], tolerance: dict, score) -> bool:
    start, end = str(pair.date.date_start), str(pair.date.date_end or pair.date.date_start)
    row = {"lat": pair.place.lat, "lon": pair.place.lon, "country_code": pair.place.country_code}
    for event in events:
        low, high = score.gold_range(event["date"], event["precision"])
        if low <= start <= high and low <= end <= high and score.place_ok(row, event, tolerance):
            return True
    return False


def fit(rows, labels, l2: float, steps: int = 50):
    import numpy as np

    x, y = np.asarray(rows, dtype=float), np.asarray(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[0, 0] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -40, 40)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def additions(rows, labels, dates_of, probabilities, threshold: float) -> tuple[int, int]:
    """What the event stage adds: for each date the rules left with no place, its likeliest pair if it reaches
    the threshold. Returns (added, right among them)."""
    from pipeline import linking

    rule = linking.FEATURES.index("rule")
    linked = {key for row, key in zip(rows, dates_of, strict=True) if row[rule]}
    best: dict = {}
    for label, key, chance in zip(labels, dates_of, probabilities, strict=True):
        if key in linked or chance < threshold:
            continue
        if chance > best.get(key, (0.0, 0))[0]:
            best[key] = (chance, label)
    return len(best), sum(label for _, label in best.values())


def report(rows, labels, groups, dates_of, l2: float, folds: int) -> None:
    """The additions in-sample and cross-validated by documents (each fold's documents scored by weights fitted
    on the others): how far the fitted model's gains carry to documents it has not seen."""
    import numpy as np

    x = np.asarray(rows, dtype=float)
    in_sample = 1.0 / (1.0 + np.exp(-np.clip(x @ fit(rows, labels, l2), -40, 40)))
    docs = sorted(set(groups))
    fold_of = {doc: i % folds for i, doc in enumerate(docs)}
    crossed = np.zeros(len(rows))
    for fold in range(folds):
        train = [i for i, g in enumerate(groups) if fold_of[g] != fold]
        test = [i for i, g in enumerate(groups) if fold_of[g] == fold]
        w = fit([rows[i] for i in train], [labels[i] for i in train], l2)
        crossed[test] = 1.0 / (1.0 + np.exp(-np.clip(x[test] @ w, -40, 40)))
    for threshold in (0.4, 0.5, 0.6, 0.7):
        a, ra = additions(rows, labels, dates_of, in_sample, threshold)
        c, rc = additions(rows, labels, dates_of, crossed, threshold)
        print(f"threshold {threshold}: adds {a} pairs, {ra} right in-sample; cross-validated {c}, {rc} right")


def main() -> int:
    from pipeline import linking
    from pipeline.build import BuildResult, load_documents, process
    from pipeline.events import assemble, link_inputs, titled

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threshold", type=float, default=0.55)
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--out", type=Path, default=linking.WEIGHTS)
    parser.add_argument("--folds", type=int, default=5, help="documents' folds for the cross-validated report")
    args = parser.parse_args()
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    holdout = set(gold.get("holdout", []))
    events_of: dict[str, list[dict]] = {}
    for event in gold["events"]:
        for doc_id in event["docs"]:
            events_of.setdefault(doc_id, []).append(event)
    tuned = {d["doc"] for d in gold["documents"]} - holdout
    score = scorer()
    rows, labels, groups, dates_of = [], [], [], []
    docs = [d for d in load_documents([DEV], BuildResult()) if d.doc_id in tuned]
    for doc in docs:
        mentions, analysis = process(doc)
        chosen = {}
        for link in assemble(doc, analysis, mentions, rank=False):
            key = (link.date.start, link.place.start)
            chosen[key] = max(chosen.get(key, -10.0), link.score)
        dates, places = link_inputs(doc, mentions)
        for pair in linking.candidate_pairs(doc, analysis, dates, places, chosen, titled(mentions)):
            rows.append([pair.features[name] for name in linking.FEATURES])
            groups.append(doc.doc_id)
            dates_of.append((doc.doc_id, pair.date.start))
            labels.append(1 if right(pair, events_of.get(doc.doc_id, []), gold.get("tolerance_km", {}), score) else 0)
    weights = fit(rows, labels, args.l2)
    report(rows, labels, groups, dates_of, args.l2, args.folds)
    rule = linking.FEATURES.index("rule")
    agree = sum(1 for r, y in zip(rows, labels, strict=True) if r[rule] == y)
    out = {
        "about": "Weights of pipeline/linking.py's date-place ranker, fitted by scripts/fit_linker.py on the tuning part "
                 "of tests/data/dev (the held-out quarter and public benchmarks never seen).",
        "documents": len(docs), "pairs": len(rows), "right_pairs": int(sum(labels)),
        "rules_agree_with_reference": round(agree / max(1, len(rows)), 3),
        "l2": args.l2, "threshold": args.threshold,
        "weights": {name: round(float(w), 4) for name, w in zip(linking.FEATURES, weights, strict=True)},
    }
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(docs)} documents, {len(rows)} pairs, {sum(labels)} right; the rules agree on {out['rules_agree_with_reference']:.1%}")
    for name, w in sorted(out["weights"].items(), key=lambda kv: -abs(kv[1])):
        print(f"  {name:22} {w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
