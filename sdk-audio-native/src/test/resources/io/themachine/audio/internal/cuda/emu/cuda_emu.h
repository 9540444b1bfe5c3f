// A minimal CUDA emulation for running a kernel source on the CPU in tests (KernelEmulationTest):
// one block at a time, one std::thread per CUDA thread, a std::barrier per warp for __syncwarp and
// the shuffles, a block barrier for __syncthreads, atomicMax / atomicAdd, dynamic shared memory through the
// DYNAMIC_SHARED macro. Enough for loudness.cu, melspec.cu and separation.cu. Not a performance tool.
#pragma once
#include <atomic>
#include <barrier>
#include <cmath>
#include <math.h>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __forceinline__ inline
#define __constant__
#define __shared__ static

struct emu_dim3 { unsigned x = 0, y = 0, z = 0; };
inline thread_local emu_dim3 threadIdx, blockIdx;
inline emu_dim3 blockDim, gridDim;

inline std::vector<std::unique_ptr<std::barrier<>>> emu_warp_bars;
inline std::unique_ptr<std::barrier<>> emu_block_bar;
inline std::vector<unsigned char> emu_dynamic(1 << 20);
#define DYNAMIC_SHARED(type, name) type* name = reinterpret_cast<type*>(emu_dynamic.data())
inline long long emu_xchg_ll[1024];
inline float emu_xchg_f[1024];

inline void __syncwarp(unsigned = 0xffffffffu) { emu_warp_bars[threadIdx.x / 32]->arrive_and_wait(); }

inline long long __shfl_xor_sync(unsigned, long long v, int o) {
  emu_xchg_ll[threadIdx.x] = v;
  __syncwarp();
  long long r = emu_xchg_ll[(threadIdx.x & ~31u) | ((threadIdx.x & 31u) ^ (unsigned) o)];
  __syncwarp();
  return r;
}

inline int emu_xchg_i[1024];

inline int __shfl_xor_sync(unsigned, int v, int o) {
  emu_xchg_i[threadIdx.x] = v;
  __syncwarp();
  int r = emu_xchg_i[(threadIdx.x & ~31u) | ((threadIdx.x & 31u) ^ (unsigned) o)];
  __syncwarp();
  return r;
}

inline float __shfl_xor_sync(unsigned, float v, int o) {
  emu_xchg_f[threadIdx.x] = v;
  __syncwarp();
  float r = emu_xchg_f[(threadIdx.x & ~31u) | ((threadIdx.x & 31u) ^ (unsigned) o)];
  __syncwarp();
  return r;
}

inline void __syncthreads() { emu_block_bar->arrive_and_wait(); }

inline int atomicMax(int* p, int v) {
  std::atomic_ref<int> a(*p);
  int old = a.load();
  while (old < v && !a.compare_exchange_weak(old, v)) {
  }
  return old;
}

inline int atomicAdd(int* p, int v) { return std::atomic_ref<int>(*p).fetch_add(v); }
inline double atomicAdd(double* p, double v) { return std::atomic_ref<double>(*p).fetch_add(v); }

inline unsigned long long atomicMax(unsigned long long* p, unsigned long long v) {
  std::atomic_ref<unsigned long long> a(*p);
  unsigned long long old = a.load();
  while (old < v && !a.compare_exchange_weak(old, v)) {
  }
  return old;
}

inline long long __double_as_longlong(double d) { long long u; std::memcpy(&u, &d, 8); return u; }
inline double __longlong_as_double(long long u) { double d; std::memcpy(&d, &u, 8); return d; }

inline unsigned __float_as_uint(float f) { unsigned u; std::memcpy(&u, &f, 4); return u; }
inline int __float_as_int(float f) { int u; std::memcpy(&u, &f, 4); return u; }
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
using std::fabs;
using std::fmax;


// Runs kernel() over a grid (x, y), one block at a time: one std::thread per CUDA thread for the
// whole launch, walking the blocks in order with a block barrier between them (so static
// "shared" arrays are never written for the next block while the current one still reads them).
template <typename F>
void emu_launch(unsigned grid, unsigned block, F kernel, unsigned gridY = 1) {
  gridDim = {grid, gridY, 1};
  blockDim = {block, 1, 1};
  emu_warp_bars.clear();
  for (unsigned w = 0; w < (block + 31) / 32; w++) emu_warp_bars.push_back(std::make_unique<std::barrier<>>(32));
  emu_block_bar = std::make_unique<std::barrier<>>(block);
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < block; t++) {
    ts.emplace_back([=] {
      for (unsigned by = 0; by < gridY; by++) {
        for (unsigned b = 0; b < grid; b++) {
          threadIdx = {t, 0, 0};
          blockIdx = {b, by, 0};
          kernel();
          emu_block_bar->arrive_and_wait();
        }
      }
    });
  }
  for (auto& t : ts) t.join();
}
