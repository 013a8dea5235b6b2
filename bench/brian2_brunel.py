#!/usr/bin/python3
"""Brunel (2000) model A, asynchronous irregular (g = 5, eta = 2), in Brian2, built to be the
network of examples/brunel.snn, instrumented for timing like bench/brian2_cuba.py.

Run with Debian's interpreter (python3-brian lives in /usr/lib/python3/dist-packages; the pyenv
'python3' earlier on PATH does not see it):
  /usr/bin/python3 brian2_brunel.py TARGET [DURATION_S] [SEED] [THREADS] [DUMP_DIR]
TARGET  : numpy | cython | cpp_standalone (numpy/cython: 28.1M synapses, slow and memory-hungry)
THREADS : cpp_standalone only; 0 = no OpenMP (default), k >= 1 = OpenMP with k threads
DUMP_DIR: optional; writes connectivity (~225 MB), spikes as .npy (see the end)
Environment: BRIAN_BUILD_DIR (default build/brian2; the project goes to
  $BRIAN_BUILD_DIR/brunel_t<threads>), BRIAN_CLEAN=0 to keep object files between runs (a new
  seed then only recompiles main.cpp; default 1 = full rebuild, so total_s includes a full
  compile).
Prints one 'RESULT {json}' line: loop_s (Network::run loop only, as brian2_cuba.py's
t_sim_loop_s), total_s (process start to end, compile included), populations{exc,inh,ext:
{size,spikes,rate_hz}}, synaptic_events, n_synapses, plus the phase timings.

The network (examples/brunel.snn): 10,000 exc + 2,500 inh lif_curr_delta neurons, tau_m 20 ms,
rest 0 mV, threshold 20 mV, reset 0 mV, refractory 2 ms, v0 = 0 mV; every neuron receives
C_E = 1000 exc inputs and C_I = 250 inh inputs drawn with replacement (multapses and autapses
allowed: fixed_number_pre(.., replace = true)), J = 0.1 mV, inhibitory -g J = -0.5 mV, delay
1.5 ms; plus C_ext = 1000 distinct inputs from a pool of 10,000 Poisson sources at
nu_ext = eta * theta / (J C_E tau_m) = 20 Hz each (J = 0.1 mV, delay 1.5 ms); dt = 0.1 ms.

How each .snn rule is expressed in Brian, and the deviations:
- Delay: Brian applies on_pre in the 'synapses' slot, after the step's state update and
  threshold, so an input delivered in step m first moves v in step m+1's integration and
  threshold test. The spec adds input arriving at step m before integrating step m. So the
  spec's 1.5 ms (15 steps) is Brian's delay = 1.5 ms - dt = 1.4 ms (the same arithmetic: jump,
  then one step of decay, then the threshold test).
- Refractory: the spec holds v for round(2 ms / dt) = 20 steps after the spiking step; Brian
  with refractory=R is refractory for R/dt - 1 steps (not_refractory = timestep(t - lastspike)
  >= timestep(R)), so R = 2 ms + dt = 2.1 ms (how v is held: next item).
- Delta input during refractoriness is discarded in the spec (and NEST's iaf_psc_delta). Brian
  discards writes to a '(unless refractory)' variable while not_refractory is false, on_pre
  included, but its flag is one step late for this (an input delivered in Brian's step n+20
  is the spec's arrival at n+21, the first free step, and Brian would drop it). So v is NOT
  flagged '(unless refractory)'; instead
  * on_pre is guarded: v_post += J * int(t - lastspike_post >= t_ref - dt/2), i.e. accepted
    iff its spec arrival step (Brian step + 1) is more than 20 steps after the last spike;
  * the refractory hold of v needs no freezing, because v_reset = v_rest = 0 mV: a neuron
    reset to 0 with its input discarded stays exactly at 0 under dv/dt = (0 - v) / tau_m;
  * refractory = 2.1 ms still gates the threshold (and keeps lastspike).
  (Checked on a 1-neuron network: ISI 21 steps under constant drive; an input delivered 20
  steps after the spike is dropped, 21 steps after kept.) This relies on v_reset == v_rest.
- Threshold 'v >= theta' (the spec's rule).
- Poisson sources: Brian's PoissonGroup fires with probability rate * dt per step, the spec's
  poisson with 1 - exp(-rate dt); the Brian rate is set to (1 - exp(-nu_ext dt)) / dt =
  19.980 Hz so that the per-step probability is the spec's exactly.
- Connectivity: fixed in-degree with replacement = Brian's generator syntax over the
  presynaptic index, i = 'int(rand() * N_pre) for _k in range(C)' per postsynaptic neuron;
  without replacement (external) i = 'k for k in sample(N_pre, size=C)'.
- Random numbers: same distributions, different generator (Brian's MT19937 seeded by SEED),
  so the same statistics, not the same spikes.
- synaptic_events counts every (spike, outgoing synapse) pair of the spikes emitted in
  [0, duration), Poisson sources included; syn_events_delivered leaves out those arriving at or
  after the end (spikes in the last 1.5 ms), in case snn counts delivered events.
"""
import time
t_start = time.perf_counter()
import sys, os, json, platform
from brian2 import *
import brian2
import numpy as np
t_import = time.perf_counter() - t_start

