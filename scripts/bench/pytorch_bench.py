#!/usr/bin/env python3
"""PyTorch versions of the workloads of `ae4j bench`, timed the same way, for scripts/bench-vs-pytorch.

    python3 scripts/bench/pytorch_bench.py vae-mnist [--seconds 10] [--batch 128] [--threads 1] [--data DIR]

Workloads (each the same model, loss, optimizer and data as ae4j's Benchmarks class):
  vae-mnist      training step of the 784-400-20 ReLU VAE of pytorch/examples (Bernoulli decoder on logits,
                 analytic KL, one reparameterized sample, loss averaged over the batch), Adam 1e-3
  deep-ae-mnist  training step of the 784-1000-500-250-30 ReLU auto-encoder (linear code, Bernoulli logits), Adam 1e-3
  vgae-cora      one full-batch epoch of Kipf & Welling's VGAE (32 -> 16 GCN, dense normalized adjacency,
                 weighted cross-entropy over all N^2 entries, KL / N^2), Adam 0.01, on 85% of Cora's edges;
                 --sparse uses a torch.sparse adjacency in the encoder as Kipf's reference code does
  conv-vae-mnist training step of conv-vae-mnist's convolutional VAE: Conv2d(1, 32, 4, 2, 1), Conv2d(32, 64, 4, 2, 1)
                 (ReLU), linear heads 3136 -> 50; Linear(50, 3136) (ReLU), ConvTranspose2d(64, 32, 4, 2, 1) (ReLU),
                 ConvTranspose2d(32, 1, 4, 2, 1) to Bernoulli logits; one reparameterized sample, analytic KL, loss
                 averaged over the batch, Adam 1e-3

Protocol: iterations run untimed for 2 s and at least 10 iterations, then each iteration is timed on its own for
--seconds. The last line printed is one JSON object: workload, framework, threads, iterations,
samples_per_s (or seconds_per_epoch), ms_per_iter_median, ms_per_iter_p90, rss_mb.
"""
import argparse
import gzip
import json
import math
import os
import resource
import struct
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError as e:
    print(f"pytorch reference skipped: {e} (apt-get install python3-torch)")
    sys.exit(0)

WORKLOADS = ("vae-mnist", "deep-ae-mnist", "vgae-cora", "conv-vae-mnist")


def data_dirs(flag):
    dirs = [flag] if flag else []
    if os.environ.get("AE4J_DATA"):
        dirs.append(os.environ["AE4J_DATA"])
    here = os.path.dirname(os.path.abspath(__file__))
    dirs += [os.path.expanduser("~/.ae4j/data"), os.path.join(here, "..", "..", "..", "shared", "datasets")]
    return dirs


def find(flag, relative):
    for d in data_dirs(flag):
        for name in (relative, relative + ".gz"):
            path = os.path.join(d, name)
            if os.path.isfile(path):
                return path
    sys.exit(f"pytorch_bench: {relative}(.gz) not found under {data_dirs(flag)}; pass --data DIR")


def open_maybe_gz(path, mode="rb"):
    return gzip.open(path, mode) if path.endswith(".gz") else open(path, mode)


def mnist_train_images(flag):
    """The 60000 training images as float32 [60000, 784] in [0, 1]."""
    with open_maybe_gz(find(flag, "mnist/train-images-idx3-ubyte")) as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            sys.exit(f"pytorch_bench: MNIST image file has magic {magic}, expected 2051")
        pixels = np.frombuffer(f.read(n * rows * cols), dtype=np.uint8)
    return torch.from_numpy(pixels.reshape(n, rows * cols).astype(np.float32) / 255.0)


def cora(flag):
    """Cora's binary features [N, F] and undirected edges (pairs i < j) from the LINQS-style files."""
    feats = []
    with open_maybe_gz(find(flag, "cora/cora.content"), "rt") as f:
        for line in f:
            fields = line.split("\t")
            feats.append([float(v) for v in fields[1:-1]])
    edges = set()
    with open_maybe_gz(find(flag, "cora/cora.cites"), "rt") as f:
        for line in f:
            a, b = (int(v) for v in line.split())
            edges.add((min(a, b), max(a, b)))
    return torch.tensor(feats), sorted(edges)


