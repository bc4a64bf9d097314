"""Turns run.sh's raw results into markdown tables.

usage: report.py DIR DATASETS TRAINERS REPEAT   (DATASETS and TRAINERS comma-separated)
DIR holds, per run, NAME.json (the last line is the JSON result) and NAME.time (`/usr/bin/time -v` output), NAME
being DATASET.peer.RUN or DATASET.TRAINER.RUN. Standard library only, so it runs on any python3.
"""

import json
import os
import re
import statistics
import sys

ACCURACY_SLACK = 0.005
TIME_RATIO_LIMIT = 2.0


class Runs:
    """The repeated runs of one side on one dataset: medians of times, the worst peak memory."""

    def __init__(self, directory, name, repeat):
        self.results, self.peaks, self.walls, self.cpus = [], [], [], []
        for run in range(1, repeat + 1):
            base = os.path.join(directory, f"{name}.{run}")
            if os.path.exists(base + ".json"):
                with open(base + ".json", encoding="utf-8") as f:
                    lines = [line for line in f if line.strip()]
                if lines:
                    self.results.append(json.loads(lines[-1]))
            if os.path.exists(base + ".time"):
                with open(base + ".time", encoding="utf-8") as f:
                    log = f.read()
                match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", log)
                if match:
                    self.peaks.append(int(match.group(1)) / 1024)
                match = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", log)
                if match:
                    wall = 0.0
                    for part in match.group(1).split(":"):
                        wall = wall * 60 + float(part)
                    self.walls.append(wall)
                user = re.search(r"User time \(seconds\): ([\d.]+)", log)
                system = re.search(r"System time \(seconds\): ([\d.]+)", log)
                if user and system:
                    self.cpus.append(float(user.group(1)) + float(system.group(1)))

    def __bool__(self):
        return bool(self.results)

    def median(self, field):
        values = [r[field] for r in self.results if r.get(field) is not None]
        return statistics.median(values) if values else None

    def first(self, field, default=None):
        return self.results[0].get(field, default) if self.results else default

    def spread(self, field):
        """(min, max) when the runs disagree, else None."""
        values = [r[field] for r in self.results]
        return (min(values), max(values)) if values and min(values) != max(values) else None

    @property
    def peak_mib(self):
        return max(self.peaks) if self.peaks else None

    @property
    def wall(self):
        return statistics.median(self.walls) if self.walls else None

    @property
    def cpu(self):
        return statistics.median(self.cpus) if self.cpus else None


def fmt(value, spec):
    return "—" if value is None else format(value, spec)


def main():
    directory, datasets, trainers, repeat = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(","), int(sys.argv[4])
    main_rows, detail_rows, notes = [], [], []
    for dataset in datasets:
        peer = Runs(directory, dataset + ".peer", repeat)
        for trainer in trainers:
            ours = Runs(directory, f"{dataset}.{trainer}", repeat)
            if not ours and not peer:
                continue
            label = dataset if trainer == "auto" else f"{dataset} ({trainer})"
            for side, runs in (("ours", ours), ("peer", peer)):
                if len(runs.results) < repeat:
                    notes.append(f"{label}: {side} completed {len(runs.results)} of {repeat} runs.")
                if runs.spread("accuracy"):
                    notes.append(f"{label}: {side} accuracy varied over runs, %.4f–%.4f (median shown)." % runs.spread("accuracy"))
            delta = ratio = None
            verdict = "—"
            if ours and peer:
                delta = ours.median("accuracy") - peer.median("accuracy")
                ratio = ours.median("trainSeconds") / peer.median("trainSeconds")
                misses = []
                if delta < -ACCURACY_SLACK:
                    misses.append("accuracy")
                if ratio > TIME_RATIO_LIMIT:
                    misses.append("time")
                verdict = "yes" if not misses else "no (" + ", ".join(misses) + ")"
            main_rows.append([
                label,
                fmt(ours.median("accuracy"), ".4f"), fmt(ours.median("macroF1"), ".4f"),
                fmt(ours.median("trainSeconds"), ".2f"), fmt(ours.peak_mib, ".0f"),
                fmt(peer.median("accuracy"), ".4f"), fmt(peer.median("macroF1"), ".4f"),
                fmt(peer.median("trainSeconds"), ".2f"), fmt(peer.peak_mib, ".0f"),
                fmt(delta, "+.4f"), fmt(ratio, ".2f"), verdict,
            ])
            times = lambda runs: "/".join(format(r["trainSeconds"], ".1f") for r in runs.results) or "—"
            detail_rows.append([
                label,
                fmt(ours.median("ece"), ".4f"), ours.first("parameters", {}).get("c", "—"),
                times(ours), fmt(ours.median("evalSeconds"), ".2f"), fmt(ours.wall, ".2f"), fmt(ours.cpu, ".2f"),
                times(peer), fmt(peer.median("evalSeconds"), ".2f"), fmt(peer.wall, ".2f"), fmt(peer.cpu, ".2f"),
            ])

    runs = "median of %d runs" % repeat if repeat > 1 else "one run"
    table([
        "dataset", "ours acc", "ours macro-F1", "ours s", "ours peak MiB",
        "peer acc", "peer macro-F1", "peer s", "peer peak MiB",
        "Δacc (ours−peer)", "time ratio (ours/peer)", "within target",
    ], main_rows)
    print()
    print(f"s = training wall time, featurize + fit, CSV reading excluded ({runs}); peak MiB = max RSS of the whole "
          f"process. Target: acc ≥ peer − {ACCURACY_SLACK} and time ≤ {TIME_RATIO_LIMIT:g}× peer.")
    print()
    table([
        "dataset", "ours ECE", "ours chosen C", "ours s, each run", "ours eval s", "ours process s", "ours process CPU s",
        "peer s, each run", "peer eval s", "peer process s", "peer process CPU s",
    ], detail_rows)
    print()
    print("eval s = scoring the test split; process s = wall clock of the whole process (start-up, CSV reading, "
          "training, evaluation); process CPU s = its user + system time (ModelMint uses up to 2 threads, the peer 1).")
    for note in notes:
        print()
        print("Note: " + note)


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
