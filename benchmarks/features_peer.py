#!/usr/bin/env python3
"""torchaudio peer for FeatureBenchmark: times the same kernels on the same signal and prints them
beside the JMH figures of the same run, with ratios (ours / torchaudio).

Usage: features_peer.py [--seconds 600] [--threads 1] [--jmh results.json]
Figures are audio seconds processed per second of wall time, best of --repeat runs. Only ratios
from one run on one machine mean anything; on a shared box absolute numbers move a lot.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import torch
import torchaudio


def signal(sr, seconds):
    """FeatureBenchmark.signal: tones, a slow chirp and integer-hash noise (bit-identical formula)."""
    n = np.arange(sr * seconds, dtype=np.int64)
    t = n / float(sr)
    h = (n.astype(np.uint64) * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(2246822519)) & np.uint64(0xFFFFFFFF)
    noise = h.astype(np.float64) / 4294967296.0 - 0.5
    x = (0.4 * np.sin(2 * math.pi * 220 * t) + 0.2 * np.sin(2 * math.pi * (300 * t + 20 * t * t / seconds))
         + 0.1 * noise)
    return torch.from_numpy(x.astype(np.float32))


def best(fn, x, repeat, clock=time.perf_counter):
    fn(x[: 22050])  # warm-up (allocator, window caches)
    times = []
    for _ in range(repeat):
        t0 = clock()
        with torch.inference_mode():
            fn(x)
        times.append(clock() - t0)
    return min(times)


# JMH benchmark name -> torchaudio counterpart
PAIRS = [
    ("stftReused", "stft 2048/512 power"),
    ("mel128Reused", "mel128 (2048/512)"),
    ("mfcc40Reused", "mfcc40 (mel128)"),
    ("asrMel80Reused", "asr mel80 400/160 @16k"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=600)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jmh", help="JMH JSON results of the same run")
    ap.add_argument("--cpu", help="FeatureCpuTime JSON lines of the same run (thread CPU time, one thread)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    x22 = signal(22050, a.seconds)
    x16 = signal(16000, a.seconds)
    kernels = {
        "stft 2048/512 power": (torchaudio.transforms.Spectrogram(n_fft=2048, hop_length=512, power=2.0), x22),
        "mel128 (2048/512)": (torchaudio.transforms.MelSpectrogram(sample_rate=22050, n_fft=2048, hop_length=512, n_mels=128), x22),
        "mfcc40 (mel128)": (torchaudio.transforms.MFCC(sample_rate=22050, n_mfcc=40,
                                                      melkwargs=dict(n_fft=2048, hop_length=512, n_mels=128)), x22),
        "asr mel80 400/160 @16k": (torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=400, hop_length=160, n_mels=80), x16),
    }
    peer = {}
    for name, (fn, x) in kernels.items():
        s = best(fn, x, a.repeat)
        peer[name] = a.seconds / s
    ours = {}
    alloc = {}
    threads_seen = None
    if a.jmh:
        with open(a.jmh) as f:
            for r in json.load(f):
                bench = r["benchmark"].rsplit(".", 1)[-1]
                secs = float(r.get("params", {}).get("seconds", a.seconds))
                ours[(bench, r.get("threads", 1))] = r["primaryMetric"]["score"] * secs
                gc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
                if gc:
                    alloc[(bench, r.get("threads", 1))] = gc["score"]
                threads_seen = r.get("threads", 1)
    print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}, torch threads {a.threads}, "
          f"signal {a.seconds} s; figures in audio seconds per second")
    print(f"{'kernel':28s} {'torchaudio':>12s} {'ours (JMH)':>12s} {'ours/torch':>10s}")
    for bench, name in PAIRS:
        o = ours.get((bench, a.threads))
        ratio = f"{o / peer[name]:10.2f}" if o else f"{'-':>10s}"
        print(f"{name:28s} {peer[name]:12.0f} {o if o else float('nan'):12.0f} {ratio}")
    if a.cpu and a.threads == 1:
        # process CPU time with one torch thread: comparable with FeatureCpuTime's thread CPU time
        cpu = {}
        with open(a.cpu) as f:
            for line in f:
                if line.startswith("{"):
                    r = json.loads(line)
                    cpu[r["name"]] = r["realtime"]
        print("CPU time (best of runs; ours: thread CPU time, torchaudio: process CPU time, 1 thread)")
        print(f"{'kernel':28s} {'torchaudio':>12s} {'ours (CPU)':>12s} {'ours/torch':>10s}")
        for bench, name in PAIRS:
            fn, x = kernels[name]
            t = a.seconds / best(fn, x, a.repeat, time.process_time)
            o = cpu.get(bench)
            ratio = f"{o / t:10.2f}" if o else f"{'-':>10s}"
            print(f"{name:28s} {t:12.0f} {o if o else float('nan'):12.0f} {ratio}")
        for name in ("tarsosFft2048", "tarsosMfcc40"):
            if name in cpu:
                print(f"  TarsosDSP {name:18s} {cpu[name]:10.0f} (CPU time)")
    if ours:
        print("all JMH rows (threads, audio s/s, bytes allocated per op when run with -prof gc):")
        for (bench, th), v in sorted(ours.items()):
            b = alloc.get((bench, th))
            print(f"  {bench:22s} t={th} {v:10.0f}" + (f" {b:14.0f} B/op" if b is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
