// Common helpers of the shim: every exported function catches every C++ exception, stores torch's
// message in a thread-local string and returns a failure value (nullptr or non-zero); the managed
// side then reads nbt_last_error() and throws a TorchException with that message.
#pragma once
#include <torch/torch.h>
#include <cstdint>
#include <string>
#include <vector>

#define NBT_API extern "C" __attribute__((visibility("default")))

using Tensor = at::Tensor;
using TH = at::Tensor*;  // the handle the managed side holds

namespace nbt {
void set_error(const char* msg);
inline TH wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }
inline std::vector<int64_t> vec(const int64_t* p, int n) { return std::vector<int64_t>(p, p + n); }
inline c10::optional<at::Tensor> opt(TH t) { return t ? c10::optional<at::Tensor>(*t) : c10::nullopt; }
}  // namespace nbt

#define NBT_TRY try {
#define NBT_CATCH(failure)                                                     \
  }                                                                            \
  catch (const c10::Error& e) { nbt::set_error(e.what_without_backtrace()); }  \
  catch (const std::exception& e) { nbt::set_error(e.what()); }                \
  catch (...) { nbt::set_error("unknown C++ exception in the libtorch shim"); } \
  return failure;
