// A CPU allocator that keeps large freed blocks for reuse. libtorch's default CPU allocator hands every
// tensor to malloc, and glibc serves blocks above its mmap threshold (at most 32 MiB) with fresh mmaps:
// each training step of the seed autoencoder at 136² (batch 32) then page-faults about 0.9 GB of zeroed
// pages, and the kernel's page-fault time was as large as the step's arithmetic (perf stat: 230,000
// faults a step, sys time ≈ user time, PyTorch's own process alike). Reusing the blocks of the previous
// step removes that work.
//
// Blocks of at least kMinCached bytes are mapped with mmap (rounded up to 4 KiB) and, when freed, kept
// by size; a request of a cached size reuses the most recently freed block of that size.
//
// The bound: the large blocks live plus those cached never exceed the largest live total seen since
// the last release (the "high-water mark"), so the cache never raises the peak that the same work has
// without it. (The first version bounded the cache alone by the high-water mark, so live + cached could
// reach twice it: blocks of other sizes sat beside the live ones, and notebook 04 peaked at 5.80 GB
// against 4.31 GB without the cache.) When a request of a size not cached would break the bound, a
// cached block of the nearest size is resized to it with mremap instead of being freed: its pages stay
// mapped (a shrink unmaps only the tail, a growth faults only the added pages), so a size mismatch
// costs a fraction of a fresh block's page faults. (Evicting instead, as an earlier try did, made 37 of
// a training step's 68 large allocations fresh mmaps.) Further cached blocks are unmapped, oldest first,
// until the bound holds.
//
// An explicit cap on the cached bytes: NOTEBOOKLIB_CPU_CACHE_MAX_MB (default a quarter of physical
// memory). nbt_cpu_cache_release() frees every cached block and restarts the high-water mark from the
// live total (the analysis bench calls it before each measurement, Trainer.Fit after training;
// torch.cpu_cache_release() from C#). NOTEBOOKLIB_CPU_CACHE=0 turns the cache off.
#include "shim.h"
#include <c10/core/CPUAllocator.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cstdlib>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace {
constexpr size_t kMinCached = size_t(1) << 19;  // 512 KiB
constexpr size_t kAlignment = 64;                // as c10's alloc_cpu
constexpr size_t kPage = 4096;

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
  size_t max_cached = 0;  // the explicit cap on cached_bytes
  int64_t hits = 0, misses = 0, resized = 0;
};

size_t default_max_cached() {
  if (const char* env = std::getenv("NOTEBOOKLIB_CPU_CACHE_MAX_MB"))
    return static_cast<size_t>(std::strtoull(env, nullptr, 10)) << 20;
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<size_t>(pages) * static_cast<size_t>(page) / 4 : size_t(1) << 30;
}

CacheState& state() {
  static CacheState* s = [] {  // never destroyed: tensors may be freed during exit
    auto* c = new CacheState();
    c->max_cached = default_max_cached();
    return c;
  }();
  return *s;
}

void* aligned(size_t n) {
  void* p = nullptr;
  if (posix_memalign(&p, kAlignment, n) != 0 || p == nullptr)
    TORCH_CHECK(false, "DefaultCPUAllocator: not enough memory: you tried to allocate ", n, " bytes.");
  return p;
}

void* map(size_t size) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    TORCH_CHECK(false, "DefaultCPUAllocator: not enough memory: you tried to allocate ", size, " bytes.");
  return p;
}

// Drops the oldest cached blocks until cached_bytes <= limit; the caller unmaps them outside the lock.
void evict_to(CacheState& s, size_t limit, std::vector<Block>& evicted) {
  while (s.cached_bytes > limit && !s.cached.empty()) {
    s.cached_bytes -= s.cached.front().size;
    evicted.push_back(s.cached.front());
    s.cached.pop_front();
  }
}

void unmap(const std::vector<Block>& blocks) {
  for (const auto& b : blocks) munmap(b.ptr, b.size);
}

void delete_any(void* p) {
  if (!p) return;
  auto& s = state();
  std::vector<Block> evicted;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    auto it = s.live.find(p);
    if (it != s.live.end()) {
      // live + cached is unchanged, so the high-water bound still holds; only the explicit cap can evict
      s.cached.push_back({p, it->second});
      s.cached_bytes += it->second;
      s.live_bytes -= it->second;
      s.live.erase(it);
      evict_to(s, s.max_cached, evicted);
      p = nullptr;
    }
  }
  if (p) std::free(p);  // a small block (posix_memalign)
  unmap(evicted);
}