class Vae(nn.Module):
    """pytorch/examples' VAE, returning decoder logits instead of sigmoid outputs (the stable form of its BCE)."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def loss(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        logits = self.fc4(F.relu(self.fc3(z)))
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return (recon + kl) / x.shape[0]


class ConvVae(nn.Module):
    """conv-vae-mnist's model (ae4j's ConvSpec): two strided convolutions, mirrored by transposed ones."""

    def __init__(self, latent=50):
        super().__init__()
        self.down = nn.Sequential(nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU())
        self.mean, self.log_var = nn.Linear(64 * 7 * 7, latent), nn.Linear(64 * 7 * 7, latent)
        self.dense = nn.Linear(latent, 64 * 7 * 7)
        self.up = nn.Sequential(nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(32, 1, 4, 2, 1))

    def loss(self, x):
        h = self.down(x.view(-1, 1, 28, 28)).flatten(1)
        mu, logvar = self.mean(h), self.log_var(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        logits = self.up(F.relu(self.dense(z)).view(-1, 64, 7, 7)).flatten(1)
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return (recon + kl) / x.shape[0]


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class DeepAe(nn.Module):
    def __init__(self, sizes=(784, 1000, 500, 250, 30)):
        super().__init__()
        self.encoder, self.decoder = mlp(list(sizes)), mlp(list(reversed(sizes)))

    def loss(self, x):
        logits = self.decoder(self.encoder(x))
        return F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / x.shape[0]


class Vgae(nn.Module):
    def __init__(self, features, hidden=32, latent=16):
        super().__init__()

        def glorot(rows, cols):
            r = math.sqrt(6.0 / (rows + cols))
            return nn.Parameter(torch.empty(rows, cols).uniform_(-r, r))

        self.w0, self.w_mean, self.w_log_std = glorot(features, hidden), glorot(hidden, latent), glorot(hidden, latent)

    def loss(self, adj_norm, x, label, pos_weight, norm):
        h = F.relu(adj_norm @ (x @ self.w0))
        mean, log_std = adj_norm @ (h @ self.w_mean), adj_norm @ (h @ self.w_log_std)
        z = mean + torch.randn_like(mean) * torch.exp(log_std)
        logits = z @ z.t()
        n = x.shape[0]
        recon = norm * F.binary_cross_entropy_with_logits(logits, label, pos_weight=pos_weight)
        kl = -0.5 / n * torch.mean(torch.sum(1 + 2 * log_std - mean.pow(2) - torch.exp(log_std).pow(2), 1))
        return recon + kl


def timed(iteration, seconds):
    start = time.perf_counter()
    i = 0
    while i < 10 or time.perf_counter() - start < 2.0:
        iteration()
        i += 1
    ms = []
    start = time.perf_counter()
    while len(ms) < 3 or time.perf_counter() - start < seconds:
        t = time.perf_counter()
        iteration()
        ms.append((time.perf_counter() - t) * 1000)
    return ms


def quantile(values, q):
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(q * len(s)) - 1))]


def minibatch_training(model, images, batch, seconds, gen):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    state = {"order": torch.randperm(images.shape[0], generator=gen), "at": 0}

    def step():
        if state["at"] + batch > images.shape[0]:
            state["order"], state["at"] = torch.randperm(images.shape[0], generator=gen), 0
        x = images[state["order"][state["at"]:state["at"] + batch]]
        state["at"] += batch
        opt.zero_grad()
        loss = model.loss(x)
        loss.backward()
        opt.step()
        if not math.isfinite(loss.item()):
            sys.exit(f"pytorch_bench: the loss became non-finite: {loss.item()}")

    ms = timed(step, seconds)
    return {"batch": batch, "samples_per_s": round(batch * len(ms) / (sum(ms) / 1000), 1)}, ms


def vgae_epochs(data, seconds, sparse, gen):
    x, edges = cora(data)
    n = x.shape[0]
    keep = torch.randperm(len(edges), generator=gen)[: int(round(0.85 * len(edges)))]
    e = torch.tensor(edges)[keep]
    adj = torch.zeros(n, n)
    adj[e[:, 0], e[:, 1]] = 1
    adj[e[:, 1], e[:, 0]] = 1
    a_tilde = adj + torch.eye(n)
    d = a_tilde.sum(1).pow(-0.5)
    adj_norm = d[:, None] * a_tilde * d[None, :]
    if sparse:
        adj_norm = adj_norm.to_sparse()
    label = a_tilde
    ones = adj.sum()
    pos_weight = (n * n - ones) / ones
    norm = n * n / float(2 * (n * n - ones))
    model = Vgae(x.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=0.01)

    def epoch():
        opt.zero_grad()
        loss = model.loss(adj_norm, x, label, pos_weight, norm)
        loss.backward()
        opt.step()
        if not math.isfinite(loss.item()):
            sys.exit(f"pytorch_bench: the loss became non-finite: {loss.item()}")

    ms = timed(epoch, seconds)
    return {"seconds_per_epoch": round(quantile(ms, 0.5) / 1000, 4), "adjacency": "sparse" if sparse else "dense"}, ms


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=WORKLOADS)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--data", default=None, help="data directory (default: AE4J_DATA, ~/.ae4j/data, ../shared/datasets)")
    p.add_argument("--sparse", action="store_true", help="vgae-cora: sparse normalized adjacency in the encoder")
    a = p.parse_args()
    if a.seconds <= 0 or a.batch < 1 or a.threads < 1:
        p.error("need --seconds > 0, --batch >= 1 and --threads >= 1")
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    if a.workload == "vgae-cora":
        fields, ms = vgae_epochs(a.data, a.seconds, a.sparse, gen)
    else:
        model = {"vae-mnist": Vae, "deep-ae-mnist": DeepAe, "conv-vae-mnist": ConvVae}[a.workload]()
        fields, ms = minibatch_training(model, mnist_train_images(a.data), a.batch, a.seconds, gen)
    out = {"workload": a.workload, "framework": f"pytorch {torch.__version__}", "threads": torch.get_num_threads()}
    out.update(fields)
    out.update({"iterations": len(ms), "ms_per_iter_median": round(quantile(ms, 0.5), 3),
                "ms_per_iter_p90": round(quantile(ms, 0.9), 3),
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
