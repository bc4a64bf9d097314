"""The scikit-learn peer of ModelMint's `auto` trainer, as in shared/docs/measurements.md.

TF-IDF over word 1-2 grams and char_wb 2-5 grams, then LinearSVC(C=0.5). Prints one JSON line with the same
fields as ModelMint.Bench.Training. Needs Debian's python3-sklearn: run with /usr/bin/python3.
"""

import argparse
import csv
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC


def read_rows(path):
    # Trimmed like ModelMint's DatasetParser; csv handles quoted fields with commas and line breaks.
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        fields = {name.lower(): name for name in reader.fieldnames}
        rows = [(r[fields["text"]].strip(), r[fields["label"]].strip()) for r in reader]
    return [t for t, _ in rows], [l for _, l in rows]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--dataset")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    dataset = args.dataset or os.path.basename(os.path.dirname(os.path.abspath(args.train)))

    train_x, train_y = read_rows(args.train)
    test_x, test_y = read_rows(args.test)

    # LinearSVC(random_state=None) draws liblinear's seed from numpy's global generator; seeding that keeps the
    # estimator exactly as measured while making reruns repeatable.
    np.random.seed(args.seed)
    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        ),
        LinearSVC(C=0.5),
    )

    started = time.perf_counter()
    model.fit(train_x, train_y)
    train_seconds = time.perf_counter() - started

    started = time.perf_counter()
    predicted = model.predict(test_x)
    accuracy = accuracy_score(test_y, predicted)
    macro_f1 = f1_score(test_y, predicted, average="macro")
    eval_seconds = time.perf_counter() - started

    print(json.dumps({
        "dataset": dataset,
        "trainer": "sklearn-linearsvc",
        "accuracy": accuracy,
        "macroF1": macro_f1,
        "ece": None,  # LinearSVC gives decision values, not probabilities.
        "trainSeconds": train_seconds,
        "evalSeconds": eval_seconds,
        "trainRows": len(train_x),
        "testRows": len(test_x),
        "seed": args.seed,
        "parameters": {"sklearn": sklearn.__version__, "C": "0.5"},
    }))


if __name__ == "__main__":
    sys.exit(main())
