#!/usr/bin/env python3
"""The Python anchor of `lexray bench`: a BERT-family classifier in plain PyTorch on the same model directory.

Times what a Python user runs instead of Lexray, on the same machine, shapes and threads: the forward pass
(no_grad) and gradient x input at the word embeddings (one forward and backward, the cost of LXT's AttnLRP, which
is a gradient with modified backward rules). Also prints the logits of given texts, to check that Lexray computes
the same function.

Needs PyTorch and NumPy only (Debian: apt-get install -y python3-torch; with libopenblas0-pthread for a fast BLAS),
no transformers, no network. Reads config.json, model.safetensors and tokenizer.json of an HF BERT layout (as
`lexray bench --synthetic bert-base` writes it). Each configuration runs in a fresh process, so that its peak
resident memory is its own.

  python3 bench/pytorch_anchor.py MODEL_DIR --threads 2 --batch-sizes 1,8 --lengths 128 --repeats 5
  python3 bench/pytorch_anchor.py MODEL_DIR --logits TEXTS_FILE      # one text per line, words of the vocabulary
"""
import argparse
import json
import math
import os
import resource
import struct
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        arr = np.frombuffer(data, dtype=DTYPES[meta["dtype"]], count=(end - start) // np.dtype(DTYPES[meta["dtype"]]).itemsize,
                            offset=start).reshape(meta["shape"])
        out[name] = torch.from_numpy(arr.astype(np.float32, copy=True))
    return out


class Bert:
    """BertForSequenceClassification's forward (post-LayerNorm encoder, pooler, classifier) from HF tensor names."""

    def __init__(self, model_dir):
        self.cfg = json.load(open(os.path.join(model_dir, "config.json")))
        self.w = read_safetensors(os.path.join(model_dir, "model.safetensors"))
        self.heads = self.cfg["num_attention_heads"]
        self.layers = self.cfg["num_hidden_layers"]
        self.eps = self.cfg.get("layer_norm_eps", 1e-12)

    def p(self, name):
        return self.w[name]

    def embed(self, ids):
        return F.embedding(ids, self.p("bert.embeddings.word_embeddings.weight"))

    def forward_from(self, words, mask):
        b, t, h = words.shape
        pos = self.p("bert.embeddings.position_embeddings.weight")[:t]
        typ = self.p("bert.embeddings.token_type_embeddings.weight")[0]
        x = F.layer_norm(words + pos + typ, (h,), self.p("bert.embeddings.LayerNorm.weight"),
                         self.p("bert.embeddings.LayerNorm.bias"), self.eps)
        d = h // self.heads
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for i in range(self.layers):
            n = f"bert.encoder.layer.{i}."
            lin = lambda a, m: F.linear(a, self.p(n + m + ".weight"), self.p(n + m + ".bias"))
            split = lambda a: a.view(b, t, self.heads, d).transpose(1, 2)
            q, k, v = split(lin(x, "attention.self.query")), split(lin(x, "attention.self.key")), split(
                lin(x, "attention.self.value"))
            probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, dim=-1)
            ctx = (probs @ v).transpose(1, 2).reshape(b, t, h)
            x = F.layer_norm(x + lin(ctx, "attention.output.dense"), (h,), self.p(n + "attention.output.LayerNorm.weight"),
                             self.p(n + "attention.output.LayerNorm.bias"), self.eps)
            f = lin(F.gelu(lin(x, "intermediate.dense")), "output.dense")
            x = F.layer_norm(x + f, (h,), self.p(n + "output.LayerNorm.weight"), self.p(n + "output.LayerNorm.bias"),
                             self.eps)
        pooled = torch.tanh(F.linear(x[:, 0], self.p("bert.pooler.dense.weight"), self.p("bert.pooler.dense.bias")))
        return F.linear(pooled, self.p("classifier.weight"), self.p("classifier.bias"))


def vocabulary(model_dir):
    tok = json.load(open(os.path.join(model_dir, "tokenizer.json")))
    return tok["model"]["vocab"]


def batch(vocab, b, t, seed=0):
    """Texts of t tokens: [CLS], t - 2 whole words of the vocabulary, [SEP]."""
    words = [i for w, i in sorted(vocab.items()) if w.isalpha()]
    g = torch.Generator().manual_seed(seed)
    middle = torch.tensor(words)[torch.randint(len(words), (b, t - 2), generator=g)]
    ids = torch.cat([torch.full((b, 1), vocab["[CLS]"]), middle, torch.full((b, 1), vocab["[SEP]"])], dim=1)
    return ids, torch.ones(b, t, dtype=torch.long)


def timed(fn, min_time):
    fn()  # warm-up
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return elapsed / n


def one(args):
    torch.set_num_threads(args.threads)
    model = Bert(args.model)
    ids, mask = batch(vocabulary(args.model), args.batch, args.length)

    def forward():
        with torch.no_grad():
            model.forward_from(model.embed(ids), mask)

    def gradient_x_input():
        words = model.embed(ids).detach().requires_grad_(True)
        logits = model.forward_from(words, mask)
        logits[:, 1].sum().backward()
        return (words * words.grad).sum(-1)

    rows = []
    for r in range(args.repeats):
        f = timed(forward, args.min_time)
        g = timed(gradient_x_input, args.min_time)
        rows.append((f, g))
    f = sorted(x[0] for x in rows)[len(rows) // 2]
    g = sorted(x[1] for x in rows)[len(rows) // 2]
    ratios = sorted(x[1] / x[0] for x in rows)
    print(json.dumps({"batch": args.batch, "tokens": args.length, "threads": args.threads,
                      "forward_ms_per_text": 1000 * f / args.batch,
                      "gradient_x_input_ms_per_text": 1000 * g / args.batch,
                      "gradient_x_input_over_forward": ratios[len(ratios) // 2],
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))


def logits(args):
    torch.set_num_threads(args.threads)
    model, vocab = Bert(args.model), vocabulary(args.model)
    for line in open(args.logits, encoding="utf-8"):
        ids = [vocab["[CLS]"]] + [vocab.get(w, vocab["[UNK]"]) for w in line.lower().split()] + [vocab["[SEP]"]]
        t = torch.tensor([ids])
        with torch.no_grad():
            print(json.dumps(model.forward_from(model.embed(t), torch.ones_like(t))[0].tolist()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-sizes", default="1")
    ap.add_argument("--lengths", default="128")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--min-time", type=float, default=0.5)
    ap.add_argument("--logits", help="print the logits of each line of this file")
    ap.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--length", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.logits:
        return logits(args)
    if args.batch:
        return one(args)
    for b in map(int, args.batch_sizes.split(",")):
        for t in map(int, args.lengths.split(",")):
            subprocess.run([sys.executable, __file__, args.model, "--threads", str(args.threads), "--batch", str(b),
                            "--length", str(t), "--repeats", str(args.repeats), "--min-time", str(args.min_time)],
                           check=True)


if __name__ == "__main__":
    main()
