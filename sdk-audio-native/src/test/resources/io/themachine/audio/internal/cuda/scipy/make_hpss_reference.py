#!/usr/bin/python3
"""Writes hpss_reference.csv: librosa-style HPSS written out with numpy and scipy (librosa itself is
not installed here), the CPU path that CudaHpss is held to. Run with Debian's python3 (numpy 1.24,
scipy 1.10.1): /usr/bin/python3 make_hpss_reference.py > hpss_reference.csv

  signal   stereo, 3000 samples: x[i, c] = 0.4 sin(2 pi (0.031 + 0.007 c) i) + 0.3 sin(2 pi 0.173 i + c)
           + 0.8 exp(-(i mod 700) / 4) for (i mod 700) < 24 (clicks), as float32
  stft     librosa.stft(n_fft=256, hop_length=64, window='hann' (periodic), center=True,
           pad_mode='constant'): rfft in double, stored complex64
  hpss     librosa.decompose.hpss(kernel_size=(17, 9), power=2, margin=1): magnitude (float32),
           scipy.ndimage.median_filter(mode='reflect') size (1, 17) and (9, 1), softmask with
           split_zeros=True, S * mask (complex64)
  istft    librosa.istft(length=3000): irfft per frame in double, times the window, overlap-add,
           divided by the window sum of squares where it exceeds float32 tiny, centre trimmed
Rows: "harmonic|percussive,<channel>,<v0>,...", float32 as hex bit patterns."""
import numpy as np
import scipy
from scipy.ndimage import median_filter

n, n_fft, hop, kh, kp = 3000, 256, 64, 17, 9
i = np.arange(n)
ch = []
for c in range(2):
    x = 0.4 * np.sin(2 * np.pi * (0.031 + 0.007 * c) * i) + 0.3 * np.sin(2 * np.pi * 0.173 * i + c)
    m = i % 700
    x = x + np.where(m < 24, 0.8 * np.exp(-m / 4.0), 0.0)
    ch.append(x.astype(np.float32))
win = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft))  # scipy.signal.get_window('hann', n_fft, fftbins=True)
print("# scipy %s numpy %s" % (scipy.__version__, np.__version__))


def hexs(v):
    return ",".join("%08x" % u for u in v.astype(np.float32).view(np.uint32))


for c, x in enumerate(ch):
    xp = np.pad(x.astype(np.float64), n_fft // 2, mode="constant")
    T = 1 + n // hop
    frames = np.stack([xp[t * hop: t * hop + n_fft] * win for t in range(T)], axis=1)  # n_fft x T
    S = np.fft.rfft(frames, axis=0).astype(np.complex64)  # bins x T
    mag = np.abs(S).astype(np.float32)
    harm = median_filter(mag, size=(1, kh), mode="reflect")
    perc = median_filter(mag, size=(kp, 1), mode="reflect")

    def softmask(X, X_ref, power=2.0):
        Z = np.maximum(X, X_ref).astype(np.float32)
        bad = Z < np.finfo(np.float32).tiny
        Z[bad] = 1
        mask = (X / Z) ** power
        ref_mask = (X_ref / Z) ** power
        good = ~bad
        mask[good] /= mask[good] + ref_mask[good]
        mask[bad] = 0.5  # split_zeros: margins are both 1
        return mask

    for name, mask in (("harmonic", softmask(harm, perc)), ("percussive", softmask(perc, harm))):
        Y = (S * mask).astype(np.complex64)
        y = np.zeros(n_fft + hop * (T - 1))
        wss = np.zeros_like(y)
        for t in range(T):
            y[t * hop: t * hop + n_fft] += np.fft.irfft(Y[:, t].astype(np.complex128), n=n_fft) * win
            wss[t * hop: t * hop + n_fft] += win * win
        ok = wss > np.finfo(np.float32).tiny
        y[ok] /= wss[ok]
        out = y[n_fft // 2: n_fft // 2 + n]
        print("%s,%d,%s" % (name, c, hexs(out)))
