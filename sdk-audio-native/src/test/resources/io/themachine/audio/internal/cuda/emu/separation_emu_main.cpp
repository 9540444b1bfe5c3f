// Runs separation.cu's kernels on the CPU (cuda_emu.h) against direct references written here:
//   median   every kernel variant (registers 32/64, radix "any") on both axes, widths 1..100 on
//            axes of 7 and 45 (windows longer than the axis repeat the reflection), quantised
//            values so that ties occur: bit-for-bit equal to sort-and-pick over a window built by
//            explicit mirroring (d c b a | a b c d | d c b a ...)
//   masks    soft (power 2, 1, 0.5, hard; split zeros), ratio (3 estimates, p = 2 and 1.5), stereo
//            similarity: within 1e-6 absolute of double references
//   gemm     the four transpose combinations at 70 x 90 x 37: within 1e-5 relative
//   nmf      10 iterations of both losses, the host sequence of CudaSeparation mirrored: WH within
//            1e-4 relative (Frobenius) of a double reference
//   repet    REPET-SIM model, odd and even k, k above the candidate count, minDistance, maxDistance,
//            row passes that do not divide the frames, exact similarity ties (to the lower index):
//            within 1e-5 relative
//   hpss     the CudaHpss pipeline (frames, exact DFT for cuFFT R2C, magnitude, median time and
//            frequency on the frame-major layout, masks, inverse DFT for C2R, overlap-add) on
//            stereo interleaved PCM against librosa-style HPSS in double: within 1e-5 on the waveform
// Prints one "name=value" line per check; the Java test reads them.
#include <algorithm>
#define REPET_BLOCK 64  // the device uses 256; 64 keeps the emulated barriers cheap
using std::min;
using std::max;
#include "cuda_emu.h"
#include "separation.cu"
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <complex>
#include <string>

static std::mt19937 rng(4711);
static float uni() { return std::uniform_real_distribution<float>(0.0f, 1.0f)(rng); }

static int ref_reflect(long i, int n) {
  // mirror step by step: d c b a | a b c d | d c b a
  while (i < 0 || i >= n) {
    if (i < 0) i = -1 - i;
    if (i >= n) i = 2L * n - 1 - i;
  }
  return (int) i;
}

static float ref_median(const std::vector<float>& line, int width, int i) {
  std::vector<float> w(width);
  for (int j = 0; j < width; j++) w[j] = line[ref_reflect((long) i - width / 2 + j, (int) line.size())];
  std::sort(w.begin(), w.end());
  return w[width / 2];
}

static int check_median() {
  const int count = 2, rows = 7, cols = 45;
  std::vector<float> x(count * rows * cols);
  for (auto& v : x) v = std::floor(uni() * 9) / 8;  // few levels: many ties
  x[3] = -0.25f;
  int bad = 0, checked = 0;
  for (int width : {1, 2, 3, 4, 5, 8, 15, 31, 32, 33, 50, 64, 65, 100}) {
    // along the contiguous axis: lines = count * rows, len = cols
    for (int variant = 0; variant < 2; variant++) {
      std::vector<float> out(x.size(), -99.0f);
      const long long lines = (long long) count * rows;
      if (variant == 0 && width <= 64) {
        const float* in = x.data();
        float* o = out.data();
        emu_launch((cols + 255) / 256, 256, [&] { if (width <= 32) median_rows32(in, lines, cols, width, o); else median_rows64(in, lines, cols, width, o); }, 5);
      } else {
        const float* in = x.data();
        float* o = out.data();
        emu_launch(3, 256, [&] { median_rows_any(in, lines, cols, width, o); });
      }
      for (long l = 0; l < lines; l++) {
        std::vector<float> line(x.begin() + l * cols, x.begin() + (l + 1) * cols);
        for (int c = 0; c < cols; c++, checked++) {
          float want = ref_median(line, width, c), got = out[l * cols + c];
          if (__float_as_uint(want) != __float_as_uint(got) && !(want == 0 && got == 0)) bad++;
        }
      }
    }
    // along the strided axis: count matrices rows x cols, windows along rows
    for (int variant = 0; variant < 2; variant++) {
      std::vector<float> out(x.size(), -99.0f);
      const float* in = x.data();
      float* o = out.data();
      if (variant == 0 && width <= 64) {
        emu_launch((cols + 31) / 32, 256, [&] { if (width <= 32) median_cols32(in, count, rows, cols, width, o); else median_cols64(in, count, rows, cols, width, o); }, 1);
      } else {
        emu_launch(3, 256, [&] { median_cols_any(in, count, rows, cols, width, o); });
      }
      for (int m = 0; m < count; m++) {
        for (int c = 0; c < cols; c++) {
          std::vector<float> line(rows);
          for (int r = 0; r < rows; r++) line[r] = x[(m * rows + r) * cols + c];
          for (int r = 0; r < rows; r++, checked++) {
            float want = ref_median(line, width, r), got = out[(m * rows + r) * cols + c];
            if (__float_as_uint(want) != __float_as_uint(got) && !(want == 0 && got == 0)) bad++;
          }
        }
      }
    }
  }
  std::printf("median_mismatches=%d median_checked=%d\n", bad, checked);
  return bad;
}

