#!/usr/bin/python3
"""Tiny random-weight TorchScript separation models and the reference output of the full chunked
pipeline, for io.themachine.audio.internal.torch tests.

Run with Debian's python3 (torch 1.13.1, torchaudio 0.13.1):

    /usr/bin/python3 make_fixtures.py            # writes beside this file

Every model is seeded; weights are random (no pretrained weights are shipped or downloaded). For each
model NAME it writes NAME.pt (TorchScript), NAME.json (the model card) and NAME.out.npy (the
pipeline's output, stems x channels x frames, float32). The shared input is input.npy (2 x N at the
model rate, float32). `separate()` below is the Python re-implementation of the Java runner
(ChunkedSeparator): keep the two in step.
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
RATE = 8000
FRAMES = 13_613  # 1.7 s at 8 kHz, on purpose no multiple of any stride
MASK64 = (1 << 64) - 1


# ---------------------------------------------------------------------------------------------
# The pipeline, as the Java runner does it (see ChunkedSeparator's Javadoc).

class SplitMix64:
    """The shifts' generator: Steele, Lea and Flood's SplitMix64, the same sequence as Java's."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def below(self, bound):
        return self.next() % bound


def fade(kind, n):
    if kind == "triangle":  # Demucs apply_model's weight, transition_power 1
        w = np.concatenate([np.arange(1, n // 2 + 1), np.arange(n - n // 2, 0, -1)]).astype(np.float64)
        return w / w.max()
    if kind == "hann":  # half-sample offset: never zero at the ends
        return 0.5 - 0.5 * np.cos(2 * np.pi * (np.arange(n) + 0.5) / n)
    if kind == "rectangle":
        return np.ones(n)
    raise ValueError(kind)


def run_graph(model, card, batch):
    """batch: float32 [B, C, L] waveform chunks -> float32 [B, S, C, L]."""
    stems = len(card["stems"])
    b, c, length = batch.shape
    spec = card.get("stft")
    with torch.no_grad():
        if spec is None:
            y = model(torch.from_numpy(batch)).numpy()
            return y.reshape(b, stems, c, length)
        n_fft, hop = spec["n_fft"], spec["hop"]
        win = torch.hann_window(n_fft, periodic=True)
        x = torch.from_numpy(batch).reshape(b * c, length)
        X = torch.stft(x, n_fft, hop, window=win, center=True, pad_mode="reflect", normalized=False,
                       onesided=True, return_complex=True)  # [B*C, F, T]
        F_all, T = X.shape[1], X.shape[2]
        F = spec.get("bins", F_all)
        Xb = X[:, :F, :].reshape(b, c, F, T)
        if spec["input"] == "magnitude":
            inp = Xb.abs()
        else:  # complex_as_channels: c0.re, c0.im, c1.re, ...
            inp = torch.view_as_real(Xb).permute(0, 1, 4, 2, 3).reshape(b, 2 * c, F, T)
        out = model(inp.contiguous())
        if spec["output"] == "complex_as_channels":
            o = out.reshape(b, stems, c, 2, F, T)
            Y = torch.complex(o[:, :, :, 0], o[:, :, :, 1])
        else:
            o = out.reshape(b, stems, c, F, T)
            if spec["output"] == "mask":
                Y = o * Xb[:, None]
            else:  # magnitude with the mixture's phase
                mag = Xb.abs()
                phase = torch.where(mag > 0, Xb / torch.where(mag > 0, mag, torch.ones_like(mag)),
                                    torch.zeros_like(Xb))
                Y = o * phase[:, None]
        full = torch.zeros(b, stems, c, F_all, T, dtype=torch.complex64)
        full[:, :, :, :F, :] = Y
        y = torch.istft(full.reshape(b * stems * c, F_all, T), n_fft, hop, window=win, center=True,
                        normalized=False, onesided=True, length=length)
        return y.reshape(b, stems, c, length).numpy()


def run_chunked(model, card, x, segment, context, overlap, fade_kind, batch):
    """x: float64 [C, N] -> float64 [S, C, N]; chunks of segment + 2 context, overlap-added."""
    c, n = x.shape
    stems = len(card["stems"])
    stride = max(1, int(segment * (1 - overlap)))
    w = fade(fade_kind, segment)
    out = np.zeros((stems, c, n))
    wsum = np.zeros(n)
    offsets = list(range(0, n, stride))
    for i in range(0, len(offsets), batch):
        group = offsets[i:i + batch]
        chunks = np.zeros((len(group), c, segment + 2 * context), dtype=np.float32)
        for j, off in enumerate(group):
            lo, hi = off - context, off + segment + context
            a, b = max(lo, 0), min(hi, n)
            if b > a:
                chunks[j, :, a - lo:b - lo] = x[:, a:b]
        y = run_graph(model, card, chunks).astype(np.float64)
        for j, off in enumerate(group):
            m = min(segment, n - off)
            out[:, :, off:off + m] += w[:m] * y[j, :, :, context:context + m]
            wsum[off:off + m] += w[:m]
    return out / wsum


def separate(model, card, mix, segment=None, context=None, overlap=None, fade_kind=None, batch=1,
             shifts=0, seed=0, normalize=None, residual=None):
    """mix: float32 [C, N] at the model rate and channel count -> dict stem -> float32 [C, N]."""
    segment = card["segment"] if segment is None else segment
    context = card.get("context", 0) if context is None else context
    overlap = card.get("overlap", 0.25) if overlap is None else overlap
    fade_kind = card.get("fade", "triangle") if fade_kind is None else fade_kind
    normalize = card.get("normalize", False) if normalize is None else normalize
    x = mix.astype(np.float64)
    mean, std = 0.0, 1.0
    if normalize:
        ref = x.mean(axis=0)
        mean, std = ref.mean(), ref.std(ddof=1) + 1e-8
        x = (x - mean) / std
    c, n = x.shape
    if shifts == 0:
        y = run_chunked(model, card, x, segment, context, overlap, fade_kind, batch)
    else:
        max_shift = card["sample_rate"] // 2
        rng = SplitMix64(seed)
        y = np.zeros((len(card["stems"]), c, n))
        for _ in range(shifts):
            d = max_shift - rng.below(max_shift + 1)
            shifted = np.concatenate([np.zeros((c, d)), x], axis=1)
            y += run_chunked(model, card, shifted, segment, context, overlap, fade_kind, batch)[:, :, d:d + n]
        y /= shifts
    y = y * std + mean
    stems = {name: y[i] for i, name in enumerate(card["stems"])}
    if residual:
        stems[residual] = mix.astype(np.float64) - y.sum(axis=0)
    return {k: v.astype(np.float32) for k, v in stems.items()}


# ---------------------------------------------------------------------------------------------
# The models.

class UmxLike(nn.Module):
    """Open-Unmix-like: magnitude [B, C, F, T] -> magnitude per stem [B, S, C, F, T] (a sigmoid mask
    from a 1x3 conv over frequency-time on log-magnitude, times the input)."""

    def __init__(self, channels, stems, bins):
        super().__init__()
        self.stems, self.channels = stems, channels
        self.conv = nn.Conv2d(channels, stems * channels, (3, 3), padding=(1, 1))
        self.scale = nn.Parameter(torch.randn(bins, 1) * 0.1 + 1)

    def forward(self, mag):
        b, c, f, t = mag.shape
        m = torch.sigmoid(self.conv(torch.log1p(mag) * self.scale))
        return (m.reshape(b, self.stems, c, f, t)) * mag[:, None]


class MdxLike(nn.Module):
    """MDX-like: complex-as-channels [B, 2C, F, T] -> [B, S, 2C, F, T], a small 2-D conv net."""

    def __init__(self, channels, stems, hidden=8):
        super().__init__()
        self.stems, self.channels = stems, channels
        self.net = nn.Sequential(nn.Conv2d(2 * channels, hidden, 3, padding=1), nn.GELU(),
                                 nn.Conv2d(hidden, stems * 2 * channels, 3, padding=1))

    def forward(self, z):
        b, c2, f, t = z.shape
        return (self.net(z) * 0.5 + z.repeat(1, self.stems, 1, 1)).reshape(b, self.stems, c2, f, t)


class LinearFilter(nn.Module):
    """Waveform FIR per stem: [B, C, L] -> [B, S, C, L]; chunk-invariant with context >= 16."""

    def __init__(self, channels, stems, taps=33):
        super().__init__()
        self.stems, self.channels = stems, channels
        self.conv = nn.Conv1d(channels, stems * channels, taps, padding=taps // 2, bias=False)

    def forward(self, x):
        b, c, n = x.shape
        return self.conv(x).reshape(b, self.stems, c, n)


class NoisyIdentity(nn.Module):
    """Waveform identity with one stem ("copy" = the input the graph got), written into a wrong-sized
    out= tensor so that ATen logs a TORCH_WARN ("An output with one or more elements was resized")
    on every call: the fixture for the stderr-silencing test and for exact channel-policy checks."""

    def forward(self, x):
        out = torch.empty(1)
        torch.mul(x, 1.0, out=out)
        b, c, n = x.shape
        return out.reshape(b, 1, c, n)


def make_input():
    rng = np.random.default_rng(20261124)
    t = np.arange(FRAMES) / RATE
    left = 0.4 * np.sin(2 * np.pi * 220 * t) + 0.1 * rng.standard_normal(FRAMES)
    right = 0.3 * np.sin(2 * np.pi * 330 * t + 0.5) + 0.1 * rng.standard_normal(FRAMES)
    clicks = np.zeros(FRAMES)
    clicks[::1000] = 0.8
    return np.stack([left + clicks, right - clicks]).astype(np.float32) * 0.7 + 0.01


def save(name, module, example, card, out):
    traced = torch.jit.trace(module, example, check_trace=False)
    path = os.path.join(HERE, name + ".pt")
    traced.save(path)
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(f"{name}: {os.path.getsize(path)} bytes, stems {list(out)}", file=sys.stderr)
    np.save(os.path.join(HERE, name + ".out.npy"), np.stack([out[k] for k in out]))
    return traced


def main():
    torch.set_num_threads(1)
    mix = make_input()
    np.save(os.path.join(HERE, "input.npy"), mix)

    # 1. torchaudio's HDemucs (Demucs-style waveform in and out), few channels. The trace fixes the
    # input length (segment + 2 context); the batch dimension stays free.
    from torchaudio.models import HDemucs
    torch.manual_seed(1)
    hd = HDemucs(sources=["vocals", "other"], audio_channels=2, channels=4, growth=2, nfft=256, depth=3).eval()
    card = {"format": "themachine-separation-card/1", "name": "hdemucs-tiny", "sample_rate": RATE, "channels": 2,
            "stems": ["vocals", "other"], "segment": 3000, "context": 500, "overlap": 0.25, "fade": "triangle",
            "normalize": True}
    traced = torch.jit.trace(hd, torch.zeros(1, 2, 4000), check_trace=False)
    out = separate(traced, card, mix, batch=2, shifts=2, seed=7, residual="residual")
    save("hdemucs_tiny", hd, torch.zeros(1, 2, 4000), card, out)

    # 2. Open-Unmix-like: magnitude spectrogram in, magnitudes out, mixture phase; STFT outside the graph.
    torch.manual_seed(2)
    umx = UmxLike(2, 2, 129).eval()
    card = {"format": "themachine-separation-card/1", "name": "umx-tiny", "sample_rate": RATE, "channels": 2,
            "stems": ["vocals", "accompaniment"], "segment": 2048, "context": 256, "overlap": 0.5, "fade": "hann",
            "normalize": False,
            "stft": {"n_fft": 256, "hop": 64, "window": "hann", "center": True, "pad_mode": "reflect",
                     "input": "magnitude", "output": "magnitude"}}
    frames = 1 + (2048 + 512) // 64
    example = torch.rand(1, 2, 129, frames)
    traced = torch.jit.trace(umx, example, check_trace=False)
    out = separate(traced, card, mix, batch=3)
    save("umx_tiny", umx, example, card, out)

    # 3. MDX-like: complex-as-channels, first 96 of 129 bins, one stem plus the residual.
    torch.manual_seed(3)
    mdx = MdxLike(2, 1).eval()
    card = {"format": "themachine-separation-card/1", "name": "mdx-tiny", "sample_rate": RATE, "channels": 2,
            "stems": ["vocals"], "segment": 2560, "context": 0, "overlap": 0.25, "fade": "triangle",
            "normalize": False,
            "stft": {"n_fft": 256, "hop": 64, "window": "hann", "center": True, "pad_mode": "reflect",
                     "input": "complex_as_channels", "output": "complex_as_channels", "bins": 96}}
    frames = 1 + 2560 // 64
    example = torch.rand(1, 4, 96, frames)
    traced = torch.jit.trace(mdx, example, check_trace=False)
    out = separate(traced, card, mix, batch=1, residual="instrumental")
    save("mdx_tiny", mdx, example, card, out)

    # 4. A linear FIR per stem: chunk-invariant (context >= taps / 2), so the chunked pipeline equals
    # the model on the whole input; the reference here is the whole-input run.
    torch.manual_seed(4)
    lin = LinearFilter(2, 2).eval()
    card = {"format": "themachine-separation-card/1", "name": "linear-tiny", "sample_rate": RATE, "channels": 2,
            "stems": ["low", "high"], "segment": 1000, "context": 32, "overlap": 0.5, "fade": "hann",
            "normalize": False, "dynamic_length": True}
    with torch.no_grad():
        whole = lin(torch.from_numpy(mix)[None]).numpy()[0]
    out = {"low": whole[0], "high": whole[1]}
    check = separate(torch.jit.trace(lin, torch.zeros(1, 2, 1064)), card, mix, batch=4)
    err = max(np.abs(check[k] - out[k]).max() for k in out)
    print(f"linear-tiny: chunked vs whole {err:.2e}", file=sys.stderr)
    assert err < 1e-5
    save("linear_tiny", lin, torch.zeros(1, 2, 1064), card, out)

    # 5. The noisy identity (scripted: any length); its output is the input, so no reference file.
    card = {"format": "themachine-separation-card/1", "name": "noisy-identity", "sample_rate": RATE, "channels": 2,
            "stems": ["copy"], "segment": 500, "context": 20, "overlap": 0.25, "fade": "triangle",
            "normalize": False, "dynamic_length": True}
    scripted = torch.jit.script(NoisyIdentity())
    scripted.save(os.path.join(HERE, "noisy_identity.pt"))
    with open(os.path.join(HERE, "noisy_identity.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
