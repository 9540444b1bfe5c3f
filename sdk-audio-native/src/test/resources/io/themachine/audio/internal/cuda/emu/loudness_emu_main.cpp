// Runs loudness.cu's loudness_chunks on the CPU (cuda_emu.h) for a batch of tracks and compares
// with a serial double-precision reference written here: K-weighted sub-block energies (relative
// error), true peak (full convolution with the 11-sample tail) and sample peak, non-finite counts.
// Prints one line "tracks=.. chunks=.. max_rel_energy=.. max_tp_diff=.. max_sp_diff=.. bad_ok=.."
// and exits 0; KernelEmulationTest parses it.
#include "cuda_emu.h"
#include "loudness.cu"
#include <cstdio>
#include <random>

static void kcoef(int fs, double* c) {
  const double pi = 3.14159265358979323846;
  double f0 = 1681.974450955533, g = 3.999843853973347, q = 0.7071752369554196;
  double k = std::tan(pi * f0 / fs), vh = std::pow(10.0, g / 20.0), vb = std::pow(vh, 0.4996667741545416);
  double a0 = 1.0 + k / q + k * k;
  c[0] = (vh + vb * k / q + k * k) / a0; c[1] = 2.0 * (k * k - vh) / a0; c[2] = (vh - vb * k / q + k * k) / a0;
  c[3] = 2.0 * (k * k - 1.0) / a0; c[4] = (1.0 - k / q + k * k) / a0;
  f0 = 38.13547087602444; q = 0.5003270373238773; k = std::tan(pi * f0 / fs);
  double h0 = 1.0 + k / q + k * k;
  c[5] = 2.0 * (k * k - 1.0) / h0; c[6] = (1.0 - k / q + k * k) / h0;
}

static double radius(double a1, double a2) {
  double d = a1 * a1 - 4 * a2;
  if (d < 0) return std::sqrt(a2);
  double s = std::sqrt(d);
  return std::fmax(std::fabs((-a1 + s) / 2), std::fabs((-a1 - s) / 2));
}

static int warmup(const double* c) {  // ChunkPlan.warmUpFrames
  double r = std::fmax(radius(c[3], c[4]), radius(c[5], c[6]));
  int w = 8192;
  while (w < (1 << 24) && std::log((double) w) + w * std::log(r) > std::log(1e-18)) w += 1024;
  return w;
}

int main(int argc, char** argv) {
  int subsPerChunk = argc > 1 ? std::atoi(argv[1]) : 8;
  const int rates[] = {48000, 44100, 8000, 48000, 96000};
  const double secs[] = {2.73, 1.9, 3.05, 0.05, 1.0};
  const int nt = 5;
  std::vector<float> samples;
  std::vector<long long> off(nt), frames(nt), ebase(nt);
  std::vector<int> rate(nt), sub(nt), warm(nt), chunkTrack, chunkIndex;
  std::vector<double> coef(7 * nt);
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  long long eb = 0;
  for (int t = 0; t < nt; t++) {
    int fs = rates[t];
    long long n = (long long) (fs * secs[t]);
    off[t] = (long long) samples.size();
    frames[t] = n;
    for (long long i = 0; i < n; i++) {
      double v = ((i / (fs / 2)) % 3 == 0 ? 0.0 : u(rng)) + 0.3 * std::sin(2 * 3.14159265358979 * 40 * i / fs) + (i > n / 2 ? 0.25 : 0.0);
      if (t == 0 && i == n / 3) v = 0.95;  // an inter-sample peak somewhere
      samples.push_back((float) v);
    }
    if (t == 1) samples[off[t] + 1234] = NAN;
    if (t == 4) {  // a lone full-scale sample at the very end: its true peak lies in the FIR's tail
      for (int i = 1; i <= 12; i++) samples[off[t] + n - i] = 0.0f;
      samples[off[t] + n - 1] = 3.0f;  // above the rest of the batch
    }
    rate[t] = t;
    kcoef(fs, &coef[7 * t]);
    sub[t] = (fs + 5) / 10;
    warm[t] = warmup(&coef[7 * t]);
    ebase[t] = eb;
    eb += (n + sub[t] - 1) / sub[t];
    long long L = (long long) sub[t] * subsPerChunk;
    for (long long j = 0; j * L < n; j++) { chunkTrack.push_back(t); chunkIndex.push_back((int) j); }
  }
  int chunks = (int) chunkTrack.size();
  std::vector<double> energies(eb, -1.0), csp(chunks), ctp(chunks);
  std::vector<int> cbad(chunks);
  const unsigned block = 128, grid = (chunks + block - 1) / block;
  emu_launch(grid, block, [&] {
    loudness_chunks(samples.data(), off.data(), frames.data(), rate.data(), coef.data(), sub.data(), warm.data(), ebase.data(),
                    chunkTrack.data(), chunkIndex.data(), chunks, subsPerChunk, 1, energies.data(), csp.data(), ctp.data(),
                    cbad.data());
  });
  double maxRel = 0, maxTp = 0, maxSp = 0;
  bool badOk = true;
  for (int t = 0; t < nt; t++) {
    const double* c = &coef[7 * t];
    long long n = frames[t];
    std::vector<double> ref((n + sub[t] - 1) / sub[t], 0.0);
    double s1 = 0, s2 = 0, t1 = 0, t2 = 0, sp = 0, tp = 0;
    std::vector<double> x(n + 11, 0.0);
    int bad = 0;
    for (long long i = 0; i < n; i++) {
      float f = samples[off[t] + i];
      double xv = std::isfinite(f) ? f : 0.0;
      if (!std::isfinite(f)) bad++;
      x[i] = xv;
      double y1 = c[0] * xv + s1;
      s1 = c[1] * xv - c[3] * y1 + s2;
      s2 = c[2] * xv - c[4] * y1;
      double y = y1 + t1;
      t1 = -2.0 * y1 - c[5] * y + t2;
      t2 = y1 - c[6] * y;
      ref[i / sub[t]] += y * y;
      sp = std::fmax(sp, std::fabs(xv));
    }
    for (long long i = 0; i < n + 11; i++) {
      double h[12];
      for (int k = 0; k < 12; k++) h[k] = i - k >= 0 ? x[i - k] : 0.0;
      tp = std::fmax(tp, tp_step(h));
    }
    double scale = 0;
    for (double v : ref) scale = std::fmax(scale, v);
    for (size_t i = 0; i < ref.size(); i++) {
      double got = energies[ebase[t] + i];
      double den = std::fmax(std::fabs(ref[i]), 1e-9 * scale);
      maxRel = std::fmax(maxRel, std::fabs(got - ref[i]) / den);
    }
    double gsp = 0, gtp = 0;
    int gbad = 0;
    for (int g = 0; g < chunks; g++) {
      if (chunkTrack[g] != t) continue;
      gsp = std::fmax(gsp, csp[g]);
      gtp = std::fmax(gtp, ctp[g]);
      gbad += cbad[g];
    }
    maxTp = std::fmax(maxTp, std::fabs(gtp - tp));
    maxSp = std::fmax(maxSp, std::fabs(gsp - sp));
    if (gbad != bad) badOk = false;
  }
  std::printf("tracks=%d chunks=%d max_rel_energy=%.3e max_tp_diff=%.3e max_sp_diff=%.3e bad_ok=%d\n", nt, chunks, maxRel, maxTp,
              maxSp, badOk ? 1 : 0);
  return 0;
}
