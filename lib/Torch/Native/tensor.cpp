// Tensor life cycle, creation, properties, copies to and from .NET memory, autograd and globals.
#include "shim.h"
#include <cstring>

namespace nbt {
thread_local std::string last_error;
void set_error(const char* msg) { last_error = msg ? msg : "(no message)"; }
}  // namespace nbt

static at::TensorOptions options(int dtype, const char* device) {
  return at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)).device(c10::Device(std::string(device)));
}

NBT_API const char* nbt_last_error() { return nbt::last_error.c_str(); }
NBT_API const char* nbt_version() { return TORCH_VERSION; }

// ---- globals
NBT_API int nbt_set_num_threads(int n) { NBT_TRY at::set_num_threads(n); return 0; NBT_CATCH(1) }
NBT_API int nbt_get_num_threads() { return at::get_num_threads(); }
NBT_API int nbt_manual_seed(uint64_t seed) { NBT_TRY torch::manual_seed(seed); return 0; NBT_CATCH(1) }
NBT_API int nbt_cuda_is_available() { return torch::cuda::is_available() ? 1 : 0; }
NBT_API int nbt_cuda_device_count() { return static_cast<int>(torch::cuda::device_count()); }
NBT_API int nbt_set_grad_enabled(int enabled) {
  bool previous = at::GradMode::is_enabled();
  at::GradMode::set_enabled(enabled != 0);
  return previous ? 1 : 0;
}
NBT_API int nbt_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }

// ---- life cycle and properties
NBT_API void nbt_free(TH t) { delete t; }
NBT_API int nbt_dim(TH t) { return static_cast<int>(t->dim()); }
NBT_API void nbt_shape(TH t, int64_t* out) {
  auto s = t->sizes();
  for (size_t i = 0; i < s.size(); i++) out[i] = s[i];
}
NBT_API int64_t nbt_numel(TH t) { return t->numel(); }
NBT_API int nbt_dtype(TH t) { return static_cast<int>(t->scalar_type()); }
NBT_API int nbt_device(TH t, char* buffer, int length) {
  auto s = t->device().str();
  std::snprintf(buffer, static_cast<size_t>(length), "%s", s.c_str());
  return static_cast<int>(s.size());
}
NBT_API int nbt_requires_grad(TH t) { return t->requires_grad() ? 1 : 0; }
NBT_API int nbt_is_leaf(TH t) { return t->is_leaf() ? 1 : 0; }
NBT_API int nbt_is_contiguous(TH t) { return t->is_contiguous() ? 1 : 0; }