target = sys.argv[1] if len(sys.argv) > 1 else 'numpy'
duration_s = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
rng_seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12345
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 0
dump_dir = sys.argv[5] if len(sys.argv) > 5 else None
clean = os.environ.get('BRIAN_CLEAN', '1') != '0'

outdir = os.path.join(os.environ.get('BRIAN_BUILD_DIR', 'build/brian2'), 'brunel_t%d' % threads)
if target == 'cpp_standalone':
    set_device('cpp_standalone', directory=outdir, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = threads
else:
    prefs.codegen.target = target

seed(rng_seed)
dt_ = 0.1*ms
defaultclock.dt = dt_

t0 = time.perf_counter()
N_E, N_I = 10000, 2500
N = N_E + N_I
C_E, C_I = 1000, 250
tau_m = 20*ms
theta = 20*mV
V_rest = 0*mV
V_r = 0*mV                  # reset
t_ref = 2*ms                # spec convention: 20 frozen steps
J = 0.1*mV
g_rel = 5
J_I = g_rel * J             # 0.5 mV, inhibitory
D = 1.5*ms                  # spec delay
eta = 2
nu_thr = theta / (J * C_E * tau_m)   # 10 Hz
nu_ext = eta * nu_thr                # 20 Hz
C_ext = C_E
N_ext = 10000
brian_delay = D - dt_
rate_brian = (1 - np.exp(-float(nu_ext * dt_))) / dt_   # per-step probability = spec's

# no '(unless refractory)': see the header (v_reset = v_rest = 0, so v holds at 0 anyway)
P = NeuronGroup(N, 'dv/dt = (V_rest - v) / tau_m : volt',
                threshold='v >= theta', reset='v = V_r', refractory=t_ref + dt_,
                method='exact')
P.v = 0*mV
Pe = P[:N_E]
Pi = P[N_E:]
PG = PoissonGroup(N_ext, rates=rate_brian)

# input accepted iff the spec would see it outside the target's refractory period
guard = 'int(t - lastspike_post >= t_ref - 0.5*dt)'
Ce = Synapses(Pe, P, on_pre='v_post += J * ' + guard, delay=brian_delay)
Ci = Synapses(Pi, P, on_pre='v_post -= J_I * ' + guard, delay=brian_delay)
Cx = Synapses(PG, P, on_pre='v_post += J * ' + guard, delay=brian_delay)
# fixed in-degree: for every postsynaptic j, C presynaptic indices
Ce.connect(i='int(rand() * N_pre) for _k in range(C_E)')      # with replacement
Ci.connect(i='int(rand() * N_pre) for _k in range(C_I)')      # with replacement
Cx.connect(i='k for k in sample(N_pre, size=C_ext)')          # without replacement
s_mon = SpikeMonitor(P)
x_mon = SpikeMonitor(PG, record=dump_dir is not None)        # counts only, unless dumping
net = Network(collect())
t_build = time.perf_counter() - t0

res = dict(network='brunel', target=target, duration_s=duration_s, seed=rng_seed,
           threads=threads, N=N, N_ext=N_ext, brian_delay_ms=float(brian_delay / ms),
           poisson_rate_brian_hz=float(rate_brian / Hz),
           brian2=brian2.__version__, numpy=np.__version__,
           python=platform.python_version(), t_import_s=round(t_import, 3))

if target == 'cpp_standalone':
    net.run(duration_s*second, report=None)
    t1 = time.perf_counter()
    device.build(directory=outdir, compile=True, run=False, clean=clean)
    t_compile = time.perf_counter() - t1
    t2 = time.perf_counter()
    device.run(outdir, with_output=True, run_args=[])
    t_binary = time.perf_counter() - t2
    res.update(t_python_setup_s=round(t_build, 3), t_compile_s=round(t_compile, 3),
               t_binary_total_s=round(t_binary, 3),  # synapse creation + run + file IO
               loop_s=round(device._last_run_time, 4))  # Network::run loop only
else:
    t1 = time.perf_counter()
    net.run(0*ms)                 # code generation / compilation (and synapse creation)
    t_codegen = time.perf_counter() - t1
    t2 = time.perf_counter()
    net.run(duration_s*second, report=None)
    res.update(t_build_s=round(t_build, 3), t_codegen_s=round(t_codegen, 3),
               loop_s=round(time.perf_counter() - t2, 4))

steps = int(round(duration_s / float(dt_)))
d_steps = int(round(float(brian_delay / dt_)))
pre_e = np.asarray(Ce.i[:])
pre_i = np.asarray(Ci.i[:])
pre_x = np.asarray(Cx.i[:])
outdeg = np.bincount(np.concatenate([pre_e, pre_i + N_E]), minlength=N)
outdeg_x = np.bincount(pre_x, minlength=N_ext)
spk_i = np.asarray(s_mon.i[:])
spk_step = np.round(np.asarray(s_mon.t[:]) / float(dt_)).astype(np.int64)
x_count = np.asarray(x_mon.count[:])
syn_events = int(outdeg[spk_i].sum()) + int((outdeg_x * x_count).sum())
# delivered: Brian delivers a spike of step n in step n + d_steps (the spec's arrival is one
# step later, n + 15, and must fall before the end, < steps)
ok = spk_step + d_steps + 1 < steps
syn_delivered = int(outdeg[spk_i[ok]].sum())
if dump_dir:
    x_i = np.asarray(x_mon.i[:])
    x_step = np.round(np.asarray(x_mon.t[:]) / float(dt_)).astype(np.int64)
    syn_delivered += int(outdeg_x[x_i[x_step + d_steps + 1 < steps]].sum())
else:
    syn_delivered = None   # would need the Poisson spike times (recorded only with a dump)
n_exc = int(np.sum(spk_i < N_E))
n_inh = int(len(spk_i)) - n_exc
n_ext = int(x_count.sum())
res.update(populations={'exc': dict(size=N_E, spikes=n_exc, rate_hz=round(n_exc / N_E / duration_s, 4)),
                        'inh': dict(size=N_I, spikes=n_inh, rate_hz=round(n_inh / N_I / duration_s, 4)),
                        'ext': dict(size=N_ext, spikes=n_ext, rate_hz=round(n_ext / N_ext / duration_s, 4))},
           n_spikes=int(len(spk_i)), rate_mean_hz=round(len(spk_i) / N / duration_s, 4),
           n_synapses=int(len(pre_e) + len(pre_i) + len(pre_x)),
           n_synapses_recurrent=int(len(pre_e) + len(pre_i)),
           synaptic_events=syn_events, syn_events_delivered=syn_delivered,
           realtime_factor=round(res['loop_s'] / duration_s, 4),
           syn_events_per_s=round(syn_events / max(res['loop_s'], 1e-9), 1))
if dump_dir:
    os.makedirs(dump_dir, exist_ok=True)
    # indices: exc_pre 0..9999, inh_pre 0..2499 (within inh), ext_pre 0..9999 (within ext);
    # every post index counts through (exc, inh) = 0..12499
    for name, syn in (('exc', Ce), ('inh', Ci), ('ext', Cx)):
        np.save(os.path.join(dump_dir, name + '_pre.npy'), np.asarray(syn.i[:], dtype=np.int32))
        np.save(os.path.join(dump_dir, name + '_post.npy'), np.asarray(syn.j[:], dtype=np.int32))
    np.save(os.path.join(dump_dir, 'spike_i.npy'), spk_i.astype(np.int32))
    np.save(os.path.join(dump_dir, 'spike_step.npy'), spk_step)
    np.save(os.path.join(dump_dir, 'ext_spike_i.npy'), x_i.astype(np.int32))
    np.save(os.path.join(dump_dir, 'ext_spike_step.npy'), x_step)
res['total_s'] = round(time.perf_counter() - t_start, 3)
print('RESULT ' + json.dumps(res))