struct CachingCpuAllocator final : at::Allocator {
  at::DataPtr allocate(size_t n) const override {
    const at::Device cpu(at::DeviceType::CPU);
    if (n == 0) return {nullptr, nullptr, &delete_any, cpu};
    if (n < kMinCached) {
      void* p = aligned(n);
      return {p, p, &delete_any, cpu};
    }
    const size_t size = (n + kPage - 1) & ~(kPage - 1);
    auto& s = state();
    void* p = nullptr;
    Block donor{nullptr, 0};
    std::vector<Block> evicted;
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
      if (!p) {
        s.misses++;
        if (s.live_bytes + size > s.high_water) s.high_water = s.live_bytes + size;
        const size_t room = s.high_water - s.live_bytes - size;  // what the cache may hold beside the new block
        if (s.cached_bytes > room) {
          // resize the cached block of the nearest size rather than map fresh pages
          auto best = s.cached.end();
          size_t best_gap = SIZE_MAX;
          for (auto it = s.cached.begin(); it != s.cached.end(); ++it) {
            const size_t gap = it->size > size ? it->size - size : size - it->size;
            if (gap < best_gap) best_gap = gap, best = it;
          }
          donor = *best;
          s.cached_bytes -= best->size;
          s.cached.erase(best);
          evict_to(s, room, evicted);
        }
      }
      // counted live before the lock is left, so that no other thread's miss sees room that is taken
      s.live_bytes += size;
      if (p) s.live[p] = size;
    }
    const bool hit = p != nullptr;
    unmap(evicted);
    if (!p && donor.ptr) {
      p = mremap(donor.ptr, donor.size, size, MREMAP_MAYMOVE);
      if (p == MAP_FAILED) {
        munmap(donor.ptr, donor.size);
        p = nullptr;
      } else {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.resized++;
      }
    }
    if (!p) {
      try {
        p = map(size);
      } catch (...) {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.live_bytes -= size;
        throw;
      }
    }
    if (!hit) {
      std::lock_guard<std::mutex> lock(s.mutex);
      s.live[p] = size;
    }
    return {p, p, &delete_any, cpu};
  }
  at::DeleterFnPtr raw_deleter() const override { return &delete_any; }
};

bool install() {
  const char* env = std::getenv("NOTEBOOKLIB_CPU_CACHE");
  if (env && std::string(env) == "0") return false;
  // Only over libtorch's own allocator. A process can load two copies of the shim (NotebookLib loaded
  // from two folders: the test host's copy and a notebook's `#r "../build/lib/NotebookLib.dll"` in its
  // own load context). Had the second replaced the first's allocator, a block mapped by one copy could
  // reach the other's deleter, which does not know it and hands it to free(): the clean-clone suite's
  // test host aborted with "free(): invalid pointer". The first copy keeps the process's allocator.
  if (c10::GetCPUAllocator() != c10::GetDefaultCPUAllocator()) return false;
  static CachingCpuAllocator* allocator = new CachingCpuAllocator();
  c10::SetCPUAllocator(allocator, /*priority*/ 1);
  return true;
}
const bool installed = install();
}  // namespace

NBT_API int nbt_cpu_cache_enabled() { return installed && c10::GetCPUAllocator()->raw_deleter() == &delete_any ? 1 : 0; }
// Frees every cached block and restarts the high-water mark from the live total; returns the bytes freed.
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
    munmap(b.ptr, b.size);
  }
  return bytes;
}
// hits, misses, cached bytes, misses served by resizing a cached block, live bytes, high-water mark,
// the cap on cached bytes
NBT_API void nbt_cpu_cache_stats(int64_t* out) {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  out[0] = s.hits;
  out[1] = s.misses;
  out[2] = static_cast<int64_t>(s.cached_bytes);
  out[3] = s.resized;
  out[4] = static_cast<int64_t>(s.live_bytes);
  out[5] = static_cast<int64_t>(s.high_water);
  out[6] = static_cast<int64_t>(s.max_cached);
}
// Sets the cap on cached bytes (evicting down to it) and returns the previous cap.
NBT_API int64_t nbt_cpu_cache_set_max(int64_t bytes) {
  auto& s = state();
  std::vector<Block> evicted;
  int64_t previous;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    previous = static_cast<int64_t>(s.max_cached);
    s.max_cached = bytes < 0 ? 0 : static_cast<size_t>(bytes);
    evict_to(s, s.max_cached, evicted);
  }
  unmap(evicted);
  return previous;
}
