#!/usr/bin/python3
"""numpy/scipy peer for SeparationBenchmark.hpss: librosa's HPSS path (librosa.effects.hpss:
stft -> decompose.hpss -> istft) re-typed on numpy and scipy.ndimage.median_filter, because librosa
itself is not installed here. Same signal as SeparationBenchmark.signal (bit-identical formula),
60 s stereo 44.1 kHz, n_fft 2048, hop 512, kernel 31, power 2, margin 1, channel by channel.

Usage: separation_peer.py [--seconds 60] [--repeat 2] [--jmh results.json]
Prints the peer's real-time factor (best of --repeat, wall and CPU time) and, given the JMH JSON of
the same run, ours and the ratio. Only ratios from one run on one machine mean anything.
"""
import argparse
import json
import time

import numpy as np
import scipy.ndimage
import scipy.signal

N_FFT, HOP, KERNEL = 2048, 512, 31


def signal(sr, seconds, channel):
    i = np.arange(sr * seconds, dtype=np.int64)
    t = i / float(sr)
    v = (0.2 * np.sin(2 * np.pi * (220 + 30 * channel) * t) + 0.1 * np.sin(2 * np.pi * 330 * t)
         + 0.05 * np.sin(2 * np.pi * 440 * t + channel))
    m = i % (sr // 4)
    h = (i * 2654435761) & 0xFFFFFFFF
    noise = h / 4294967296.0 - 0.5
    v = v + np.where(m < sr // 100, 0.8 * noise * np.exp(-m / (sr / 2000.0)), 0.0)
    v = v + 0.01 * noise
    return v.astype(np.float32)


WINDOW = scipy.signal.get_window("hann", N_FFT, fftbins=True)


def stft(y):
    # librosa.stft(center=True, pad_mode="constant"): frames by stride tricks, one rfft call
    yp = np.pad(y, N_FFT // 2, mode="constant")
    frames = np.lib.stride_tricks.sliding_window_view(yp, N_FFT)[::HOP]
    return np.fft.rfft(WINDOW * frames, axis=-1).T.astype(np.complex64)


def istft(D, length):
    # librosa.istft: irfft, window, overlap-add frame by frame, divide by the window's sum of squares
    n_frames = D.shape[1]
    ytmp = WINDOW[:, None] * np.fft.irfft(D, n=N_FFT, axis=0)
    expected = N_FFT + HOP * (n_frames - 1)
    y = np.zeros(expected, dtype=np.float32)
    for frame in range(n_frames):
        s = frame * HOP
        y[s:s + N_FFT] += ytmp[:, frame]
    wss = np.zeros(expected)
    w2 = WINDOW ** 2
    for frame in range(n_frames):
        s = frame * HOP
        wss[s:s + N_FFT] += w2
    nz = wss > np.finfo(np.float32).tiny
    y[nz] /= wss[nz]
    y = y[N_FFT // 2:]
    out = np.zeros(length, dtype=np.float32)
    n = min(length, len(y))
    out[:n] = y[:n]
    return out


def softmask(X, X_ref, power=1, split_zeros=False):
    Z = np.maximum(X, X_ref).astype(X.dtype)
    bad_idx = Z < np.finfo(X.dtype).tiny
    Z[bad_idx] = 1
    mask = (X / Z) ** power
    ref_mask = (X_ref / Z) ** power
    good_idx = ~bad_idx
    mask[good_idx] /= mask[good_idx] + ref_mask[good_idx]
    mask[bad_idx] = 0.5 if split_zeros else 0.0
    return mask


def hpss(y):
    D = stft(y)
    S = np.abs(D)
    harm = scipy.ndimage.median_filter(S, size=(1, KERNEL), mode="reflect")
    perc = scipy.ndimage.median_filter(S, size=(KERNEL, 1), mode="reflect")
    mh = softmask(harm, perc, power=2, split_zeros=True)
    mp = softmask(perc, harm, power=2, split_zeros=True)
    return istft(D * mh, len(y)), istft(D * mp, len(y))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--jmh")
    a = ap.parse_args()
    x = [signal(44100, a.seconds, c) for c in range(2)]
    best_wall = best_cpu = float("inf")
    for _ in range(a.repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        stems = [hpss(ch) for ch in x]
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    rms = float(np.sqrt(np.mean(stems[0][0] ** 2)))
    print(json.dumps({"name": "peer_numpy_scipy_hpss", "seconds": a.seconds, "wall_s": round(best_wall, 3),
                      "cpu_s": round(best_cpu, 3), "realtime_wall": round(a.seconds / best_wall, 2),
                      "realtime_cpu": round(a.seconds / best_cpu, 2), "harmonic_rms_left": round(rms, 6),
                      "numpy": np.__version__, "scipy": scipy.__version__}))
    if a.jmh:
        with open(a.jmh) as f:
            rows = json.load(f)
        for r in rows:
            if not r["benchmark"].endswith(".hpss"):
                continue
            ms = r["primaryMetric"]["score"]
            ours = a.seconds / (ms / 1000.0)
            backend = r["params"]["backend"]
            print(f"hpss {backend:6s}: {ms:9.1f} ms/op = {ours:6.1f}x real time; peer {a.seconds / best_wall:5.2f}x; ratio ours/peer {ours / (a.seconds / best_wall):5.2f}")


if __name__ == "__main__":
    main()
