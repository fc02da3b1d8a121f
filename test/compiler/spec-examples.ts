/** The SPEC §9 examples, verbatim (the contract: they must compile without errors). */

/** SPEC 9.1: One neuron, constant drive */
export const oneNeuron = `// A single LIF neuron driven by a constant current.
model Cell = lif {
  tau_m = 20 ms
  r_m = 100 Mohm
  v_rest = -70 mV
  v_reset = -70 mV
  v_th = -50 mV
  t_ref = 2 ms
}

population cell = Cell[1]
stimulus drive = current -> cell { amplitude = 0.25 nA }
record spikes of cell
simulate { dt = 0.1 ms; duration = 1 s }
`;

/** SPEC 9.2: The CUBA benchmark network (Vogels and Abbott 2005; Brette et al. 2007) */
export const cuba = `model Cuba = lif {
  tau_m = 20 ms
  r_m = 100 Mohm
  v_rest = -49 mV
  v_reset = -60 mV
  v_th = -50 mV
  t_ref = 5 ms
  tau_syn_exc = 5 ms
  tau_syn_inh = 10 ms
}

population exc = Cuba[3200] { init v = uniform(-60 mV, -50 mV) }
population inh = Cuba[800] { init v = uniform(-60 mV, -50 mV) }

connect exc -> exc { rule = fixed_probability(0.02); weight = 16.2 pA }
connect exc -> inh { rule = fixed_probability(0.02); weight = 16.2 pA }
connect inh -> exc { rule = fixed_probability(0.02); weight = -90 pA }
connect inh -> inh { rule = fixed_probability(0.02); weight = -90 pA }

record spikes of exc, inh
simulate { dt = 0.1 ms; duration = 1 s; seed = 42 }
`;

/** SPEC 9.3: STDP shapes a weight distribution (Song, Miller and Abbott 2000) */
export const stdpSong = `model Input = poisson { rate = 15 Hz }
model Out = lif { tau_m = 10 ms; v_rest = -74 mV; v_reset = -60 mV; v_th = -54 mV; t_ref = 0 ms; tau_syn_exc = 5 ms }

plasticity stdp_e = stdp {
  tau_plus = 20 ms
  tau_minus = 20 ms
  a_plus = 0.01
  a_minus = 0.0105
  w_min = 0 nA
  w_max = 0.006 nA
}

population inputs = Input[1000]
population out = Out[1]

connect inputs -> out { weight = uniform(0 nA, 0.006 nA); plasticity = stdp_e }

record spikes of out
record weights of inputs -> out { every = 1 s }
simulate { dt = 0.1 ms; duration = 100 s; seed = 7 }
`;

/** SPEC 9.4: Tap withdrawal in C. elegans (a named-neuron circuit) */
export const tapWithdrawal = `// Gentle touch: a touch to the head drives the backward command neurons (AVA),
// a touch to the tail the forward ones (AVB).
model Neuron = lif { tau_m = 10 ms; r_m = 200 Mohm; v_rest = -65 mV; v_reset = -65 mV; v_th = -50 mV; t_ref = 2 ms }

population touch = Neuron[ALML, ALMR, AVM, PLML, PLMR]
population inter = Neuron[AVDL, AVDR, PVCL, PVCR]
population command = Neuron[AVAL, AVAR, AVBL, AVBR]

gap touch[ALML, ALMR, AVM] <-> inter[AVDL, AVDR] { conductance = 0.5 nS }
gap touch[PLML, PLMR] <-> inter[PVCL, PVCR] { conductance = 0.5 nS }
connect touch[ALML, ALMR, AVM] -> inter[AVDL, AVDR] { weight = 0.3 nA }
connect touch[PLML, PLMR] -> inter[PVCL, PVCR] { weight = 0.3 nA }
connect inter[AVDL, AVDR] -> command[AVAL, AVAR] { weight = 0.3 nA }
connect inter[PVCL, PVCR] -> command[AVBL, AVBR] { weight = 0.3 nA }
connect touch[ALML, ALMR, AVM] -> inter[PVCL, PVCR] { weight = -0.2 nA }
connect touch[PLML, PLMR] -> command[AVAL, AVAR] { weight = -0.2 nA }

stimulus head = step -> touch[ALML, ALMR, AVM] { amplitude = 0.1 nA; start = 100 ms; stop = 300 ms }
stimulus tail = step -> touch[PLML, PLMR] { amplitude = 0.1 nA; start = 600 ms; stop = 800 ms }

record spikes of touch, inter, command
record v of command { every = 1 ms }
simulate { dt = 0.1 ms; duration = 1 s }
`;

/** SPEC 9.5: On the NeuroCoreX core */
export const neurocorex = `// Touch sensors as the core's external inputs, command neurons on the core,
// and one recurrent synapse that learns on the chip.
model Sensor = spike_times { }
model Core = neurocorex_lif { threshold = 10; leak = 0; t_ref = 2 ms }

plasticity window = stdp_window { window_pre = 3 ms; window_post = 3 ms; step_plus = 1; step_minus = 1 }

population sensors = Sensor[ALML, AVM, PLML] {
  times.ALML = [5 ms, 7 ms, 9 ms]
  times.AVM = [6 ms, 8 ms, 10 ms]
  times.PLML = [30 ms, 32 ms, 34 ms]
}
population command = Core[AVAL, AVBL, AVAR]

connect sensors[ALML, AVM] -> command[AVAL] { weight = 6 }
connect sensors[PLML] -> command[AVBL] { weight = 6 }
connect sensors[PLML] -> command[AVAL] { weight = -4 }
connect command[AVAL] -> command[AVAR] { weight = 12; plasticity = window }

record spikes of command
record weights of command[AVAL] -> command[AVAR] { every = 1 ms }
simulate { dt = 1 ms; duration = 50 ms }
target neurocorex { }
`;

export const specExamples: Readonly<Record<string, string>> = {
  "9.1": oneNeuron,
  "9.2": cuba,
  "9.3": stdpSong,
  "9.4": tapWithdrawal,
  "9.5": neurocorex,
};
