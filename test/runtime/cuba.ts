/** The CUBA network of SPEC 9.2 as IR, scaled to `n` neurons with about 80 inputs each. */
import type { Network } from "../../compiler/ir/index.js";
import { NetBuilder, lif, uniform } from "./ir-builder.js";

export function cubaNetwork(n = 4000, duration = 1, seed = 42): Network {
  const b = new NetBuilder(1e-4, duration, seed, "cuba");
  const model = lif({
    tau_m: 0.02,
    r_m: 100e6,
    v_rest: -0.049,
    v_reset: -0.06,
    v_th: -0.05,
    t_ref: 0.005,
    tau_syn_exc: 0.005,
    tau_syn_inh: 0.01,
  });
  const ne = Math.round(n * 0.8);
  const init = { v: { kind: "draw" as const, expr: uniform(-0.06, -0.05) } };
  const exc = b.pop("exc", model, ne, { init });
  const inh = b.pop("inh", model, n - ne, { init });
  const p = 0.02 * (4000 / n);
  const rule = { kind: "fixed_probability" as const, p };
  b.connect(exc, exc, { rule, weight: 16.2e-12 });
  b.connect(exc, inh, { rule, weight: 16.2e-12 });
  b.connect(inh, exc, { rule, weight: -90e-12 });
  b.connect(inh, inh, { rule, weight: -90e-12 });
  b.recordSpikes(exc, inh);
  return b.build();
}
