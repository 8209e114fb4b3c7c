// Neural-network functions that the managed modules call: convolutions, pooling, resampling,
// normalisation, activations with parameters, and losses (reduction 0 none, 1 mean, 2 sum).
#include "shim.h"

using nbt::wrap;
using nbt::opt;

NBT_API TH nbt_conv2d(TH x, TH w, TH b, const int64_t* stride, const int64_t* padding, const int64_t* dilation, int64_t groups) {
  NBT_TRY
  return wrap(at::conv2d(*x, *w, opt(b), at::IntArrayRef(stride, 2), at::IntArrayRef(padding, 2), at::IntArrayRef(dilation, 2), groups));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_conv_transpose2d(TH x, TH w, TH b, const int64_t* stride, const int64_t* padding, const int64_t* output_padding,
                                const int64_t* dilation, int64_t groups) {
  NBT_TRY
  return wrap(at::conv_transpose2d(*x, *w, opt(b), at::IntArrayRef(stride, 2), at::IntArrayRef(padding, 2),
                                   at::IntArrayRef(output_padding, 2), groups, at::IntArrayRef(dilation, 2)));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_max_pool2d(TH x, const int64_t* kernel, const int64_t* stride, const int64_t* padding, const int64_t* dilation, int ceil_mode) {
  NBT_TRY
  return wrap(at::max_pool2d(*x, at::IntArrayRef(kernel, 2), at::IntArrayRef(stride, 2), at::IntArrayRef(padding, 2),
                             at::IntArrayRef(dilation, 2), ceil_mode != 0));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_avg_pool2d(TH x, const int64_t* kernel, const int64_t* stride, const int64_t* padding, int ceil_mode, int count_include_pad) {
  NBT_TRY
  return wrap(at::avg_pool2d(*x, at::IntArrayRef(kernel, 2), at::IntArrayRef(stride, 2), at::IntArrayRef(padding, 2),
                             ceil_mode != 0, count_include_pad != 0));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_adaptive_avg_pool2d(TH x, const int64_t* size) {
  NBT_TRY return wrap(at::adaptive_avg_pool2d(*x, at::IntArrayRef(size, 2))); NBT_CATCH(nullptr)
}
// mode 0 nearest, 1 bilinear. Either size (2 values) or scale (2 factors) is given.
NBT_API TH nbt_interpolate(TH x, const int64_t* size, const double* scale, int mode, int align_corners) {
  NBT_TRY
  namespace F = torch::nn::functional;
  auto o = F::InterpolateFuncOptions();
  if (size) o.size(std::vector<int64_t>(size, size + 2));
  if (scale) o.scale_factor(std::vector<double>(scale, scale + 2));
  if (mode == 0) o.mode(torch::kNearest);
  else {
    o.mode(torch::kBilinear);
    o.align_corners(align_corners != 0);
  }
  return wrap(F::interpolate(*x, o));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_linear(TH x, TH w, TH b) { NBT_TRY return wrap(at::linear(*x, *w, opt(b))); NBT_CATCH(nullptr) }
NBT_API TH nbt_batch_norm(TH x, TH w, TH b, TH running_mean, TH running_var, int training, double momentum, double eps) {
  NBT_TRY
  return wrap(at::batch_norm(*x, opt(w), opt(b), opt(running_mean), opt(running_var), training != 0, momentum, eps, true));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_dropout(TH x, double p, int training) { NBT_TRY return wrap(at::dropout(*x, p, training != 0)); NBT_CATCH(nullptr) }
NBT_API TH nbt_leaky_relu(TH x, double slope) { NBT_TRY return wrap(at::leaky_relu(*x, slope)); NBT_CATCH(nullptr) }
NBT_API TH nbt_softmax(TH x, int64_t dim, int log) {
  NBT_TRY return wrap(log ? at::log_softmax(*x, dim) : at::softmax(*x, dim)); NBT_CATCH(nullptr)
}

// ---- losses
NBT_API TH nbt_mse_loss(TH x, TH y, int64_t reduction) { NBT_TRY return wrap(at::mse_loss(*x, *y, reduction)); NBT_CATCH(nullptr) }
NBT_API TH nbt_l1_loss(TH x, TH y, int64_t reduction) { NBT_TRY return wrap(at::l1_loss(*x, *y, reduction)); NBT_CATCH(nullptr) }
NBT_API TH nbt_bce_loss(TH x, TH y, TH weight, int64_t reduction) {
  NBT_TRY
  // PyTorch's F.binary_cross_entropy insists on equal shapes; so do we, with both shapes named.
  TORCH_CHECK(x->sizes() == y->sizes(), "Using a target size (", y->sizes(), ") that is different to the input size (", x->sizes(), ") is deprecated. Please ensure they have the same size.");
  return wrap(at::binary_cross_entropy(*x, *y, opt(weight), reduction));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_bce_with_logits_loss(TH x, TH y, TH weight, TH pos_weight, int64_t reduction) {
  NBT_TRY
  TORCH_CHECK(x->sizes() == y->sizes(), "Target size (", y->sizes(), ") must be the same as input size (", x->sizes(), ")");
  return wrap(at::binary_cross_entropy_with_logits(*x, *y, opt(weight), opt(pos_weight), reduction));
  NBT_CATCH(nullptr)
}
NBT_API TH nbt_cross_entropy_loss(TH x, TH target, TH weight, int64_t reduction, int64_t ignore_index, double label_smoothing) {
  NBT_TRY return wrap(at::cross_entropy_loss(*x, *target, opt(weight), reduction, ignore_index, label_smoothing)); NBT_CATCH(nullptr)
}
NBT_API TH nbt_nll_loss(TH x, TH target, TH weight, int64_t reduction, int64_t ignore_index) {
  NBT_TRY return wrap(at::nll_loss_nd(*x, *target, opt(weight), reduction, ignore_index)); NBT_CATCH(nullptr)
}