static double ref_soft(float x, float ref, double p, bool split) {
  if (std::isinf(p)) return x > ref ? 1.0 : 0.0;
  double z = std::max(x, ref);
  if (z < 1.17549435e-38) return split ? 0.5 : 0.0;
  double a = std::pow(x / z, p), b = std::pow(ref / z, p);
  return a / (a + b);
}

static void check_masks() {
  const long long n = 3000;
  std::vector<float> x(n), r(n), out(n);
  for (long long i = 0; i < n; i++) {
    x[i] = i % 17 == 0 ? 0.0f : uni();
    r[i] = i % 17 == 0 || i % 5 == 0 ? 0.0f : uni();
  }
  double maxSoft = 0;
  for (double p : {2.0, 1.0, 0.5, (double) INFINITY}) {
    for (int split = 0; split < 2; split++) {
      const float scale = 1.5f;
      emu_launch(4, 256, [&] { soft_mask(x.data(), r.data(), scale, p, std::isinf(p) ? 1 : 0, split, n, out.data()); });
      for (long long i = 0; i < n; i++) maxSoft = std::max(maxSoft, std::fabs(out[i] - ref_soft(x[i], scale * r[i], p, split)));
    }
  }
  const int ne = 3;
  std::vector<float> est(ne * n), masks(ne * n);
  for (long long i = 0; i < ne * n; i++) est[i] = (i % n) % 13 == 0 ? 0.0f : uni() - 0.2f;  // some negative: |v|^p
  double maxRatio = 0;
  for (double p : {2.0, 1.5}) {
    emu_launch(4, 256, [&] { ratio_masks(est.data(), ne, n, p, masks.data()); });
    for (long long i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < ne; j++) s += std::pow(std::fabs((double) est[j * n + i]), p);
      for (int j = 0; j < ne; j++) {
        double want = s < 1.17549435e-38 ? 1.0 / ne : std::pow(std::fabs((double) est[j * n + i]), p) / s;
        maxRatio = std::max(maxRatio, std::fabs(masks[j * n + i] - want));
      }
    }
  }
  std::vector<float> a(n), b(n), c(n), d(n), psi(n);
  for (long long i = 0; i < n; i++) {
    a[i] = uni() - 0.5f; b[i] = uni() - 0.5f; c[i] = uni() - 0.5f; d[i] = uni() - 0.5f;
    if (i % 7 == 0) { c[i] = a[i]; d[i] = b[i]; }
    if (i % 11 == 0) { c[i] = 0; d[i] = 0; }
    if (i % 19 == 0) { a[i] = b[i] = c[i] = d[i] = 0; }
  }
  emu_launch(4, 256, [&] { stereo_similarity(a.data(), b.data(), c.data(), d.data(), n, psi.data()); });
  double maxPsi = 0;
  for (long long i = 0; i < n; i++) {
    std::complex<double> L(a[i], b[i]), R(c[i], d[i]);
    double den = std::norm(L) + std::norm(R);
    double want = den < 1.17549435e-38 ? 0.0 : 2 * std::abs(L * std::conj(R)) / den;
    maxPsi = std::max(maxPsi, std::fabs(psi[i] - want));
  }
  std::printf("soft_max_abs=%.3g ratio_max_abs=%.3g stereo_max_abs=%.3g identical_psi=%.9g\n", maxSoft, maxRatio, maxPsi, psi[7]);
}

