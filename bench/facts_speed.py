"""Narrative-fact speed in CPU time (wall time is noisy on a shared machine).

    python bench/facts_speed.py ../shared/corpus

1. Cold start: CPU time (user + sys) of one `ie extract FILE` process with and without facts.
2. Facts per 10,000 characters of report text (median over the corpus's text reports), with the
   shipped hybrid settings and with the sequence model reading every agency window (what a
   model whose hybrid.json sets agency_add/trim thresholds costs). Target: < 100 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cold_cpu(args: list[str], repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        before = os.times()
        subprocess.run([sys.executable, "-m", "ie", "extract", *args], stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
        after = os.times()
        runs.append((after.children_user - before.children_user) + (after.children_system - before.children_system))
    return statistics.median(runs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    example = str(ROOT / "examples" / "seed_004_guigang_2021.txt")
    print(f"cold ie extract (CPU s): facts {cold_cpu([example], args.repeat):.2f}, "
          f"--no-facts {cold_cpu([example, '--no-facts'], args.repeat):.2f}")

    import ie
    from ie.facts.model import load
    from ie.readers import supported

    files = [p for p in sorted((Path(args.corpus) / "reports").iterdir()) if supported(p) and p.suffix != ".pdf"]
    texts = [ie.extract(f, facts=False).text for f in files]

    def per_10k(label: str) -> None:
        model = load(None)
        per = []
        for text in texts:
            runs = []
            for _ in range(args.repeat):
                t = time.process_time()
                ie.extract(text, facts=False)
                base = time.process_time() - t
                model._spans.clear()  # no remembered spans: every run reads the text
                t = time.process_time()
                ie.extract(text)
                runs.append(max(0.0, time.process_time() - t - base))
            per.append(statistics.median(runs) * 1000 * 10_000 / len(text))
        print(f"facts, {label}: median {statistics.median(per):.1f} ms CPU per 10k characters, max {max(per):.1f}")

    ie.extract(texts[0])
    per_10k("shipped settings")
    load(None).settings.update(agency_add_probability=0.5, agency_trim_probability=0.5)
    ie.extract(texts[0])
    per_10k("sequence model reading every agency window")
    return 0


if __name__ == "__main__":
    sys.exit(main())
