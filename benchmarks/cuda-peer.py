#!/usr/bin/env python3
"""Peers for CudaBenchmark, timed on the same GPU in the same session (scripts/gpu-bench.sh):

  torchaudio_mel   torchaudio.transforms.MelSpectrogram(n_fft 2048, hop 512, 128 Slaney mels, centred,
                   constant padding, power 2) + AmplitudeToDB(top_db 80), on the batch's mono clips
  torch_stft       torch.stft alone (cuFFT) on the same clips and frames: the FFT-only baseline
  d2d_copy         a device-to-device copy of the loudness input (stereo clips): the bandwidth ceiling
  h2d_pinned       a pinned host-to-device copy of the same bytes

Same signal shape as CudaBenchmark (files x seconds at rate, float32). Timing: CUDA events, 3 warm-up
runs, median of --runs. Prints one JSON object on stdout; missing torch/torchaudio is reported, not fatal.
"""
import argparse
import json
import statistics
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=64)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--rate", type=int, default=48000)
    ap.add_argument("--runs", type=int, default=10)
    a = ap.parse_args()
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


if __name__ == "__main__":
    sys.exit(main())
