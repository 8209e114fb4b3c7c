// A CPU allocator that keeps large freed blocks for reuse. libtorch's default CPU allocator hands every
// tensor to malloc, and glibc serves blocks above its mmap threshold (at most 32 MiB) with fresh mmaps:
// each training step of the seed autoencoder at 136² (batch 32) then page-faults about 0.9 GB of zeroed
// pages, and the kernel's page-fault time was as large as the step's arithmetic (perf stat: 230,000
// faults a step, sys time ≈ user time, PyTorch's own process alike). Reusing the blocks of the previous
// step removes that work.
//
// Blocks of at least kMinCached bytes are cached by size (rounded up to 4 KiB), the most recently freed
// reused first. The cache holds at most the largest total of large blocks live at once since the last
// release (the oldest cached blocks are freed first): a repeating workload (training steps, k-means
// iterations) then finds every block it needs, and the peak of a repeating workload is unchanged, since
// at its peak the cached blocks are the live ones. (Evicting on every miss instead, to keep live + cached
// under the high-water mark, settled into misses that evicted blocks the same step needed later: 37 of
// 68 large allocations a step missed; with this rule 4 do.) nbt_cpu_cache_release() frees every cached block (the analysis
// bench calls it before each measurement; torch.cpu_cache_release() from C#). NOTEBOOKLIB_CPU_CACHE=0
// turns the cache off.
#include "shim.h"
#include <c10/core/CPUAllocator.h>
#include <cstdlib>
#include <list>
#include <mutex>
#include <unordered_map>

namespace {
constexpr size_t kMinCached = size_t(1) << 19;  // 512 KiB
constexpr size_t kAlignment = 64;                // as c10's alloc_cpu

struct Block {
  void* ptr;
  size_t size;
};

struct CacheState {
  std::mutex mutex;
  std::unordered_map<void*, size_t> live;  // large blocks handed out
  std::list<Block> cached;                 // freed large blocks, oldest first
  size_t cached_bytes = 0;
  size_t live_bytes = 0;  // large blocks handed out
  size_t high_water = 0;  // the largest live_bytes seen since the last release
  int64_t hits = 0, misses = 0;
};

CacheState& state() {
  static CacheState* s = new CacheState();  // never destroyed: tensors may be freed during exit
  return *s;
}

void* aligned(size_t n) {
  void* p = nullptr;
  if (posix_memalign(&p, kAlignment, n) != 0 || p == nullptr)
    TORCH_CHECK(false, "DefaultCPUAllocator: not enough memory: you tried to allocate ", n, " bytes.");
  return p;
}

void delete_any(void* p) {
  if (!p) return;
  auto& s = state();
  std::vector<void*> evicted;
  bool small = false;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    auto it = s.live.find(p);
    if (it == s.live.end()) {
      small = true;  // freed below, outside the lock
    } else {
      s.cached.push_back({p, it->second});
      s.cached_bytes += it->second;
      s.live_bytes -= it->second;
      s.live.erase(it);
      // the cache holds at most the largest live total seen: the oldest blocks go first
      while (s.cached_bytes > s.high_water) {
        s.cached_bytes -= s.cached.front().size;
        evicted.push_back(s.cached.front().ptr);
        s.cached.pop_front();
      }
    }
  }
  if (small) std::free(p);
  for (auto* e : evicted) std::free(e);
}

struct CachingCpuAllocator final : at::Allocator {
  at::DataPtr allocate(size_t n) const override {
    const at::Device cpu(at::DeviceType::CPU);
    if (n == 0) return {nullptr, nullptr, &delete_any, cpu};
    if (n < kMinCached) {
      void* p = aligned(n);
      return {p, p, &delete_any, cpu};
    }
    const size_t size = (n + 4095) & ~size_t(4095);
    auto& s = state();
    void* p = nullptr;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      for (auto it = s.cached.rbegin(); it != s.cached.rend(); ++it)  // the most recently freed first
        if (it->size == size) {
          p = it->ptr;
          s.cached_bytes -= size;
          s.cached.erase(std::next(it).base());
          s.hits++;
          break;
        }
      if (!p) s.misses++;
    }
    if (!p) p = aligned(size);
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      s.live[p] = size;
      s.live_bytes += size;
      if (s.live_bytes > s.high_water) s.high_water = s.live_bytes;
    }
    return {p, p, &delete_any, cpu};
  }
  at::DeleterFnPtr raw_deleter() const override { return &delete_any; }
};

bool install() {
  const char* env = std::getenv("NOTEBOOKLIB_CPU_CACHE");
  if (env && std::string(env) == "0") return false;
  static CachingCpuAllocator* allocator = new CachingCpuAllocator();
  c10::SetCPUAllocator(allocator, /*priority*/ 1);
  return true;
}
const bool installed = install();
}  // namespace

NBT_API int nbt_cpu_cache_enabled() { return installed ? 1 : 0; }
// Frees every cached block; returns the bytes freed.
NBT_API int64_t nbt_cpu_cache_release() {
  auto& s = state();
  std::list<Block> blocks;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    blocks.swap(s.cached);
    s.cached_bytes = 0;
    s.high_water = s.live_bytes;
  }
  int64_t bytes = 0;
  for (auto& b : blocks) {
    bytes += static_cast<int64_t>(b.size);
    std::free(b.ptr);
  }
  return bytes;
}
// hits, misses, cached bytes
NBT_API void nbt_cpu_cache_stats(int64_t* out) {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  out[0] = s.hits;
  out[1] = s.misses;
  out[2] = static_cast<int64_t>(s.cached_bytes);
}
