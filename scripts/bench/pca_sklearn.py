"""Reference timing for scripts/bench-vs-pytorch: scikit-learn's PCA(30), default solver, on the 60,000
MNIST training images (float32 in [0, 1], the same matrix `ae4j bench pca-mnist` fits).

Usage: pca_sklearn.py IMAGES_IDX_GZ [RUNS]
Prints "sklearn PCA(30).fit(60000x784): 1.23 s (median of 3)" and the ratio explained by 30 components, then
one JSON line with "seconds" (the median) as `ae4j bench pca-mnist` prints; or one line saying it is skipped
when scikit-learn cannot be imported (exit status 0 then).
"""
import gzip
import json
import statistics
import struct
import sys
import time

try:
    import numpy as np
    import sklearn
    from sklearn.decomposition import PCA
except ImportError as e:
    print(f"sklearn reference skipped ({e.name or e} not importable by {sys.executable}); "
          "install it with: apt-get install python3-sklearn")
    sys.exit(0)


def load_idx_images(path):
    """IDX3 (ubyte, gzip or raw) -> float32 [N, rows*cols] / 255, as ae4j's Mnist loader does."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":  # gzip magic: detect by content, like ae4j
        raw = gzip.decompress(raw)
    magic, n, rows, cols = struct.unpack(">IIII", raw[:16])
    if magic != 2051:
        sys.exit(f"{path}: not an IDX3 ubyte image file (magic {magic})")
    x = np.frombuffer(raw, dtype=np.uint8, count=n * rows * cols, offset=16)
    return x.reshape(n, rows * cols).astype(np.float32) / np.float32(255)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: pca_sklearn.py IMAGES_IDX_GZ [RUNS]")
    x = load_idx_images(sys.argv[1])
    k, runs = 30, int(sys.argv[2]) if len(sys.argv) == 3 else 3
    PCA(k).fit(x)  # warm-up, as the Java side does (first-call library loading, page faults)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        pca = PCA(k).fit(x)
        times.append(time.perf_counter() - t)
    n, d = x.shape
    print(f"sklearn {sklearn.__version__} PCA({k}).fit({n}x{d}): {statistics.median(times):.2f} s "
          f"(median of {runs}; solver {getattr(pca, '_fit_svd_solver', '?')}, numpy {np.__version__})")
    print(f"sklearn explained_variance_ratio_{k} = {pca.explained_variance_ratio_.sum():.5f}")
    print(json.dumps({"workload": "pca-mnist", "framework": f"scikit-learn {sklearn.__version__}",
                      "seconds": round(statistics.median(times), 3), "iterations": runs,
                      "explained_variance_ratio_30": round(float(pca.explained_variance_ratio_.sum()), 5)}))


if __name__ == "__main__":
    main()
