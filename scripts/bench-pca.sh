#!/usr/bin/env bash
# PCA fit time: ae4j's Pca.fit(x, 30) against scikit-learn's PCA(30) (default solver) on the 60,000 MNIST
# training images, each the median of 3 fits after one warm-up, then the ratio.
#   scripts/bench-pca.sh
#   AE4J_THREADS=2 scripts/bench-pca.sh      # both sides with 2 threads (default 1, as scripts/ae4j)
#   AE4J_DATA=/data/ae4j scripts/bench-pca.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ ! -d experiments/target/lib ] || [ ! -f experiments/target/classes/org/ae4j/experiments/bench/PcaBenchmark.class ]; then
  echo "bench-pca: building (mvn package, tests skipped)..." >&2
  mvn -q -B -ntp -DskipTests package >&2
fi

# The same thread count on both sides, so the ratio compares the algorithms, not the thread pools.
threads="${AE4J_THREADS:-${OMP_NUM_THREADS:-1}}"
export OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
export OMP_WAIT_POLICY=PASSIVE

ours="$(java ${AE4J_JAVA_OPTS:--Xmx8g} -cp "experiments/target/classes:experiments/target/lib/*" \
  org.ae4j.experiments.bench.PcaBenchmark 2>/dev/null)" || {
  echo "bench-pca: the Java benchmark failed; rerun it for the error:" >&2
  echo "  java -cp 'experiments/target/classes:experiments/target/lib/*' org.ae4j.experiments.bench.PcaBenchmark" >&2
  exit 1
}
echo "$ours"

images=""
for dir in ${AE4J_DATA:+"$AE4J_DATA"} "$HOME/.ae4j/data" "$root/../shared/datasets"; do
  for name in train-images-idx3-ubyte.gz train-images-idx3-ubyte; do
    if [ -f "$dir/mnist/$name" ]; then images="$dir/mnist/$name"; break 2; fi
  done
done
if [ -z "$images" ]; then
  echo "sklearn reference skipped: no mnist/train-images-idx3-ubyte(.gz) under \$AE4J_DATA, ~/.ae4j/data or ../shared/datasets"
  exit 0
fi

# Debian's python3-sklearn installs for the system interpreter, which may not be the python3 on PATH
# (e.g. pyenv): take the first interpreter that can import sklearn.
python=""
for candidate in /usr/bin/python3 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c "import sklearn" 2>/dev/null; then
    python="$candidate"; break
  fi
done
if [ -z "$python" ]; then
  echo "sklearn reference skipped: scikit-learn is not importable by /usr/bin/python3 or python3 (install: apt-get install python3-sklearn)"
  exit 0
fi
theirs="$("$python" scripts/bench/pca_sklearn.py "$images")"
echo "$theirs"

seconds() { sed -n 's/.*): \([0-9.]*\) s.*/\1/p' <<<"$1" | head -1; }
a="$(seconds "$ours")"; b="$(seconds "$theirs")"
if [ -n "$a" ] && [ -n "$b" ]; then
  awk -v a="$a" -v b="$b" -v t="$threads" 'BEGIN { printf "ratio ae4j/sklearn: %.2f (%d thread(s) each; < 1 means ae4j is faster)\n", a / b, t }'
fi