// C = op(A) op(B) through gemm_tiled (64 x 64 tiles).
static void gemm(int M, int N, int K, const float* A, int lda, int ta, const float* B, int ldb, int tb, float* C, int ldc) {
  emu_launch((N + 63) / 64, 256, [&] { gemm_tiled(M, N, K, A, lda, ta, B, ldb, tb, C, ldc); }, (M + 63) / 64);
}

static void check_gemm() {
  const int M = 70, N = 90, K = 37;
  double worst = 0;
  for (int ta = 0; ta < 2; ta++) {
    for (int tb = 0; tb < 2; tb++) {
      std::vector<float> A(M * K), B(K * N), C(M * N);
      for (auto& v : A) v = uni() - 0.3f;
      for (auto& v : B) v = uni() - 0.3f;
      const int lda = ta ? M : K, ldb = tb ? K : N;
      gemm(M, N, K, A.data(), lda, ta, B.data(), ldb, tb, C.data(), N);
      for (int m = 0; m < M; m++) {
        for (int n = 0; n < N; n++) {
          double s = 0, sa = 0;
          for (int k = 0; k < K; k++) {
            double a = ta ? A[k * lda + m] : A[m * lda + k];
            double b = tb ? B[n * ldb + k] : B[k * ldb + n];
            s += a * b;
            sa += std::fabs(a * b);
          }
          worst = std::max(worst, std::fabs(C[m * N + n] - s) / sa);
        }
      }
    }
  }
  std::printf("gemm_max_rel=%.3g\n", worst);
}

// The host sequence of CudaSeparation.nmf, mirrored.
static void nmf_device(std::vector<float>& V, std::vector<float>& W, std::vector<float>& H, int bins, int frames, int rank, int iters, bool kl) {
  std::vector<float> num(std::max(bins, rank) * std::max(frames, rank)), den(num.size()), small(rank * rank), wh(bins * frames), q(bins * frames), sums(rank);
  const long long nh = (long long) rank * frames, nw = (long long) bins * rank;
  for (int it = 0; it < iters; it++) {
    if (!kl) {
      gemm(rank, frames, bins, W.data(), rank, 1, V.data(), frames, 0, num.data(), frames);
      gemm(rank, rank, bins, W.data(), rank, 1, W.data(), rank, 0, small.data(), rank);
      gemm(rank, frames, rank, small.data(), rank, 0, H.data(), frames, 0, den.data(), frames);
      emu_launch(2, 256, [&] { nmf_mul_update(H.data(), num.data(), den.data(), nh); });
      gemm(bins, rank, frames, V.data(), frames, 0, H.data(), frames, 1, num.data(), rank);
      gemm(rank, rank, frames, H.data(), frames, 0, H.data(), frames, 1, small.data(), rank);
      gemm(bins, rank, rank, W.data(), rank, 0, small.data(), rank, 0, den.data(), rank);
      emu_launch(2, 256, [&] { nmf_mul_update(W.data(), num.data(), den.data(), nw); });
    } else {
      const long long nv = (long long) bins * frames;
      gemm(bins, frames, rank, W.data(), rank, 0, H.data(), frames, 0, wh.data(), frames);
      emu_launch(2, 256, [&] { nmf_kl_ratio(V.data(), wh.data(), nv, q.data()); });
      gemm(rank, frames, bins, W.data(), rank, 1, q.data(), frames, 0, num.data(), frames);
      emu_launch(1, 256, [&] { sum_lines(W.data(), rank, bins, 1, rank, sums.data()); });
      emu_launch(2, 256, [&] { nmf_kl_update_rows(H.data(), num.data(), sums.data(), rank, frames); });
      gemm(bins, frames, rank, W.data(), rank, 0, H.data(), frames, 0, wh.data(), frames);
      emu_launch(2, 256, [&] { nmf_kl_ratio(V.data(), wh.data(), nv, q.data()); });
      gemm(bins, rank, frames, q.data(), frames, 0, H.data(), frames, 1, num.data(), rank);
      emu_launch(1, 256, [&] { sum_lines(H.data(), rank, frames, frames, 1, sums.data()); });
      emu_launch(2, 256, [&] { nmf_kl_update_cols(W.data(), num.data(), sums.data(), bins, rank); });
    }
  }
}

