// Optimisers: libtorch's own SGD, Adam and AdamW, and Adadelta, over the parameters the managed Module owns
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
// Adadelta (Zeiler 2012), which libtorch's C++ API lacks: PyTorch's torch.optim.Adadelta update, step for step.
struct AdadeltaOptions : public torch::optim::OptimizerCloneableOptions<AdadeltaOptions> {
  AdadeltaOptions(double lr = 1.0) : lr_(lr) {}
  TORCH_ARG(double, lr) = 1.0;
  TORCH_ARG(double, rho) = 0.9;
  TORCH_ARG(double, eps) = 1e-6;
  TORCH_ARG(double, weight_decay) = 0;
  double get_lr() const override { return lr(); }
  void set_lr(const double lr) override { this->lr(lr); }
};
struct AdadeltaParamState : public torch::optim::OptimizerCloneableParamState<AdadeltaParamState> {
  TORCH_ARG(at::Tensor, square_avg);
  TORCH_ARG(at::Tensor, acc_delta);
};
class Adadelta : public Optimizer {
 public:
  Adadelta(std::vector<at::Tensor> params, AdadeltaOptions defaults)
      : Optimizer({torch::optim::OptimizerParamGroup(std::move(params))}, std::make_unique<AdadeltaOptions>(defaults)) {}
  at::Tensor step(LossClosure closure = nullptr) override {
    torch::NoGradGuard no_grad;
    for (auto& group : param_groups_) {
      auto& o = static_cast<AdadeltaOptions&>(group.options());
      for (auto& p : group.params()) {
        if (!p.grad().defined()) continue;
        auto grad = p.grad();
        if (o.weight_decay() != 0) grad = grad.add(p, o.weight_decay());
        auto key = c10::guts::to_string(p.unsafeGetTensorImpl());
        if (state_.find(key) == state_.end()) {
          auto st = std::make_unique<AdadeltaParamState>();
          st->square_avg(torch::zeros_like(p, at::MemoryFormat::Preserve));
          st->acc_delta(torch::zeros_like(p, at::MemoryFormat::Preserve));
          state_[key] = std::move(st);
        }
        auto& st = static_cast<AdadeltaParamState&>(*state_[key]);
        auto square_avg = st.square_avg();
        auto acc_delta = st.acc_delta();
        square_avg.mul_(o.rho()).addcmul_(grad, grad, 1 - o.rho());
        auto std_ = square_avg.add(o.eps()).sqrt_();
        auto delta = acc_delta.add(o.eps()).sqrt_().div_(std_).mul_(grad);
        acc_delta.mul_(o.rho()).addcmul_(delta, delta, 1 - o.rho());
        p.add_(delta, -o.lr());
      }
    }
    return {};
  }
};

NBT_API Optimizer* nbt_adadelta(TH* ps, int n, double lr, double rho, double eps, double weight_decay) {
  NBT_TRY
  return new Adadelta(params(ps, n), AdadeltaOptions(lr).rho(rho).eps(eps).weight_decay(weight_decay));
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
