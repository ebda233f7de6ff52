#!/usr/bin/env bash
# Regenerate every benchmark and docs/benchmarks.md (about an hour on 2 cores).
# Needs the dev install plus the peers: .venv/bin/pip install -r bench/requirements.txt
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
rm -f bench/results/quality*.md  # report.py merges every quality*.md: no stale tables
$PY bench/segmenters.py --only "precis Segmenter (shipped)" "blingfire per-line +fix" blingfire "blingfire per-line" pysbd syntok "spaCy sentencizer per-line"
$PY bench/quality.py --sets duc2006 --out bench/results/quality_1.md &
$PY bench/quality.py --sets duc2007 frank cnn multinews bbc --out bench/results/quality_2.md
wait
$PY bench/ablations.py
$PY bench/speed.py
$PY bench/report.py