static void nmf_ref(const std::vector<float>& Vf, std::vector<double>& W, std::vector<double>& H, int bins, int frames, int rank, int iters, bool kl) {
  std::vector<double> V(Vf.begin(), Vf.end());
  auto wh = [&](int b, int t) { double s = 0; for (int r = 0; r < rank; r++) s += W[b * rank + r] * H[r * frames + t]; return s; };
  for (int it = 0; it < iters; it++) {
    std::vector<double> nh(rank * frames), dh(rank * frames);
    if (!kl) {
      for (int r = 0; r < rank; r++) for (int t = 0; t < frames; t++) {
        double n = 0, d = 0;
        for (int b = 0; b < bins; b++) { n += W[b * rank + r] * V[b * frames + t]; d += W[b * rank + r] * wh(b, t); }
        nh[r * frames + t] = n; dh[r * frames + t] = d;
      }
      for (int i = 0; i < rank * frames; i++) H[i] *= nh[i] / std::max(dh[i], 1e-12);
      std::vector<double> nw(bins * rank), dw(bins * rank);
      for (int b = 0; b < bins; b++) for (int r = 0; r < rank; r++) {
        double n = 0, d = 0;
        for (int t = 0; t < frames; t++) { n += V[b * frames + t] * H[r * frames + t]; d += wh(b, t) * H[r * frames + t]; }
        nw[b * rank + r] = n; dw[b * rank + r] = d;
      }
      for (int i = 0; i < bins * rank; i++) W[i] *= nw[i] / std::max(dw[i], 1e-12);
    } else {
      std::vector<double> Q(bins * frames);
      for (int b = 0; b < bins; b++) for (int t = 0; t < frames; t++) Q[b * frames + t] = V[b * frames + t] / std::max(wh(b, t), 1e-12);
      for (int r = 0; r < rank; r++) {
        double sw = 0;
        for (int b = 0; b < bins; b++) sw += W[b * rank + r];
        for (int t = 0; t < frames; t++) {
          double n = 0;
          for (int b = 0; b < bins; b++) n += W[b * rank + r] * Q[b * frames + t];
          nh[r * frames + t] = n / std::max(sw, 1e-12);
        }
      }
      for (int i = 0; i < rank * frames; i++) H[i] *= nh[i];
      for (int b = 0; b < bins; b++) for (int t = 0; t < frames; t++) Q[b * frames + t] = V[b * frames + t] / std::max(wh(b, t), 1e-12);
      std::vector<double> nw(bins * rank);
      for (int r = 0; r < rank; r++) {
        double sh = 0;
        for (int t = 0; t < frames; t++) sh += H[r * frames + t];
        for (int b = 0; b < bins; b++) {
          double n = 0;
          for (int t = 0; t < frames; t++) n += Q[b * frames + t] * H[r * frames + t];
          nw[b * rank + r] = n / std::max(sh, 1e-12);
        }
      }
      for (int i = 0; i < bins * rank; i++) W[i] *= nw[i];
    }
  }
}

