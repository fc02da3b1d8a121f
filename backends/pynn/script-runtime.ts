/**
 * The fixed part of every exported PyNN script: command line, simulator choice, the per-simulator
 * time-stamp conventions, delay handling, connection from lists, and the writers of the CSV files
 * of SPEC §6 (same names, columns, ordering and number formats as `snnc run`). The network-specific
 * part (populations, projections, stimuli, recordings) is emitted by ./script.ts and calls these.
 *
 * Conventions (docs/targets.md explains them):
 * - STAMP_OFFSET: steps added to a simulator's spike time to get SPEC §7's stamp `T = t + dt`
 *   (NEST and NEURON detect threshold crossings at the end of the step: 0; Brian2 stamps the start
 *   of the step: 1).
 * - REFRAC_EXTRA: steps added to `tau_refrac` (Brian2 counts the refractory period from its own,
 *   earlier stamp: 1).
 * - SOURCE_SHIFT: steps added to SpikeSourceArray times (Brian2's generator emits one step late: −1).
 * - NEURON integrates with Crank–Nicolson (`secondorder = 2`), which at snnc's dt reproduces the
 *   exact propagator's spike times on SPEC 9.1 (first spike 32.2 ms, interval 34.2 ms).
 * - One-step delays on NEURON: NEURON's ParallelContext rejects a minimum delay that is not above
 *   dt, so the script sends delays of exactly one step as dt·(1 + 1e−6). NEURON's fixed step
 *   delivers an event in the step whose first half contains it, so the spike still arrives at
 *   `ts + dt` and the network is unchanged (the test suite compares 1 and 2 processes).
 */
