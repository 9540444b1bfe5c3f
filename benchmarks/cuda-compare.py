#!/usr/bin/env python3
"""Prints CudaBenchmark's scores (JMH JSON) as bandwidths, audio seconds per second and ratios, with
the peers of cuda-peer.py from the same session, and the issue's targets. Usage:
  cuda-compare.py jmh-cuda.json peer.json
  cuda-compare.py jmh-hpss.json peer-hpss.json     (CudaHpssBenchmark and cuda-peer.py --hpss)
Only ratios measured in one run on one device mean anything."""
import json
import sys


def hpss(runs, peer):
    by, params = {}, {}
    for r in runs:
        by[r["benchmark"].rsplit(".", 1)[1]] = r["primaryMetric"]["score"]  # ms/op
        params = r.get("params", params)
    seconds, rate, kernel = int(params.get("seconds", 60)), int(params.get("rate", 44100)), int(params.get("kernel", 31))
    print("CudaHpssBenchmark: HPSS %d s stereo @ %d Hz, n_fft 2048, hop 512, kernel %d, both stems via istft" % (seconds, rate, kernel))
    if peer.get("device"):
        print("device: %s, torch %s" % (peer.get("device"), peer.get("torch")))
    rows = (("deviceResident", "torch_hpss", "device-resident", "[target >= 1000x real time]"),
            ("withTransfers", "torch_hpss_transfers", "host -> host", "[target <= 150 ms]"))
    for ours, theirs, label, target in rows:
        if ours in by:
            ms = by[ours]
            print("  %-22s %10.3f ms  %8.0fx real time  %s" % ("ours " + label, ms, seconds / (ms / 1e3), target))
        if theirs in peer:
            pm = peer[theirs]["median_ms"]
            extra = ("ours is %.2fx faster" % (pm / by[ours])) if ours in by else ""
            print("  %-22s %10.3f ms  %8.0fx real time  %s" % ("torch " + label, pm, seconds / (pm / 1e3), extra))
    if "reconstruction_max_abs" in peer:
        print("  peer check: max |harmonic + percussive - input| = %.2e" % peer["reconstruction_max_abs"])
    if "error" in peer:
        print("  peer: " + peer["error"])


def main(jmh_path, peer_path):
    runs = json.load(open(jmh_path))
    peer = json.load(open(peer_path)) if peer_path else {}
    if any("CudaHpssBenchmark" in r["benchmark"] for r in runs):
        return hpss(runs, peer)
    by = {}
    params = {}
    for r in runs:
        name = r["benchmark"].rsplit(".", 1)[1]
        by[name] = r["primaryMetric"]["score"]  # ms/op
        params = r.get("params", params)
    files, seconds, rate = int(params.get("files", 64)), int(params.get("seconds", 60)), int(params.get("rate", 48000))
    stereo_bytes = files * seconds * rate * 2 * 4
    audio_s = files * seconds
    print("CudaBenchmark: %d files x %d s @ %d Hz, loudness signal %s (loudness stereo %.3f GB; log-mel mono)" % (files, seconds, rate, params.get("signal", "noise"), stereo_bytes / 1e9))
    if peer.get("device"):
        print("device: %s, torch %s, torchaudio %s" % (peer.get("device"), peer.get("torch"), peer.get("torchaudio", "n/a")))

    def line(label, ms, extra=""):
        print("  %-22s %10.3f ms  %s" % (label, ms, extra))

    tbps = lambda ms: stereo_bytes / (ms / 1e3) / 1e12
    if "loudness" in by:
        line("loudness (full: +maxM/S)", by["loudness"], "%.2f TB/s effective, %.0f audio-s/s  [target >= 1 TB/s, stretch 2]" % (tbps(by["loudness"]), audio_s / (by["loudness"] / 1e3)))
    if "loudnessNoMaxima" in by:
        line("loudness (I+LRA+TP+SP)", by["loudnessNoMaxima"], "%.2f TB/s effective" % tbps(by["loudnessNoMaxima"]))
    if "loudnessNoPeaks" in by:
        line("loudness (I+LRA only)", by["loudnessNoPeaks"], "%.2f TB/s effective" % tbps(by["loudnessNoPeaks"]))
    if "loudnessFusedPass" in by:
        line("fused pass alone", by["loudnessFusedPass"], "%.2f TB/s effective" % tbps(by["loudnessFusedPass"]))
        if "loudness" in by:
            print("    gating + maxima kernels add %.1f %% to the fused pass" % (100 * (by["loudness"] / by["loudnessFusedPass"] - 1)))
    if "deviceCopy" in by:
        line("device-to-device copy", by["deviceCopy"], "%.2f TB/s (bytes copied / time)" % tbps(by["deviceCopy"]))
        if "loudness" in by:
            print("    loudness / copy time: %.2f" % (by["loudness"] / by["deviceCopy"]))
    if "hostToDevice" in by:
        h2d = stereo_bytes / (by["hostToDevice"] / 1e3) / 1e9
        line("host-to-device (pinned)", by["hostToDevice"], "%.1f GB/s" % h2d)
        if "loudnessFromPinned" in by:
            eff = stereo_bytes / (by["loudnessFromPinned"] / 1e3) / 1e9
            line("loudness from pinned", by["loudnessFromPinned"], "%.1f GB/s = %.0f %% of H2D  [target >= 80 %%]" % (eff, 100 * eff / h2d))
    if "logMel" in by:
        line("log-mel 2048/512/128", by["logMel"], "%.2f M audio-s/s  [target >= 2 M]" % (audio_s / (by["logMel"] / 1e3) / 1e6))
        if "fftOnly" in by:
            line("framing + cuFFT only", by["fftOnly"], "log-mel / FFT-only = %.2f  [target <= 1.30]" % (by["logMel"] / by["fftOnly"]))
    for key, label in (("torchaudio_mel", "torchaudio MelSpec+dB"), ("torch_stft", "torch.stft (cuFFT)"),
                       ("d2d_copy", "torch copy_ (d2d)"), ("h2d_pinned", "torch copy_ (h2d pinned)")):
        if key in peer:
            ms = peer[key]["median_ms"]
            extra = ""
            if key == "torchaudio_mel" and "logMel" in by:
                extra = "ours is %.2fx faster" % (ms / by["logMel"])
            if key == "torch_stft" and "fftOnly" in by:
                extra = "our framing+cuFFT: %.2fx" % (ms / by["fftOnly"])
            if key == "d2d_copy" and "deviceCopy" in by:
                extra = "%.2f TB/s; ours/theirs time %.2f" % (tbps(ms), by["deviceCopy"] / ms)
            if key == "h2d_pinned":
                extra = "%.1f GB/s" % (stereo_bytes / (ms / 1e3) / 1e9)
            line("peer " + label, ms, extra)
    for k in ("error", "torchaudio_error"):
        if k in peer:
            print("  peer: " + peer[k])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
