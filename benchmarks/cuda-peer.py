#!/usr/bin/env python3
"""Peers for CudaBenchmark, timed on the same GPU in the same session (scripts/gpu-bench.sh):

  torchaudio_mel   torchaudio.transforms.MelSpectrogram(n_fft 2048, hop 512, 128 Slaney mels, centred,
                   constant padding, power 2) + AmplitudeToDB(top_db 80), on the batch's mono clips
  torch_stft       torch.stft alone (cuFFT) on the same clips and frames: the FFT-only baseline
  d2d_copy         a device-to-device copy of the loudness input (stereo clips): the bandwidth ceiling
  h2d_pinned       a pinned host-to-device copy of the same bytes

Same signal shape as CudaBenchmark (files x seconds at rate, float32). Timing: CUDA events, 3 warm-up
runs, median of --runs. Prints one JSON object on stdout; missing torch/torchaudio is reported, not fatal.

With --hpss, the peer of CudaHpssBenchmark instead (one stereo recording of --seconds at --rate):
  torch_hpss            torch.stft (2048/512, periodic Hann, centred, zero padding) -> |X| -> median
                        filters of --kernel along time and along frequency (scipy 'reflect' edges by
                        index gather, then unfold + median) -> librosa soft masks (power 2, split
                        zeros) -> torch.istft of both stems at the input length; PCM on the device
  torch_hpss_transfers  the same from pinned host memory to pinned host memory (copies included)
"""
import argparse
import json
import math
import statistics
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=64)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--rate", type=int, default=48000)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--hpss", action="store_true", help="time the HPSS peer instead (CudaHpssBenchmark)")
    ap.add_argument("--kernel", type=int, default=31)
    a = ap.parse_args()
    if a.hpss:
        return hpss_peer(a)
    out = {"files": a.files, "seconds": a.seconds, "rate": a.rate}
    try:
        import torch
    except Exception as e:  # noqa: BLE001
        out["error"] = "torch not importable: %s" % type(e).__name__
        print(json.dumps(out))
        return 0
    if not torch.cuda.is_available():
        out["error"] = "torch.cuda.is_available() is False"
        print(json.dumps(out))
        return 0
    dev = torch.device("cuda")
    out["device"] = torch.cuda.get_device_name(0)
    out["torch"] = torch.__version__
    n = a.seconds * a.rate
    g = torch.Generator(device=dev).manual_seed(1)
    mono = (torch.rand((a.files, n), generator=g, device=dev) - 0.5) * 0.25
    stereo = (torch.rand((a.files, 2, n), generator=g, device=dev) - 0.5) * 0.25

    def timed(fn):
        for _ in range(3):
            fn()
        torch.cuda.synchronize()
        times = []
        for _ in range(a.runs):
            s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            s.record()
            fn()
            e.record()
            e.synchronize()
            times.append(s.elapsed_time(e))
        return {"median_ms": statistics.median(times), "min_ms": min(times), "runs": len(times)}

    window = torch.hann_window(2048, periodic=True, device=dev)
    with torch.inference_mode():
        out["torch_stft"] = timed(lambda: torch.stft(mono, 2048, hop_length=512, window=window, center=True,
                                                     pad_mode="constant", return_complex=True))
        target = torch.empty_like(stereo)
        out["d2d_copy"] = timed(lambda: target.copy_(stereo))
        out["d2d_copy"]["bytes"] = stereo.numel() * 4
        host = stereo.cpu().pin_memory()
        out["h2d_pinned"] = timed(lambda: target.copy_(host, non_blocking=True))
        out["h2d_pinned"]["bytes"] = host.numel() * 4
        del host
        try:
            import torchaudio
            out["torchaudio"] = torchaudio.__version__
            mel = torchaudio.transforms.MelSpectrogram(sample_rate=a.rate, n_fft=2048, hop_length=512, n_mels=128,
                                                       norm="slaney", mel_scale="slaney", center=True,
                                                       pad_mode="constant", power=2.0).to(dev)
            db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=80).to(dev)
            out["torchaudio_mel"] = timed(lambda: db(mel(mono)))
        except Exception as e:  # noqa: BLE001
            out["torchaudio_error"] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
    print(json.dumps(out))
    return 0


