// Tensor operations: elementwise, shape and indexing, reductions, sorting, linear algebra.
// Elementwise operations are dispatched by a small operation code so that the managed side
// needs few entry points; the codes are mirrored in lib/Torch/Native.cs.
#include "shim.h"

using nbt::wrap;

static at::Tensor unary(int op, const at::Tensor& t) {
  switch (op) {
    case 0: return at::neg(t);
    case 1: return at::exp(t);
    case 2: return at::log(t);
    case 3: return at::sqrt(t);
    case 4: return at::abs(t);
    case 5: return at::sin(t);
    case 6: return at::cos(t);
    case 7: return at::tanh(t);
    case 8: return at::sigmoid(t);
    case 9: return at::relu(t);
    case 10: return at::floor(t);
    case 11: return at::ceil(t);
    case 12: return at::round(t);
    case 13: return at::sign(t);
    case 14: return at::log1p(t);
    case 15: return at::expm1(t);
    case 16: return at::logical_not(t);
    case 17: return at::isnan(t);
    case 18: return at::isfinite(t);
    case 19: return at::square(t);
    case 20: return at::reciprocal(t);
    case 21: return at::rsqrt(t);
    case 22: return at::erf(t);
    case 23: return at::gelu(t);
    case 24: return at::silu(t);
    case 25: return at::softplus(t);
    case 26: return at::tan(t);
    case 27: return at::log2(t);
    case 28: return at::log10(t);
    case 29: return at::isinf(t);
    case 30: return at::trunc(t);
    case 31: return at::t(t);
  }
  throw std::invalid_argument("unknown unary operation " + std::to_string(op));
}

static at::Tensor binary(int op, const at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case 0: return at::add(a, b);
    case 1: return at::sub(a, b);
    case 2: return at::mul(a, b);
    case 3: return at::div(a, b);
    case 4: return at::pow(a, b);
    case 5: return at::maximum(a, b);
    case 6: return at::minimum(a, b);
    case 7: return at::remainder(a, b);
    case 8: return at::atan2(a, b);
    case 9: return at::eq(a, b);
    case 10: return at::ne(a, b);
    case 11: return at::lt(a, b);
    case 12: return at::le(a, b);
    case 13: return at::gt(a, b);
    case 14: return at::ge(a, b);
    case 15: return at::logical_and(a, b);
    case 16: return at::logical_or(a, b);
    case 17: return at::logical_xor(a, b);
    case 18: return at::matmul(a, b);
    case 19: return at::floor_divide(a, b);
    case 20: return at::dot(a, b);
    case 21: return at::outer(a, b);
  }
  throw std::invalid_argument("unknown binary operation " + std::to_string(op));
}

static at::Tensor binary_scalar(int op, const at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case 0: return at::add(a, s);
    case 1: return at::sub(a, s);
    case 2: return at::mul(a, s);
    case 3: return at::div(a, s);
    case 4: return at::pow(a, s);
    case 7: return at::remainder(a, s);
    case 9: return at::eq(a, s);
    case 10: return at::ne(a, s);
    case 11: return at::lt(a, s);
    case 12: return at::le(a, s);
    case 13: return at::gt(a, s);
    case 14: return at::ge(a, s);
    case 19: return at::floor_divide(a, s);
    case 100: return at::rsub(a, s);                    // s - a
    case 101: return at::mul(at::reciprocal(a), s);     // s / a
    case 102: return at::pow(s, a);                     // s ** a
  }
  throw std::invalid_argument("unknown scalar operation " + std::to_string(op));
}

static at::Scalar scalar(double v, int64_t iv, int is_int) { return is_int ? at::Scalar(iv) : at::Scalar(v); }

