#!/usr/bin/env bash
# Seconds per full-batch training epoch of the paper's VGAE (or GAE) on Cora or CiteSeer, median of 50
# epochs after 10 of warm-up; prints one line of JSON. A PyTorch implementation of the same VGAE took
# about 0.10 s per Cora epoch on the 2-vCPU machine we use.
#   scripts/bench-vgae.sh                    # cora vgae 50
#   scripts/bench-vgae.sh citeseer gae 20
#   AE4J_THREADS=2 scripts/bench-vgae.sh     # 2 native threads (default 1, as scripts/ae4j)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/ae4j" list >/dev/null # builds when the sources changed
export OMP_NUM_THREADS="${AE4J_THREADS:-${OMP_NUM_THREADS:-1}}" OMP_WAIT_POLICY=PASSIVE
# shellcheck disable=SC2086
exec java ${AE4J_JAVA_OPTS:--Xmx2g -Dorg.bytedeco.javacpp.maxbytes=2g -Dorg.bytedeco.javacpp.maxphysicalbytes=8g} \
  -cp "experiments/target/classes:experiments/target/lib/*" org.ae4j.experiments.bench.GaeBenchmark "$@"
