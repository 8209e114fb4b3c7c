// Optimisers: libtorch's own SGD, Adam and AdamW over the parameters the managed Module owns
// (the optimiser holds references to the same tensors, so updates are seen by the module).
#include "shim.h"

using Optimizer = torch::optim::Optimizer;

static std::vector<at::Tensor> params(TH* ps, int n) {
  std::vector<at::Tensor> v;
  for (int i = 0; i < n; i++) v.push_back(*ps[i]);
  return v;
}

NBT_API Optimizer* nbt_sgd(TH* ps, int n, double lr, double momentum, double dampening, double weight_decay, int nesterov) {
  NBT_TRY
  auto o = torch::optim::SGDOptions(lr).momentum(momentum).dampening(dampening).weight_decay(weight_decay).nesterov(nesterov != 0);
  return new torch::optim::SGD(params(ps, n), o);
  NBT_CATCH(nullptr)
}
NBT_API Optimizer* nbt_adam(TH* ps, int n, double lr, double beta1, double beta2, double eps, double weight_decay, int amsgrad, int decoupled) {
  NBT_TRY
  if (decoupled) {
    auto o = torch::optim::AdamWOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay).amsgrad(amsgrad != 0);
    return new torch::optim::AdamW(params(ps, n), o);
  }
  auto o = torch::optim::AdamOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay).amsgrad(amsgrad != 0);
  return new torch::optim::Adam(params(ps, n), o);
  NBT_CATCH(nullptr)
}
NBT_API void nbt_optim_free(Optimizer* o) { delete o; }
NBT_API int nbt_optim_step(Optimizer* o) { NBT_TRY o->step(); return 0; NBT_CATCH(1) }
// Sets gradients to None (PyTorch's zero_grad(set_to_none=True)): no memory traffic.
NBT_API int nbt_optim_zero_grad(Optimizer* o) {
  NBT_TRY
  for (auto& g : o->param_groups())
    for (auto& p : g.params()) p.mutable_grad().reset();
  return 0;
  NBT_CATCH(1)
}
NBT_API double nbt_optim_get_lr(Optimizer* o) { return o->param_groups().at(0).options().get_lr(); }
NBT_API int nbt_optim_set_lr(Optimizer* o, double lr) {
  NBT_TRY
  for (auto& g : o->param_groups()) g.options().set_lr(lr);
  return 0;
  NBT_CATCH(1)
}
