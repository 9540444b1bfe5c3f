// Runs loudness.cu's three kernels (loudness_chunks, loudness_gating, loudness_maxima) on the CPU
// (cuda_emu.h) over a batch laid out by CudaLoudness.Plan, read from the binary file argv[1]
// (KernelEmulationTest writes it, little-endian: a header, then every array the kernels take).
// Launches as CudaLoudness.measure does and prints, per recording,
//   "rec <r> <gated> <total> <lra> <sp> <tp> <nonfinite> <maxMomentarySum> <maxShortTermSum>"
// (%.17g); the test turns them into LoudnessResults and compares with ScalarLoudness.
#include "cuda_emu.h"
#include "loudness.cu"
#include <cstdio>
#include <fstream>
#include <iterator>

struct Reader {
  std::vector<char> buf;
  size_t pos = 0;
  template <typename T> T one() { T v; std::memcpy(&v, buf.data() + pos, sizeof(T)); pos += sizeof(T); return v; }
  template <typename T> std::vector<T> many(long long n) {
    std::vector<T> v(n > 0 ? n : 1);
    if (n > 0) std::memcpy(v.data(), buf.data() + pos, sizeof(T) * n);
    pos += sizeof(T) * (n > 0 ? n : 0);
    return v;
  }
};

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::ifstream f(argv[1], std::ios::binary);
  Reader in;
  in.buf.assign(std::istreambuf_iterator<char>(f), {});
  const int tracks = in.one<int>(), chunks = in.one<int>(), R = in.one<int>(), runs = in.one<int>(), gateGrid = in.one<int>();
  const int subsPerChunk = in.one<int>(), runSubs = in.one<int>(), peaks = in.one<int>(), maxima = in.one<int>(), every100 = in.one<int>();
  const long long nSamples = in.one<long long>(), energyCount = in.one<long long>(), sbTotal = in.one<long long>(), nCoef = in.one<long long>();
  auto samples = in.many<float>(nSamples);
  auto off = in.many<long long>(tracks);
  auto len = in.many<long long>(tracks);
  auto rt = in.many<int>(tracks);
  auto coef = in.many<double>(nCoef);
  auto sb = in.many<int>(tracks);
  auto wu = in.many<int>(tracks);
  auto eBase = in.many<long long>(tracks);
  auto chunkTrack = in.many<int>(chunks);
  auto chunkIdx = in.many<int>(chunks);
  auto tw = in.many<double>(tracks);
  auto rT0 = in.many<int>(R);
  auto rCh = in.many<int>(R);
  auto rFr = in.many<long long>(R);
  auto rSub = in.many<int>(R);
  auto rSb = in.many<long long>(R);
  auto rC0 = in.many<int>(R);
  auto rCn = in.many<int>(R);
  auto mBase = in.many<int>(2 * R + 1);
  auto mRec = in.many<int>(runs);
  auto mKind = in.many<int>(runs);
  auto mRun = in.many<int>(runs);
  if (in.pos != in.buf.size()) { std::fprintf(stderr, "layout mismatch: read %zu of %zu bytes\n", in.pos, in.buf.size()); return 3; }

  // Device memory is not zeroed: poison the outputs so that a value the kernels fail to write shows.
  std::vector<double> energies(energyCount, -1.0), csp(chunks > 0 ? chunks : 1, -1.0), ctp(chunks > 0 ? chunks : 1, -1.0);
  std::vector<int> cbad(chunks > 0 ? chunks : 1, -1);
  std::vector<double> wsum(sbTotal > 0 ? sbTotal : 1, -1.0);
  std::vector<int> histCount(2 * BINS * gateGrid, 7);
  std::vector<double> histSum(2 * BINS * gateGrid, 7.0);
  std::vector<int> flags(runs > 0 ? runs : 1, 5);
  std::vector<double> out(OUT_FIELDS * R, -7.0);
  std::vector<unsigned long long> maxBits(2 * R, 0x7ff8000000000000ull);

  if (chunks > 0) {
    emu_launch((chunks + 127) / 128, 128, [&] {
      loudness_chunks(samples.data(), off.data(), len.data(), rt.data(), coef.data(), sb.data(), wu.data(), eBase.data(),
                      chunkTrack.data(), chunkIdx.data(), chunks, subsPerChunk, peaks, energies.data(), csp.data(), ctp.data(),
                      cbad.data());
    });
  }
  emu_launch(gateGrid, GATE_THREADS, [&] {
    loudness_gating(energies.data(), eBase.data(), tw.data(), rT0.data(), rCh.data(), rFr.data(), rSub.data(), rSb.data(), rC0.data(),
                    rCn.data(), mBase.data(), csp.data(), ctp.data(), cbad.data(), R, runSubs, every100, peaks, maxima, wsum.data(),
                    histCount.data(), histSum.data(), flags.data(), out.data(), maxBits.data());
  });
  int flagged = 0;
  if (maxima && runs > 0) {
    for (int g = 0; g < runs; g++) flagged += flags[g];
    emu_launch((runs + 127) / 128, 128, [&] {
      loudness_maxima(samples.data(), off.data(), coef.data(), rt.data(), wu.data(), tw.data(), rT0.data(), rCh.data(), rFr.data(),
                      rSub.data(), rSb.data(), mRec.data(), mKind.data(), mRun.data(), runs, runSubs, wsum.data(), flags.data(),
                      maxBits.data());
    });
  }
  for (int r = 0; r < R; r++) {
    const double* o = &out[OUT_FIELDS * r];
    std::printf("rec %d %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", r, o[0], o[1], o[2], o[3], o[4], o[5],
                __longlong_as_double((long long) maxBits[2 * r]), __longlong_as_double((long long) maxBits[2 * r + 1]));
  }
  std::printf("runs=%d flagged=%d\n", runs, flagged);
  return 0;
}