NBT_API TH nbt_unary(int op, TH t) { NBT_TRY return wrap(unary(op, *t)); NBT_CATCH(nullptr) }
NBT_API TH nbt_binary(int op, TH a, TH b) { NBT_TRY return wrap(binary(op, *a, *b)); NBT_CATCH(nullptr) }
NBT_API TH nbt_binary_scalar(int op, TH a, double v, int64_t iv, int is_int) {
  NBT_TRY return wrap(binary_scalar(op, *a, scalar(v, iv, is_int))); NBT_CATCH(nullptr)
}
// In place: 0 add_, 1 sub_, 2 mul_, 3 div_, 4 pow_, 50 copy_ (b into a).
NBT_API int nbt_binary_(int op, TH a, TH b, double alpha) {
  NBT_TRY
  switch (op) {
    case 0: a->add_(*b, alpha); return 0;
    case 1: a->sub_(*b, alpha); return 0;
    case 2: a->mul_(*b); return 0;
    case 3: a->div_(*b); return 0;
    case 4: a->pow_(*b); return 0;
    case 50: a->copy_(*b); return 0;
  }
  throw std::invalid_argument("unknown in-place operation " + std::to_string(op));
  NBT_CATCH(1)
}
// In place with a scalar: 0 add_, 1 sub_, 2 mul_, 3 div_, 4 pow_, 50 fill_, 51 clamp_min_, 52 clamp_max_,
// 60 uniform_(from=v, to=iv as double), 61 normal_(mean=v, std=iv as double) — random in-place fills.
NBT_API int nbt_scalar_(int op, TH a, double v, int64_t iv, int is_int, double extra) {
  NBT_TRY
  auto s = scalar(v, iv, is_int);
  switch (op) {
    case 0: a->add_(s); return 0;
    case 1: a->sub_(s); return 0;
    case 2: a->mul_(s); return 0;
    case 3: a->div_(s); return 0;
    case 4: a->pow_(s); return 0;
    case 50: a->fill_(s); return 0;
    case 51: a->clamp_min_(s); return 0;
    case 52: a->clamp_max_(s); return 0;
    case 60: a->uniform_(v, extra); return 0;
    case 61: a->normal_(v, extra); return 0;
  }
  throw std::invalid_argument("unknown in-place scalar operation " + std::to_string(op));
  NBT_CATCH(1)
}
NBT_API TH nbt_clamp(TH t, int has_min, double min, int has_max, double max) {
  NBT_TRY
  return wrap(at::clamp(*t, has_min ? c10::optional<at::Scalar>(min) : c10::nullopt,
                        has_max ? c10::optional<at::Scalar>(max) : c10::nullopt));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_where(TH c, TH a, TH b) { NBT_TRY return wrap(at::where(*c, *a, *b)); NBT_CATCH(nullptr) }
NBT_API TH nbt_lerp(TH a, TH b, double w) { NBT_TRY return wrap(at::lerp(*a, *b, w)); NBT_CATCH(nullptr) }

// ---- shape
NBT_API TH nbt_reshape(TH t, const int64_t* shape, int n) { NBT_TRY return wrap(t->reshape(nbt::vec(shape, n))); NBT_CATCH(nullptr) }
NBT_API TH nbt_view(TH t, const int64_t* shape, int n) { NBT_TRY return wrap(t->view(nbt::vec(shape, n))); NBT_CATCH(nullptr) }
NBT_API TH nbt_permute(TH t, const int64_t* dims, int n) { NBT_TRY return wrap(t->permute(nbt::vec(dims, n))); NBT_CATCH(nullptr) }
NBT_API TH nbt_expand(TH t, const int64_t* shape, int n) { NBT_TRY return wrap(t->expand(nbt::vec(shape, n))); NBT_CATCH(nullptr) }
NBT_API TH nbt_repeat(TH t, const int64_t* reps, int n) { NBT_TRY return wrap(t->repeat(nbt::vec(reps, n))); NBT_CATCH(nullptr) }
NBT_API TH nbt_flip(TH t, const int64_t* dims, int n) { NBT_TRY return wrap(t->flip(nbt::vec(dims, n))); NBT_CATCH(nullptr) }
NBT_API TH nbt_transpose(TH t, int64_t d0, int64_t d1) { NBT_TRY return wrap(t->transpose(d0, d1)); NBT_CATCH(nullptr) }
NBT_API TH nbt_squeeze(TH t, int64_t dim, int all) { NBT_TRY return wrap(all ? t->squeeze() : t->squeeze(dim)); NBT_CATCH(nullptr) }
NBT_API TH nbt_unsqueeze(TH t, int64_t dim) { NBT_TRY return wrap(t->unsqueeze(dim)); NBT_CATCH(nullptr) }
NBT_API TH nbt_flatten(TH t, int64_t start, int64_t end) { NBT_TRY return wrap(t->flatten(start, end)); NBT_CATCH(nullptr) }
NBT_API TH nbt_select(TH t, int64_t dim, int64_t index) { NBT_TRY return wrap(t->select(dim, index)); NBT_CATCH(nullptr) }
NBT_API TH nbt_narrow(TH t, int64_t dim, int64_t start, int64_t length) { NBT_TRY return wrap(t->narrow(dim, start, length)); NBT_CATCH(nullptr) }
NBT_API TH nbt_slice(TH t, int64_t dim, int has_start, int64_t start, int has_end, int64_t end, int64_t step) {
  NBT_TRY
  return wrap(t->slice(dim, has_start ? c10::optional<int64_t>(start) : c10::nullopt,
                       has_end ? c10::optional<int64_t>(end) : c10::nullopt, step));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_index_select(TH t, int64_t dim, TH index) { NBT_TRY return wrap(t->index_select(dim, *index)); NBT_CATCH(nullptr) }
NBT_API TH nbt_gather(TH t, int64_t dim, TH index) { NBT_TRY return wrap(t->gather(dim, *index)); NBT_CATCH(nullptr) }
static c10::List<c10::optional<at::Tensor>> index_list(TH* indices, int n) {
  c10::List<c10::optional<at::Tensor>> list;
  for (int i = 0; i < n; i++) list.push_back(nbt::opt(indices[i]));
  return list;
}
// Advanced indexing t[i0, i1, ...] with index tensors (null: the whole dimension).
NBT_API TH nbt_index(TH t, TH* indices, int n) { NBT_TRY return wrap(at::index(*t, index_list(indices, n))); NBT_CATCH(nullptr) }
NBT_API int nbt_index_put_(TH t, TH* indices, int n, TH values, int accumulate) {
  NBT_TRY t->index_put_(index_list(indices, n), *values, accumulate != 0); return 0; NBT_CATCH(1)
}
NBT_API TH nbt_masked_fill(TH t, TH mask, double value, int in_place) {
  NBT_TRY
  if (in_place) { t->masked_fill_(*mask, value); return wrap(*t); }
  return wrap(t->masked_fill(*mask, value));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_masked_select(TH t, TH mask) { NBT_TRY return wrap(t->masked_select(*mask)); NBT_CATCH(nullptr) }
NBT_API TH nbt_nonzero(TH t) { NBT_TRY return wrap(t->nonzero()); NBT_CATCH(nullptr) }
static std::vector<at::Tensor> list(TH* ts, int n) {
  std::vector<at::Tensor> v;
  v.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; i++) v.push_back(*ts[i]);
  return v;
}
NBT_API TH nbt_cat(TH* ts, int n, int64_t dim) { NBT_TRY return wrap(at::cat(list(ts, n), dim)); NBT_CATCH(nullptr) }
NBT_API TH nbt_stack(TH* ts, int n, int64_t dim) { NBT_TRY return wrap(at::stack(list(ts, n), dim)); NBT_CATCH(nullptr) }
// Splits into at most `chunks` pieces; returns how many, the handles in out.
NBT_API int nbt_chunk(TH t, int64_t chunks, int64_t dim, TH* out) {
  NBT_TRY
  auto parts = t->chunk(chunks, dim);
  for (size_t i = 0; i < parts.size(); i++) out[i] = wrap(parts[i]);
  return static_cast<int>(parts.size());
  NBT_CATCH(-1)
}
NBT_API TH nbt_tril(TH t, int64_t diagonal, int upper) { NBT_TRY return wrap(upper ? t->triu(diagonal) : t->tril(diagonal)); NBT_CATCH(nullptr) }
NBT_API TH nbt_diag(TH t, int64_t diagonal) { NBT_TRY return wrap(t->diag(diagonal)); NBT_CATCH(nullptr) }

// ---- reductions: 0 sum, 1 mean, 3 std, 4 var, 5 amax, 6 amin, 7 logsumexp, 8 2-norm, 9 all, 10 any, 11 prod
// ndims < 0: over all elements. unbiased applies to std/var.
NBT_API TH nbt_reduce(int op, TH t, const int64_t* dims, int ndims, int keepdim, int unbiased) {
  NBT_TRY
  const at::Tensor& x = *t;
  bool all = ndims < 0;
  auto d = all ? std::vector<int64_t>() : nbt::vec(dims, ndims);
  bool k = keepdim != 0;
  switch (op) {
    case 0: return wrap(all ? x.sum() : x.sum(d, k));
    case 1: return wrap(all ? x.mean() : x.mean(d, k));
    case 3: return wrap(all ? x.std(unbiased != 0) : x.std(d, unbiased != 0, k));
    case 4: return wrap(all ? x.var(unbiased != 0) : x.var(d, unbiased != 0, k));
    case 5: return wrap(all ? x.max() : x.amax(d, k));
    case 6: return wrap(all ? x.min() : x.amin(d, k));
    case 7: return wrap(all ? x.flatten().logsumexp({0}) : x.logsumexp(d, k));
    case 8: return wrap(all ? at::linalg_vector_norm(x) : at::linalg_vector_norm(x, 2, d, k));
    case 9:
    case 10:
    case 11: {
      if (all) return wrap(op == 9 ? x.all() : op == 10 ? x.any() : x.prod());
      if (d.size() != 1) throw std::invalid_argument("all, any and prod reduce over one dimension or all of them");
      return wrap(op == 9 ? x.all(d[0], k) : op == 10 ? x.any(d[0], k) : x.prod(d[0], k));
    }
  }
  throw std::invalid_argument("unknown reduction " + std::to_string(op));
  NBT_CATCH(nullptr)
}
// op 0 max, 1 min along dim: values and indices.
NBT_API int nbt_minmax_dim(int op, TH t, int64_t dim, int keepdim, TH* values, TH* indices) {
  NBT_TRY
  auto r = op == 0 ? t->max(dim, keepdim != 0) : t->min(dim, keepdim != 0);
  *values = wrap(std::get<0>(r));
  *indices = wrap(std::get<1>(r));
  return 0;
  NBT_CATCH(1)
}
// op 0 argmax, 1 argmin; has_dim 0: over the flattened tensor.
NBT_API TH nbt_argminmax(int op, TH t, int has_dim, int64_t dim, int keepdim) {
  NBT_TRY
  auto d = has_dim ? c10::optional<int64_t>(dim) : c10::nullopt;
  return wrap(op == 0 ? t->argmax(d, keepdim != 0) : t->argmin(d, keepdim != 0));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_cumsum(TH t, int64_t dim) { NBT_TRY return wrap(t->cumsum(dim)); NBT_CATCH(nullptr) }
NBT_API int nbt_sort(TH t, int64_t dim, int descending, int stable, TH* values, TH* indices) {
  NBT_TRY
  auto r = t->sort(stable != 0, dim, descending != 0);
  *values = wrap(std::get<0>(r));
  *indices = wrap(std::get<1>(r));
  return 0;
  NBT_CATCH(1)
}
NBT_API int nbt_topk(TH t, int64_t k, int64_t dim, int largest, int sorted, TH* values, TH* indices) {
  NBT_TRY
  auto r = t->topk(k, dim, largest != 0, sorted != 0);
  *values = wrap(std::get<0>(r));
  *indices = wrap(std::get<1>(r));
  return 0;
  NBT_CATCH(1)
}
NBT_API int nbt_unique(TH t, int sorted, TH* values, TH* inverse, TH* counts) {
  NBT_TRY
  auto r = at::_unique2(*t, sorted != 0, true, true);
  *values = wrap(std::get<0>(r));
  *inverse = wrap(std::get<1>(r));
  *counts = wrap(std::get<2>(r));
  return 0;
  NBT_CATCH(1)
}
NBT_API int nbt_equal(TH a, TH b) { NBT_TRY return at::equal(*a, *b) ? 1 : 0; NBT_CATCH(-1) }
NBT_API int nbt_allclose(TH a, TH b, double rtol, double atol, int equal_nan) {
  NBT_TRY return at::allclose(*a, *b, rtol, atol, equal_nan != 0) ? 1 : 0; NBT_CATCH(-1)
}

// ---- distances and linear algebra
NBT_API TH nbt_cdist(TH a, TH b, double p) { NBT_TRY return wrap(at::cdist(*a, *b, p)); NBT_CATCH(nullptr) }
NBT_API TH nbt_einsum(const char* equation, TH* ts, int n) { NBT_TRY return wrap(at::einsum(equation, list(ts, n))); NBT_CATCH(nullptr) }
NBT_API int nbt_linalg_eigh(TH t, const char* uplo, TH* eigenvalues, TH* eigenvectors) {
  NBT_TRY
  auto r = at::linalg_eigh(*t, uplo);
  *eigenvalues = wrap(std::get<0>(r));
  *eigenvectors = wrap(std::get<1>(r));
  return 0;
  NBT_CATCH(1)
}
NBT_API int nbt_linalg_svd(TH t, int full_matrices, TH* u, TH* s, TH* vh) {
  NBT_TRY
  auto r = at::linalg_svd(*t, full_matrices != 0);
  *u = wrap(std::get<0>(r));
  *s = wrap(std::get<1>(r));
  *vh = wrap(std::get<2>(r));
  return 0;
  NBT_CATCH(1)
}
// op 0 inv, 1 det, 2 cholesky (lower), 3 solve(a, b)
NBT_API TH nbt_linalg(int op, TH a, TH b) {
  NBT_TRY
  switch (op) {
    case 0: return wrap(at::linalg_inv(*a));
    case 1: return wrap(at::linalg_det(*a));
    case 2: return wrap(at::linalg_cholesky(*a));
    case 3: return wrap(at::linalg_solve(*a, *b));
  }
  throw std::invalid_argument("unknown linalg operation " + std::to_string(op));
  NBT_CATCH(nullptr)
}