// ---- creation
NBT_API TH nbt_from_data(const void* data, const int64_t* shape, int ndim, int dtype, const char* device) {
  NBT_TRY
  auto cpu = at::from_blob(const_cast<void*>(data), nbt::vec(shape, ndim), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
  c10::Device dev{std::string(device)};
  return nbt::wrap(dev.is_cpu() ? cpu.clone() : cpu.to(dev));
  NBT_CATCH(nullptr)
}
// kind: 0 empty, 1 zeros, 2 ones, 3 full, 4 rand, 5 randn
NBT_API TH nbt_factory(int kind, const int64_t* shape, int ndim, int dtype, const char* device, double value) {
  NBT_TRY
  auto s = nbt::vec(shape, ndim);
  auto o = options(dtype, device);
  switch (kind) {
    case 0: return nbt::wrap(at::empty(s, o));
    case 1: return nbt::wrap(at::zeros(s, o));
    case 2: return nbt::wrap(at::ones(s, o));
    case 3: return nbt::wrap(at::full(s, value, o));
    case 4: return nbt::wrap(at::rand(s, o));
    case 5: return nbt::wrap(at::randn(s, o));
  }
  throw std::invalid_argument("unknown factory kind");
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, int dtype, const char* device) {
  NBT_TRY return nbt::wrap(at::randint(low, high, nbt::vec(shape, ndim), options(dtype, device))); NBT_CATCH(nullptr)
}
NBT_API TH nbt_randperm(int64_t n, int dtype, const char* device) {
  NBT_TRY return nbt::wrap(at::randperm(n, options(dtype, device))); NBT_CATCH(nullptr)
}
NBT_API TH nbt_arange(double start, double end, double step, int dtype, const char* device) {
  NBT_TRY return nbt::wrap(at::arange(start, end, step, options(dtype, device))); NBT_CATCH(nullptr)
}
NBT_API TH nbt_linspace(double start, double end, int64_t steps, int dtype, const char* device) {
  NBT_TRY return nbt::wrap(at::linspace(start, end, steps, options(dtype, device))); NBT_CATCH(nullptr)
}
NBT_API TH nbt_eye(int64_t n, int64_t m, int dtype, const char* device) {
  NBT_TRY return nbt::wrap(at::eye(n, m, options(dtype, device))); NBT_CATCH(nullptr)
}

// ---- copies out, conversions
// Copies the tensor, converted to dtype, on the CPU, contiguous, into dst (nbytes must match).
NBT_API int nbt_copy_to(TH t, void* dst, int64_t nbytes, int dtype) {
  NBT_TRY
  auto c = t->detach().to(at::kCPU, static_cast<at::ScalarType>(dtype)).contiguous();
  int64_t have = c.numel() * static_cast<int64_t>(c.element_size());
  if (have != nbytes)
    throw std::invalid_argument("copy of " + std::to_string(have) + " bytes into a buffer of " + std::to_string(nbytes) + " bytes");
  if (nbytes > 0) std::memcpy(dst, c.data_ptr(), static_cast<size_t>(nbytes));
  return 0;
  NBT_CATCH(1)
}
NBT_API int nbt_item(TH t, double* out) { NBT_TRY *out = t->item<double>(); return 0; NBT_CATCH(1) }
NBT_API int nbt_item_long(TH t, int64_t* out) { NBT_TRY *out = t->item<int64_t>(); return 0; NBT_CATCH(1) }
NBT_API TH nbt_to(TH t, int dtype, const char* device, int copy) {
  NBT_TRY
  auto d = device ? c10::Device(std::string(device)) : t->device();
  auto st = dtype >= 0 ? static_cast<at::ScalarType>(dtype) : t->scalar_type();
  return nbt::wrap(t->to(d, st, false, copy != 0));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_clone(TH t) { NBT_TRY return nbt::wrap(t->clone()); NBT_CATCH(nullptr) }
NBT_API TH nbt_detach(TH t) { NBT_TRY return nbt::wrap(t->detach()); NBT_CATCH(nullptr) }
NBT_API TH nbt_contiguous(TH t) { NBT_TRY return nbt::wrap(t->contiguous()); NBT_CATCH(nullptr) }
NBT_API TH nbt_alias(TH t) { NBT_TRY return nbt::wrap(*t); NBT_CATCH(nullptr) }
// Replaces the data of t (a parameter) keeping its identity, as PyTorch's `param.data = x`.
NBT_API int nbt_set_data(TH t, TH data) { NBT_TRY t->set_data(*data); return 0; NBT_CATCH(1) }

// ---- autograd
NBT_API int nbt_requires_grad_(TH t, int on) { NBT_TRY t->requires_grad_(on != 0); return 0; NBT_CATCH(1) }
NBT_API int nbt_grad(TH t, TH* out) {
  NBT_TRY
  const auto& g = t->grad();
  *out = g.defined() ? nbt::wrap(g) : nullptr;
  return 0;
  NBT_CATCH(1)
}
NBT_API int nbt_zero_grad(TH t) {
  NBT_TRY t->mutable_grad().reset(); return 0; NBT_CATCH(1)
}
NBT_API int nbt_backward(TH t, TH gradient, int retain_graph, int create_graph) {
  NBT_TRY
  t->backward(gradient ? *gradient : at::Tensor(), retain_graph != 0 ? c10::optional<bool>(true) : c10::nullopt, create_graph != 0);
  return 0;
  NBT_CATCH(1)
}
// Gradients of outputs (weighted by grad_outputs, or ones for scalars) with respect to inputs.
NBT_API int nbt_autograd_grad(TH* outputs, TH* grad_outputs, int n_out, TH* inputs, int n_in, TH* results,
                              int retain_graph, int create_graph, int allow_unused) {
  NBT_TRY
  std::vector<at::Tensor> outs, gouts, ins;
  for (int i = 0; i < n_out; i++) {
    outs.push_back(*outputs[i]);
    gouts.push_back(grad_outputs && grad_outputs[i] ? *grad_outputs[i] : at::Tensor());
  }
  for (int i = 0; i < n_in; i++) ins.push_back(*inputs[i]);
  auto gs = torch::autograd::grad(outs, ins, gouts, retain_graph != 0 ? c10::optional<bool>(true) : c10::nullopt,
                                  create_graph != 0, allow_unused != 0);
  for (int i = 0; i < n_in; i++) results[i] = gs[i].defined() ? nbt::wrap(gs[i]) : nullptr;
  return 0;
  NBT_CATCH(1)
}