export const SCRIPT_RUNTIME = String.raw`
STAMP_OFFSET = {"nest": 0, "neuron": 0, "brian2": 1}
REFRAC_EXTRA = {"nest": 0, "neuron": 0, "brian2": 1}
SOURCE_SHIFT = {"nest": 0, "neuron": 0, "brian2": -1}
ONE_STEP_EPSILON = 1e-6


def parse_args():
    ap = argparse.ArgumentParser(
        description="Run the snnc network '" + NAME + "' on a PyNN simulator and write the CSV "
        "files of 'snnc run' (spikes.csv, v.csv, weights.csv, ...).")
    ap.add_argument("simulator", choices=["nest", "neuron", "brian2"])
    ap.add_argument("--out", default=os.path.join("out", NAME),
                    help="output directory (default: out/" + NAME + ")")
    ap.add_argument("--duration", type=float, default=DURATION_MS,
                    help="simulated time in ms (default: the file's duration)")
    ap.add_argument("--min-delay", type=float, default=None, metavar="MS",
                    help="raise every delay below MS to MS (changes the network; prints a warning)")
    ap.add_argument("--quiet", action="store_true", help="no summary table")
    return ap.parse_args()


def import_simulator(name):
    if name == "nest":
        import pyNN.nest as sim
    elif name == "neuron":
        import pyNN.neuron as sim
    else:
        import pyNN.brian2 as sim
    return sim


def warn(rank, text):
    if rank == 0:
        sys.stderr.write(NAME + ": warning: " + text + "\n")


def refuse_on_brian2(opts, population):
    # Brian2's exact solver has no limit form for tau_m == tau_syn and divides by zero.
    if opts.simulator == "brian2":
        sys.exit(NAME + ": population '" + population + "' has tau_m equal to a synaptic time "
                 "constant, which Brian2's exact integration cannot handle; use neuron or nest")


def load_data():
    if DATA_FILE is None:
        return inline_data()
    here = os.path.dirname(os.path.abspath(__file__))
    with np.load(os.path.join(here, DATA_FILE)) as f:
        return {k: f[k] for k in f.files}


def adjust_delays(delay_ms, opts, rank, what):
    d = np.array(delay_ms, dtype=float)
    if opts.min_delay is not None:
        low = d < opts.min_delay - 1e-9
        if low.any():
            warn(rank, "%s: %d delays raised to --min-delay %g ms" % (what, int(low.sum()), opts.min_delay))
            d[low] = opts.min_delay
    if opts.simulator == "neuron":
        one = np.abs(d - DT_MS) < 1e-9 * DT_MS
        d[one] = DT_MS * (1.0 + ONE_STEP_EPSILON)
    return d


def delay_range(data, opts):
    ds = [adjust_delays(data[k], opts, 1, "") for k in sorted(data) if k.endswith(".delay")]
    ds = [d for d in ds if len(d) > 0]
    if not ds:
        return DT_MS, 10 * DT_MS
    lo = min(float(d.min()) for d in ds)
    hi = max(float(d.max()) for d in ds)
    return lo, hi + DT_MS


def connect(sim, pre, post, data, key, name, receptor, synapse, opts, rank):
    i = np.asarray(data[key + ".pre"], dtype=float)
    j = np.asarray(data[key + ".post"], dtype=float)
    if len(i) == 0:
        return None
    w = np.asarray(data[key + ".weight"], dtype=float)
    d = adjust_delays(data[key + ".delay"], opts, rank, name)
    conn = sim.FromListConnector(np.column_stack([i, j, w, d]), column_names=["weight", "delay"])
    return sim.Projection(pre, post, conn, synapse, receptor_type=receptor, label=name)


def patch_neuron_gap_junctions():
    # PyNN 0.10.1's GapJunction calls ParallelContext.source_var without the section, which
    # NEURON 8 rejects ("Pointer to src is not in the currently accessed section"): pass it.
    from pyNN.neuron import simulator as nsim

    def make_connection(self, segment, weight, local_to_remote, remote_to_local, local_gid, remote_gid):
        nsim.state.parallel_context.source_var(segment(0.5)._ref_v, local_to_remote, sec=segment)
        self.gap = nsim.h.Gap(0.5, sec=segment)
        self.gap.g = weight
        nsim.state.parallel_context.target_var(self.gap, self.gap._ref_vgap, remote_to_local)

    nsim.GapJunction._make_connection = make_connection


def connect_gap(sim, a, b, data, key, name, opts, rank):
    # PyNN's NEURON cells are sections that ElectricalSynapse can couple, but IF_curr_exp does not
    # list the gap receptor; declare it on these populations' cell types.
    for pop in (a, b):
        types = tuple(pop.celltype.receptor_types)
        if "source_section.gap" not in types:
            pop.celltype.receptor_types = types + ("source_section.gap",)
    patch_neuron_gap_junctions()
    i = np.asarray(data[key + ".pre"], dtype=float)
    if len(i) == 0:
        return None
    j = np.asarray(data[key + ".post"], dtype=float)
    g = np.asarray(data[key + ".weight"], dtype=float)
    conn = sim.FromListConnector(np.column_stack([i, j, g]), column_names=["weight"])
    return sim.Projection(a, b, conn, sim.ElectricalSynapse(), receptor_type="source_section.gap",
                          source="source_section.gap",
                          label=name)


def spike_times_for(times_ms, counts, opts):
    shift = SOURCE_SHIFT[opts.simulator] * DT_MS
    out, at = [], 0
    for c in counts:
        t = np.asarray(times_ms[at:at + int(c)], dtype=float) + shift
        out.append(Sequence(t[t >= 0.0]))
        at += int(c)
    return out


def fmt_time(step):
    return format((Decimal(int(step)) * Decimal(DT_TEXT)).normalize(), "f")


def fmt_num(x):
    """A float as JavaScript's Number.prototype.toString writes it (as 'snnc run' does)."""
    x = float(x)
    if x == 0.0:
        return "0"
    sign, digits, exp = Decimal(repr(x)).normalize().as_tuple()
    ds = "".join(str(d) for d in digits)
    k, n = len(ds), len(ds) + exp
    s = "-" if sign else ""
    if k <= n <= 21:
        return s + ds + "0" * (n - k)
    if 0 < n <= 21:
        return s + ds[:n] + "." + ds[n:]
    if -6 < n <= 0:
        return s + "0." + "0" * (-n) + ds
    e = n - 1
    es = ("+" if e >= 0 else "-") + str(abs(e))
    return s + (ds if k == 1 else ds[0] + "." + ds[1:]) + "e" + es


def fmt_value(x, unit):
    """A value in mV (unit 1e-3) or nA (1e-9) as 'snnc run' prints it: the shortest text that
    converts back to the same SI value."""
    x = float(x)
    inv = round(1.0 / unit)
    si = x / inv
    scaled = si * inv
    for p in range(1, 18):
        text = fmt_num(float(format(scaled, "." + str(p) + "g")))
        back = float(text)
        if back / inv == si or back * unit == si:
            return text
    return fmt_num(scaled)


def channel_indices(sig):
    ann = getattr(sig, "array_annotations", {}) or {}
    if "channel_index" in ann:
        return [int(c) for c in ann["channel_index"]]
    return [int(c) for c in sig.annotations.get("channel_index", range(sig.shape[1]))]


def source_index(pop, st, k):
    ann = st.annotations
    if "source_index" in ann:
        return int(ann["source_index"])
    if "source_id" in ann:
        return int(pop.id_to_index(int(ann["source_id"])))
    return k


def collect_spikes(pops, opts, steps, rank):
    rows, counts = [], []
    for p, (name, pop) in enumerate(pops):
        wanted = RECORD_SPIKES.get(name)
        block = pop.get_data("spikes", gather=True)
        n = 0
        for k, st in enumerate(block.segments[0].spiketrains):
            idx = source_index(pop, st, k)
            for t in np.asarray(st.magnitude, dtype=float):
                step = int(round(t / DT_MS)) + STAMP_OFFSET[opts.simulator]
                if step < 1 or step > steps:
                    continue
                n += 1
                if wanted is not None and (wanted == "all" or idx in wanted):
                    rows.append((step, p, idx))
        counts.append(n)
    rows.sort()
    return rows, counts


def collect_state(pops, variable, opts, steps):
    rows = []
    for p, (name, pop) in enumerate(pops):
        wanted = RECORD_STATE.get((name, variable))
        if wanted is None:
            continue
        block = pop.get_data(variable, gather=True)
        sigs = block.segments[0].filter(name=variable)
        if not sigs:
            continue
        sig = sigs[0]
        chans = channel_indices(sig)
        times = np.asarray(sig.times.rescale("ms").magnitude, dtype=float)
        values = np.asarray(sig.magnitude, dtype=float)
        for s, t in enumerate(times):
            step = int(round(t / DT_MS))
            if step > steps:
                continue
            for c, idx in enumerate(chans):
                every = wanted.get(idx)
                if every is not None and step % every == 0:
                    rows.append((step, p, idx, values[s, c]))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return rows


def field(text):
    """A CSV field as RFC 4180 writes it (as snnc run does)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def member(name, idx):
    names = MEMBERS.get(name)
    return "" if names is None else field(names[idx])


def write_csv(path, header, lines):
    with open(path, "w", newline="") as f:
        f.write(header + "\n")
        for line in lines:
            f.write(line + "\n")


def write_outputs(opts, pops, weight_rows, steps):
    os.makedirs(opts.out, exist_ok=True)
    names = [name for name, _ in pops]
    spikes, counts = collect_spikes(pops, opts, steps, 0)
    if RECORD_SPIKES:
        write_csv(os.path.join(opts.out, "spikes.csv"), "time_ms,population,index,name",
                  ["%s,%s,%d,%s" % (fmt_time(s), names[p], i, member(names[p], i)) for s, p, i in spikes])
    for variable, unit in STATE_VARIABLES:
        rows = collect_state(pops, variable, opts, steps)
        scale = 1e-9 if unit == "nA" else 1e-3
        write_csv(os.path.join(opts.out, variable + ".csv"),
                  "time_ms,population,index,name," + variable + "_" + unit,
                  ["%s,%s,%d,%s,%s" % (fmt_time(s), names[p], i, member(names[p], i),
                                       fmt_value(v, scale))
                   for s, p, i, v in rows])
    if WEIGHT_RECORDINGS:
        write_csv(os.path.join(opts.out, "weights.csv"),
                  "time_ms,projection,pre,post,pre_name,post_name,w_nA", weight_rows)
    return counts


def sample_weights(projections, step, rows):
    for k, name, pre_name, post_name in WEIGHT_RECORDINGS:
        prj = projections[k]
        if prj is None:
            continue
        lst = sorted((int(i), int(j), float(w)) for i, j, w in prj.get("weight", format="list", gather=True))
        for i, j, w in lst:
            rows.append((step, k, "%s,%s,%d,%d,%s,%s,%s" % (
                fmt_time(step), field(name), i, j, member(pre_name, i), member(post_name, j), fmt_value(w, 1e-9))))


def run(sim, opts, projections, steps, rank):
    weight_rows = []
    sample_steps = sorted(set(s for s in WEIGHT_SAMPLE_STEPS if s <= steps)) if WEIGHT_RECORDINGS else []
    for s in sample_steps:
        if s > 0:
            sim.run_until(s * DT_MS)
        sample_weights(projections, s, weight_rows)
    sim.run_until(steps * DT_MS)
    weight_rows.sort(key=lambda r: (r[0], r[1]))
    return [line for _, _, line in weight_rows]


def summary(opts, pops, counts, steps):
    duration_s = steps * DT_MS / 1000.0
    lines = ["%-16s %8s %10s %10s" % ("population", "size", "spikes", "rate_Hz")]
    for (name, pop), n in zip(pops, counts):
        rate = n / (pop.size * duration_s) if duration_s > 0 and pop.size > 0 else 0.0
        lines.append("%-16s %8d %10d %10.2f" % (name, pop.size, n, rate))
    lines.append("simulator: %s, processes: %d, seed: %d" % (opts.simulator, NPROC[0], SEED))
    print("\n".join(lines), flush=True)


NPROC = [1]


def main():
    opts = parse_args()
    steps = int(round(opts.duration / DT_MS))
    if abs(steps * DT_MS - opts.duration) > 1e-9 * max(1.0, opts.duration):
        sys.exit(NAME + ": --duration must be a whole number of steps of " + DT_TEXT + " ms")
    if GAPS and opts.simulator != "neuron":
        sys.exit(NAME + ": gap junctions (" + ", ".join(GAPS) + ") run only on PyNN's neuron backend")
    sim = import_simulator(opts.simulator)
    data = load_data()
    min_delay, max_delay = delay_range(data, opts)
    extra = {"nest": {"rng_seed": SEED}, "neuron": {"native_rng_baseseed": SEED}, "brian2": {}}
    np.random.seed(SEED)
    sim.setup(timestep=DT_MS, min_delay=min_delay, max_delay=max_delay, **extra[opts.simulator])
    if opts.simulator == "neuron":
        from neuron import h
        h.secondorder = 2  # Crank-Nicolson: closest to SPEC's exact integration at the same dt
    rank = sim.rank()
    NPROC[0] = sim.num_processes()
    pops, projections = build(sim, data, opts, rank)
    weight_rows = run(sim, opts, projections, steps, rank)
    counts = write_outputs(opts, pops, weight_rows, steps) if rank == 0 else None
    if rank != 0:
        collect_spikes(pops, opts, steps, rank)
        for variable, _ in STATE_VARIABLES:
            collect_state(pops, variable, opts, steps)
    if rank == 0 and not opts.quiet:
        summary(opts, pops, counts, steps)
    sim.end()


if __name__ == "__main__":
    main()
`;