def reflect_index(n, pad, device):
    """scipy.ndimage 'reflect' (d c b a | a b c d | d c b a), period 2n: indices for n + 2 pad positions."""
    import torch
    i = torch.arange(-pad, n + pad, device=device)
    m = torch.remainder(i, 2 * n)
    return torch.where(m < n, m, 2 * n - 1 - m)


def hpss_peer(a):
    out = {"seconds": a.seconds, "rate": a.rate, "kernel": a.kernel, "channels": 2}
    try:
        import torch
    except Exception as e:  # noqa: BLE001
        out["error"] = "torch not importable: %s" % type(e).__name__
        print(json.dumps(out))
        return 0
    if not torch.cuda.is_available():
        out["error"] = "torch.cuda.is_available() is False"
        print(json.dumps(out))
        return 0
    dev = torch.device("cuda")
    out["device"] = torch.cuda.get_device_name(0)
    out["torch"] = torch.__version__
    n = a.seconds * a.rate
    g = torch.Generator(device=dev).manual_seed(1)
    t = torch.arange(n, device=dev, dtype=torch.float32) / a.rate
    x = torch.stack([0.2 * torch.sin(2 * math.pi * 220 * (c + 1) * t) for c in range(2)])
    x = (x + 0.02 * (torch.rand((2, n), generator=g, device=dev) - 0.5)).contiguous()
    window = torch.hann_window(2048, periodic=True, device=dev)
    w = a.kernel
    half = w // 2

    def median_last(s):
        # window of i covers i - w//2 .. i - w//2 + w - 1 (scipy origin 0); rank w//2 (torch.median's lower median = scipy's for odd w)
        idx = reflect_index(s.shape[-1], w, dev)[w - half: w - half + s.shape[-1] + w - 1]
        return s.index_select(-1, idx).unfold(-1, w, 1).median(-1).values

    def hpss(y):
        X = torch.stft(y, 2048, hop_length=512, window=window, center=True, pad_mode="constant", return_complex=True)
        S = X.abs()
        H = median_last(S)
        P = median_last(S.transpose(-1, -2)).transpose(-1, -2)
        Z = torch.maximum(H, P)
        bad = Z < torch.finfo(torch.float32).tiny
        Z = torch.where(bad, torch.ones_like(Z), Z)
        mh, mp = (H / Z) ** 2, (P / Z) ** 2
        tot = mh + mp
        mh = torch.where(bad, torch.full_like(mh, 0.5), mh / tot)
        mp = torch.where(bad, torch.full_like(mp, 0.5), mp / tot)
        yh = torch.istft(X * mh, 2048, hop_length=512, window=window, center=True, length=y.shape[-1])
        yp = torch.istft(X * mp, 2048, hop_length=512, window=window, center=True, length=y.shape[-1])
        return yh, yp

    def timed(fn):
        for _ in range(3):
            fn()
        torch.cuda.synchronize()
        times = []
        for _ in range(a.runs):
            s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            s.record()
            fn()
            e.record()
            e.synchronize()
            times.append(s.elapsed_time(e))
        return {"median_ms": statistics.median(times), "min_ms": min(times), "runs": len(times)}

    try:
        with torch.inference_mode():
            out["torch_hpss"] = timed(lambda: hpss(x))
            host = x.cpu().pin_memory()
            oh = torch.empty_like(host).pin_memory()
            op = torch.empty_like(host).pin_memory()

            def transfers():
                yh, yp = hpss(host.to(dev, non_blocking=True))
                oh.copy_(yh, non_blocking=True)
                op.copy_(yp, non_blocking=True)

            out["torch_hpss_transfers"] = timed(transfers)
            yh, yp = hpss(x)
            out["reconstruction_max_abs"] = float((yh + yp - x).abs().max())
    except Exception as e:  # noqa: BLE001
        out["error"] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
