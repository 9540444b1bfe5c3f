// Runs melspec.cu's kernels on the CPU (cuda_emu.h), with an exact DFT in place of cuFFT between
// mel_frames and mel_bands, for a batch of three clips (one shorter than n_fft), in passes smaller
// than the batch, for constant and reflect padding; then mel_clip_max + mel_top_db and mfcc_dct.
// Compared with a direct reference written here (frame, window, DFT, power, dense mel, dB,
// per-clip top_db, DCT-II ortho). Prints "max_db_diff=.. max_mfcc_diff=.. frames=..".
#include "cuda_emu.h"
#include "melspec.cu"
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  const int reflect = argc > 1 ? std::atoi(argv[1]) : 0;
  const int sr = 22050, nFft = 512, hop = 128, nMels = 40, bins = nFft / 2 + 1, nMfcc = 13;
  const int lens[] = {22050, 4321, reflect ? 300 : 200};
  const int clips = 3;
  std::vector<float> x;
  std::vector<long long> off(clips), len(clips), outBase(clips), nValues(clips);
  std::vector<int> frameBase(clips), framesPer(clips), frameClip;
  int total = 0;
  long long ob = 0;
  for (int c = 0; c < clips; c++) {
    off[c] = (long long) x.size();
    len[c] = lens[c];
    for (int i = 0; i < lens[c]; i++) {
      double t = (double) i / sr;
      x.push_back((float) (0.5 * std::sin(2 * M_PI * (220.0 + 100 * c) * t) + 0.2 * std::sin(2 * M_PI * 3500 * t + c)));
    }
    frameBase[c] = total;
    framesPer[c] = 1 + lens[c] / hop;  // centred
    for (int t = 0; t < framesPer[c]; t++) frameClip.push_back(c);
    total += framesPer[c];
    outBase[c] = ob;
    nValues[c] = (long long) framesPer[c] * nMels;
    ob += nValues[c];
  }
  std::vector<float> window(nFft);
  for (int i = 0; i < nFft; i++) window[i] = (float) (0.5 - 0.5 * std::cos(2 * M_PI * i / nFft));
  // Triangles on a linear-ish scale, dense then sparse (as SparseBands.of).
  std::vector<float> dense(nMels * bins, 0.0f);
  for (int m = 0; m < nMels; m++) {
    int lo = 1 + m * 5, mid = lo + 4, hi = lo + 9;
    for (int k = lo; k <= hi && k < bins; k++) dense[m * bins + k] = (float) (k <= mid ? (k - lo) / 4.0 : (hi - k) / 5.0) + 0.01f;
  }
  std::vector<int> bStart(nMels), bLen(nMels), bBase(nMels);
  std::vector<float> w;
  for (int m = 0; m < nMels; m++) {
    int a = -1, b = -1;
    for (int k = 0; k < bins; k++) if (dense[m * bins + k] != 0.0f) { if (a < 0) a = k; b = k; }
    bStart[m] = a < 0 ? 0 : a;
    bLen[m] = a < 0 ? 0 : b - a + 1;
    bBase[m] = (int) w.size();
    for (int k = 0; k < bLen[m]; k++) w.push_back(dense[m * bins + bStart[m] + k]);
  }
  const float amin = 1e-10f, refDb = 0.0f, topDb = 60.0f;
  std::vector<float> out(ob, -999.0f);
  const int pass = 37;  // smaller than the batch, not a divisor
  std::vector<float> frames((size_t) pass * nFft), spec((size_t) pass * bins * 2);
  for (int f0 = 0; f0 < total; f0 += pass) {
    int n = std::min(pass, total - f0);
    emu_launch(n, 64, [&] {
      mel_frames(x.data(), off.data(), len.data(), frameBase.data(), frameClip.data(), window.data(), nFft, hop, 1, reflect, f0,
                 frames.data());
    });
    for (int f = 0; f < n; f++) {  // exact DFT in place of cuFFT R2C
      for (int k = 0; k < bins; k++) {
        double re = 0, im = 0;
        for (int j = 0; j < nFft; j++) {
          double a = 2 * M_PI * (double) ((long long) k * j % nFft) / nFft;
          re += frames[(size_t) f * nFft + j] * std::cos(a);
          im -= frames[(size_t) f * nFft + j] * std::sin(a);
        }
        spec[((size_t) f * bins + k) * 2] = (float) re;
        spec[((size_t) f * bins + k) * 2 + 1] = (float) im;
      }
    }
    emu_launch(n, 64, [&] {
      mel_bands(spec.data(), bins, 2.0f, bStart.data(), bLen.data(), bBase.data(), w.data(), nMels, frameClip.data(),
                frameBase.data(), framesPer.data(), outBase.data(), 1, amin, refDb, 0.0f, f0, out.data());
    });
  }
  std::vector<int> cmax(clips, (int) 0x807fffff);
  emu_launch(4, 64, [&] { mel_clip_max(out.data(), outBase.data(), nValues.data(), cmax.data()); }, clips);
  emu_launch(4, 64, [&] { mel_top_db(out.data(), outBase.data(), nValues.data(), cmax.data(), topDb); }, clips);
  std::vector<double> dct(nMfcc * nMels);
  for (int k = 0; k < nMfcc; k++)
    for (int m = 0; m < nMels; m++)
      dct[k * nMels + m] = (k == 0 ? std::sqrt(1.0 / nMels) : std::sqrt(2.0 / nMels)) * std::cos(M_PI * k * (2 * m + 1) / (2.0 * nMels));
  std::vector<long long> mfccBase(clips);
  long long mb = 0;
  for (int c = 0; c < clips; c++) { mfccBase[c] = mb; mb += (long long) framesPer[c] * nMfcc; }
  std::vector<float> mfcc(mb);
  emu_launch(total, 32, [&] {
    mfcc_dct(out.data(), dct.data(), nMels, nMfcc, frameClip.data(), frameBase.data(), framesPer.data(), outBase.data(),
             mfccBase.data(), mfcc.data());
  });
  // Reference.
  double maxDb = 0, maxMfcc = 0;
  for (int c = 0; c < clips; c++) {
    int nt = framesPer[c];
    std::vector<double> db((size_t) nMels * nt);
    double cm = -1e300;
    for (int t = 0; t < nt; t++) {
      std::vector<double> fr(nFft);
      for (int j = 0; j < nFft; j++) {
        long long i = (long long) t * hop - nFft / 2 + j, n = len[c];
        double v = 0;
        if (i >= 0 && i < n) v = x[off[c] + i];
        else if (reflect) { long long r = i < 0 ? -i : 2 * (n - 1) - i; v = x[off[c] + r]; }
        fr[j] = v * window[j];
      }
      std::vector<double> pw(bins);
      for (int k = 0; k < bins; k++) {
        double re = 0, im = 0;
        for (int j = 0; j < nFft; j++) { double a = 2 * M_PI * (double) ((long long) k * j % nFft) / nFft; re += fr[j] * std::cos(a); im -= fr[j] * std::sin(a); }
        pw[k] = re * re + im * im;
      }
      for (int m = 0; m < nMels; m++) {
        double s = 0;
        for (int k = 0; k < bins; k++) s += dense[m * bins + k] * pw[k];
        db[(size_t) m * nt + t] = 10 * std::log10(std::max(s, 1e-10));
        cm = std::max(cm, db[(size_t) m * nt + t]);
      }
    }
    for (auto& v : db) v = std::max(v, cm - topDb);
    for (size_t i = 0; i < db.size(); i++) maxDb = std::max(maxDb, std::fabs(db[i] - out[outBase[c] + i]));
    for (int k = 0; k < nMfcc; k++)
      for (int t = 0; t < nt; t++) {
        double s = 0;
        for (int m = 0; m < nMels; m++) s += dct[k * nMels + m] * db[(size_t) m * nt + t];
        maxMfcc = std::max(maxMfcc, std::fabs(s - mfcc[mfccBase[c] + (size_t) k * nt + t]));
      }
  }
  std::printf("max_db_diff=%.3e max_mfcc_diff=%.3e frames=%d\n", maxDb, maxMfcc, total);
  return 0;
}
