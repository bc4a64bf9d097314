"""The serving peer of ModelMint's predict route: what a user would build instead (issue 5).

A FastAPI app with one route, `POST /predict {"text": "..."}` -> `{"label": "..."}`, guarded by a dictionary lookup
of the API key from the `Authorization: Bearer ...` header (401 otherwise). The model is the scikit-learn peer of
`auto` (bench/training/peer.py): TF-IDF word 1-2 grams + char_wb 2-5 grams, then LinearSVC(C=0.5), trained at
start-up on the CSV named by PEER_TRAIN. The key comes from PEER_KEY. `GET /health` answers once the model is fit.

Run it with Debian's python (python3-fastapi, python3-uvicorn, python3-sklearn) and one worker:

    PEER_TRAIN=../shared/data/banking77/train.csv PEER_KEY=secret \
      /usr/bin/python3 -m uvicorn --app-dir bench/serving peer:app --workers 1 --port 8077 --no-access-log
"""

import csv
import os

import numpy as np
from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC


def read_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        fields = {name.lower(): name for name in reader.fieldnames}
        rows = [(r[fields["text"]].strip(), r[fields["label"]].strip()) for r in reader]
    return [t for t, _ in rows], [l for _, l in rows]


np.random.seed(42)
train_x, train_y = read_rows(os.environ["PEER_TRAIN"])
model = make_pipeline(
    make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    ),
    LinearSVC(C=0.5),
)
model.fit(train_x, train_y)
del train_x, train_y

keys = {os.environ["PEER_KEY"]: "bench"}

app = FastAPI()


class PredictRequest(BaseModel):
    text: str


@app.get("/health")
async def health():
    return {"status": "ok"}


def answer(request: PredictRequest, authorization: str):
    scheme, _, key = authorization.partition(" ")
    if scheme != "Bearer" or key not in keys:
        raise HTTPException(status_code=401, detail="invalid key")
    return {"label": model.predict([request.text])[0]}


if os.environ.get("PEER_ROUTE", "async") == "async":
    # `async def` keeps each call on the event loop (no thread-pool hop): the fastest plain way for one worker.
    @app.post("/predict")
    async def predict(request: PredictRequest, authorization: str = Header(default="")):
        return answer(request, authorization)
else:
    # `def`, as FastAPI's documentation advises for a route that makes blocking calls (scikit-learn): each call runs
    # in the worker's thread pool. The way the peer figure (about 240 requests/s) reads.
    @app.post("/predict")
    def predict(request: PredictRequest, authorization: str = Header(default="")):
        return answer(request, authorization)