static void check_nmf() {
  const int bins = 40, frames = 70, rank = 4, iters = 10;
  double worst = 0;
  for (int kl = 0; kl < 2; kl++) {
    std::vector<float> V(bins * frames), W(bins * rank), H(rank * frames);
    for (auto& v : V) v = 0.05f + uni();
    for (auto& v : W) v = 0.1f + uni();
    for (auto& v : H) v = 0.1f + uni();
    std::vector<double> Wd(W.begin(), W.end()), Hd(H.begin(), H.end());
    nmf_device(V, W, H, bins, frames, rank, iters, kl);
    nmf_ref(V, Wd, Hd, bins, frames, rank, iters, kl);
    double e = 0, s = 0;
    for (int b = 0; b < bins; b++) for (int t = 0; t < frames; t++) {
      double g = 0, w = 0;
      for (int r = 0; r < rank; r++) { g += (double) W[b * rank + r] * H[r * frames + t]; w += Wd[b * rank + r] * Hd[r * frames + t]; }
      e += (g - w) * (g - w);
      s += w * w;
    }
    worst = std::max(worst, std::sqrt(e / s));
  }
  std::printf("nmf_rel_frobenius=%.3g\n", worst);
}

static void check_repet() {
  const int bins = 20, frames = 40;
  std::vector<float> X(bins * frames), Xt(frames * bins), inv(frames);
  for (int b = 0; b < bins; b++) for (int t = 0; t < frames; t++) X[b * frames + t] = uni() * (1.0f + (t % 4 == 0));
  for (int b = 0; b < bins; b++) X[b * frames + 13] = 0.0f;  // an all-zero column: similarity 0
  // Four columns of one direction, scaled by powers of two: exactly equal similarities (on the
  // device as in double), different values, near the top for every frame: k = 2 must take the
  // two of lower index.
  for (int b = 0; b < bins; b++) {
    X[b * frames + 5] = 0.5f;
    X[b * frames + 20] = 1.0f;
    X[b * frames + 30] = 2.0f;
    X[b * frames + 35] = 4.0f;
  }
  emu_launch(1, 256, [&] { column_inv_norms(X.data(), bins, frames, inv.data()); });
  emu_launch((frames + 31) / 32, 256, [&] { transpose_tiled(X.data(), bins, frames, Xt.data()); }, (bins + 31) / 32);
  bool transposed = true;
  for (int b = 0; b < bins; b++) for (int t = 0; t < frames; t++) transposed &= Xt[t * bins + b] == X[b * frames + t];
  double worst = 0;
  struct Cfg { int k, minD, maxD, pass; };
  for (Cfg cfg : {Cfg{5, 3, 0, 15}, Cfg{4, 2, 6, 17}, Cfg{80, 0, 0, 40}, Cfg{2, 1, 0, 40}}) {
    std::vector<float> out(bins * frames, -1.0f), sim(cfg.pass * frames);
    std::vector<int> sel(cfg.pass * frames);
    for (int t0 = 0; t0 < frames; t0 += cfg.pass) {
      const int R = std::min(cfg.pass, frames - t0);
      gemm(R, frames, bins, Xt.data() + (long) t0 * bins, bins, 0, Xt.data(), bins, 1, sim.data(), frames);
      emu_launch(R, REPET_BLOCK, [&] { repet_select_median(sim.data(), inv.data(), Xt.data(), t0, frames, bins, cfg.k, cfg.minD, cfg.maxD, sel.data(), out.data()); });
    }
    for (int t = 0; t < frames; t++) {
      std::vector<std::pair<double, int>> cand;
      for (int j = 0; j < frames; j++) {
        int d = std::abs(t - j);
        if (d < cfg.minD || (cfg.maxD > 0 && d > cfg.maxD)) continue;
        double s = 0, na = 0, nb = 0;
        for (int b = 0; b < bins; b++) { s += (double) X[b * frames + t] * X[b * frames + j]; na += (double) X[b * frames + t] * X[b * frames + t]; nb += (double) X[b * frames + j] * X[b * frames + j]; }
        cand.push_back({na == 0 || nb == 0 ? 0.0 : s / std::sqrt(na * nb), j});
      }
      std::stable_sort(cand.begin(), cand.end(), [](auto& a, auto& b) { return a.first > b.first; });
      const int n = std::min<int>(cfg.k, cand.size());
      for (int b = 0; b < bins; b++) {
        std::vector<double> v;
        for (int i = 0; i < n; i++) v.push_back(X[b * frames + cand[i].second]);
        std::sort(v.begin(), v.end());
        double model = n == 0 ? X[b * frames + t] : (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
        double want = std::min(model, (double) X[b * frames + t]);
        double got = out[b * frames + t];
        worst = std::max(worst, std::fabs(got - want) / std::max(1e-30, std::fabs(want)));
      }
    }
  }
  std::printf("repet_max_rel=%.3g transposed=%d\n", worst, transposed ? 1 : 0);
}

static void dft_r2c(const float* in, int n, float* out) {
  for (int k = 0; k <= n / 2; k++) {
    double re = 0, im = 0;
    for (int j = 0; j < n; j++) {
      double a = -2 * M_PI * (double) ((long) k * j % n) / n;
      re += in[j] * std::cos(a);
      im += in[j] * std::sin(a);
    }
    out[2 * k] = (float) re;
    out[2 * k + 1] = (float) im;
  }
}

// cuFFT C2R semantics: Hermitian extension, imaginary parts of DC and Nyquist ignored, unnormalised.
static void dft_c2r(const float* in, int n, float* out) {
  for (int j = 0; j < n; j++) {
    double s = in[0];
    for (int k = 1; k < n / 2; k++) {
      double a = 2 * M_PI * (double) ((long) k * j % n) / n;
      s += 2 * (in[2 * k] * std::cos(a) - in[2 * k + 1] * std::sin(a));
    }
    s += in[n] * ((j & 1) ? -1.0 : 1.0);
    out[j] = (float) s;
  }
}

static void check_hpss() {
  const int ch = 2, nFft = 64, hop = 16, bins = nFft / 2 + 1, wTime = 9, wFreq = 7;
  const long long n = 1500;
  const int T = 1 + (int) (n / hop);
  std::vector<float> pcm(n * ch);
  for (long long i = 0; i < n; i++) {
    for (int c = 0; c < ch; c++) {
      double v = 0.4 * std::sin(2 * M_PI * (0.05 + 0.01 * c) * i) + ((i % 300) == 37 ? 0.9 : 0.0) + 0.05 * (uni() - 0.5);
      pcm[i * ch + c] = (float) v;
    }
  }
  std::vector<float> win(nFft);
  for (int j = 0; j < nFft; j++) win[j] = (float) (0.5 - 0.5 * std::cos(2 * M_PI * j / nFft));
  double worst = 0;
  for (int reflect = 0; reflect < 2; reflect++) {
    // device sequence (CudaHpss.run)
    std::vector<float> frames((long) ch * T * nFft), X((long) ch * T * bins * 2), mag((long) ch * T * bins), H(mag.size()), P(mag.size()), Xh(X.size());
    std::vector<float> outH(n * ch), outP(n * ch);
    emu_launch(std::min(T, 16), 256, [&] { hpss_frames(pcm.data(), n, ch, win.data(), nFft, hop, T, 1, reflect, frames.data()); }, ch);
    for (long f = 0; f < (long) ch * T; f++) dft_r2c(frames.data() + f * nFft, nFft, X.data() + f * bins * 2);
    const long long cells = (long long) ch * T * bins;
    emu_launch(4, 256, [&] { hpss_magnitude(X.data(), cells, mag.data()); });
    emu_launch((bins + 31) / 32, 256, [&] { median_cols32(mag.data(), ch, T, bins, wTime, H.data()); }, 8);
    emu_launch(1, 256, [&] { median_rows32(mag.data(), (long long) ch * T, bins, wFreq, P.data()); }, 16);
    emu_launch(4, 256, [&] { hpss_apply(X.data(), H.data(), P.data(), cells, 1.0f, 1.0f, 2.0, 0, 1, Xh.data()); });
    for (int stem = 0; stem < 2; stem++) {
      std::vector<float>& spec = stem == 0 ? Xh : X;
      for (long f = 0; f < (long) ch * T; f++) dft_c2r(spec.data() + f * bins * 2, nFft, frames.data() + f * nFft);
      float* o = stem == 0 ? outH.data() : outP.data();
      emu_launch(4, 256, [&] { hpss_overlap_add(frames.data(), win.data(), nFft, hop, T, ch, n, 1, 1.0f / nFft, o); });
    }
    // reference: per channel, bins x frames, librosa conventions, double
    for (int c = 0; c < ch; c++) {
      std::vector<std::complex<double>> S(bins * T);
      for (int t = 0; t < T; t++) {
        for (int k = 0; k < bins; k++) {
          std::complex<double> acc = 0;
          for (int j = 0; j < nFft; j++) {
            long long i = (long long) t * hop - nFft / 2 + j;
            double v;
            if (i >= 0 && i < n) v = pcm[i * ch + c];
            else if (reflect) { long long r = i < 0 ? -i : 2 * (n - 1) - i; v = pcm[r * ch + c]; }
            else v = 0;
            acc += v * (double) win[j] * std::polar(1.0, -2 * M_PI * (double) ((long) k * j % nFft) / nFft);
          }
          S[k * T + t] = acc;
        }
      }
      std::vector<float> M(bins * T);
      for (int i = 0; i < bins * T; i++) M[i] = (float) std::abs(S[i]);
      std::vector<float> Hr(bins * T), Pr(bins * T);
      for (int k = 0; k < bins; k++) {
        std::vector<float> line(M.begin() + k * T, M.begin() + (k + 1) * T);
        for (int t = 0; t < T; t++) Hr[k * T + t] = ref_median(line, wTime, t);
      }
      for (int t = 0; t < T; t++) {
        std::vector<float> line(bins);
        for (int k = 0; k < bins; k++) line[k] = M[k * T + t];
        for (int k = 0; k < bins; k++) Pr[k * T + t] = ref_median(line, wFreq, k);
      }
      for (int stem = 0; stem < 2; stem++) {
        std::vector<double> y(nFft + hop * (T - 1), 0.0), wss(y.size(), 0.0);
        for (int t = 0; t < T; t++) {
          std::vector<std::complex<double>> Y(bins);
          for (int k = 0; k < bins; k++) {
            double m = stem == 0 ? ref_soft(Hr[k * T + t], Pr[k * T + t], 2.0, true) : ref_soft(Pr[k * T + t], Hr[k * T + t], 2.0, true);
            Y[k] = S[k * T + t] * m;
          }
          for (int j = 0; j < nFft; j++) {
            double s = Y[0].real() + Y[bins - 1].real() * ((j & 1) ? -1 : 1);
            for (int k = 1; k < bins - 1; k++) s += 2 * (Y[k] * std::polar(1.0, 2 * M_PI * (double) ((long) k * j % nFft) / nFft)).real();
            y[t * hop + j] += s / nFft * win[j];
            wss[t * hop + j] += (double) win[j] * win[j];
          }
        }
        const float* got = stem == 0 ? outH.data() : outP.data();
        for (long long i = 0; i < n; i++) {
          long long p = i + nFft / 2;
          double want = p < (long long) y.size() ? (wss[p] > 1.17549435e-38 ? y[p] / wss[p] : y[p]) : 0.0;
          worst = std::max(worst, std::fabs(got[i * ch + c] - want));
        }
      }
    }
  }
  std::printf("hpss_max_abs=%.3g frames=%d\n", worst, T);
}

int main(int argc, char** argv) {
  std::string what = argc > 1 ? argv[1] : "all";
  if (what == "all" || what == "median") check_median();
  if (what == "all" || what == "masks") check_masks();
  if (what == "all" || what == "gemm") check_gemm();
  if (what == "all" || what == "nmf") check_nmf();
  if (what == "all" || what == "repet") check_repet();
  if (what == "all" || what == "hpss") check_hpss();
  return 0;
}
