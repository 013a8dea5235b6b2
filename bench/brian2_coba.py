#!/usr/bin/python3
"""COBA benchmark (Brette et al. 2007, benchmark 1; Vogels & Abbott 2005) in Brian2, built to be
the network of examples/coba.snn, instrumented for timing like bench/brian2_cuba.py.

Run with Debian's interpreter (python3-brian lives in /usr/lib/python3/dist-packages; the pyenv
'python3' earlier on PATH does not see it):
  /usr/bin/python3 brian2_coba.py TARGET [DURATION_S] [SEED] [THREADS] [DUMP_DIR]
TARGET  : numpy | cython | cpp_standalone
THREADS : cpp_standalone only; 0 = no OpenMP (default), k >= 1 = OpenMP with k threads
DUMP_DIR: optional; writes connectivity, initial state and spikes as .npy (see the end)
Environment: BRIAN_BUILD_DIR (default build/brian2; the project goes to
  $BRIAN_BUILD_DIR/coba_t<threads>), BRIAN_CLEAN=0 to keep object files between runs (a new
  seed then only recompiles main.cpp; default 1 = full rebuild, so total_s includes a full
  compile), COBA_METHOD (default snn, see below), COBA_I_OFFSET_NA (default 0.2, as coba.snn; 0 gives
  the undriven variant).
Prints one 'RESULT {json}' line: loop_s (Network::run loop only, as brian2_cuba.py's
t_sim_loop_s), total_s (process start to end, compile included), populations{exc,inh:
{size,spikes,rate_hz}}, synaptic_events, n_synapses, plus the phase timings.

The network (examples/coba.snn): 3200 exc + 800 inh lif_cond_exp neurons, C = 200 pF,
g_L = 10 nS (tau_m 20 ms), E_L = -60 mV, V_t = -50 mV, V_r = -60 mV, E_e = 0 mV, E_i = -80 mV,
tau_e = 5 ms, tau_i = 10 ms, jumps 6 nS (exc) / 67 nS (inh), exc -> (exc, inh) and
inh -> (exc, inh) with fixed_probability(0.02), self-pairs allowed, delay one step (0.1 ms),
v0 ~ U(V_r, V_t), g_e0 ~ N(40 nS, 15 nS) and g_i0 ~ N(200 nS, 120 nS) clipped to >= 0 by
redrawing, dt = 0.1 ms, refractory 5 ms in the spec's (NEST's) convention.

How each .snn rule is expressed in Brian, and the deviations:
- Delay: the .snn delay of one step (0.1 ms) is Brian's zero delay. Brian applies on_pre in the
  'synapses' slot of the spiking step, after the state update, so the jump first acts in the
  next step's integration; the spec adds input arriving at step n+1 before integrating step
  n+1: the same arithmetic (as in cuba.snn).
- Refractory: the spec holds v for round(5 ms / dt) = 50 steps after the spiking step; Brian
  with refractory=R holds it for R/dt - 1 steps (not_refractory = timestep(t - lastspike) >=
  timestep(R)), so R = 5 ms + dt = 5.1 ms. Conductances keep decaying in both (Brian's
  '(unless refractory)' freezes v only), and conductance input is accepted while refractory.
- Threshold 'v >= V_t' (the spec's rule; Brian's examples use '>').
- Initial conductances: normal_clipped(.., lo = 0 nS, hi = mean + 10 sd) redraws values outside
  the range. Brian has no clipped normal, so out-of-range values are redrawn 12 times with
  conditional assignment (P.ge['ge < 0*nS'] = ...): the chance that one is still negative
  afterwards is < 0.048^13 ~ 1e-17 per neuron; the upper bound (10 sd) is never reached.
- Integration: lif_cond_exp is only conditionally linear; snn's scheme (docs/numerics.md) is
  exponential Euler with averaged conductances: g_e, g_i decay exactly, and over the step v
  sees each conductance's exact step average g * tau/dt * (1 - exp(-dt/tau)) as a constant,
  v' = v_inf + (v - v_inf) exp(-dt g_tot / C). Brian's exponential_euler holds g at its value
  at the start of the step, so the default (COBA_METHOD=snn) writes the v equation with
  g_e * f_e and g_i * f_i, f = tau/dt * (1 - exp(-dt/tau)) (0.990 and 0.995), and integrates
  with exponential_euler: the same update as snn's, up to float rounding (checked on one step
  against the closed form). COBA_METHOD=exponential_euler gives Brian's plain scheme (f = 1),
  any other Brian method name (rk4, euler, ...) that method with f = 1.
- Random numbers: same distributions, different generator (Brian's MT19937 seeded by SEED),
  so the same statistics, not the same spikes.
- synaptic_events counts every (spike, outgoing synapse) pair of the spikes emitted in
  [0, duration); syn_events_delivered leaves out those whose arrival (one step later) falls at
  or after the end (spikes in the last step), in case snn counts delivered events.

Observed (Brian2 2.5.1, 30 seeds, 1 s): the network is bistable. Without drive (i_offset 0,
E_L below threshold) the initial conductances (g_i ~ 200 nS: v_inf ~ -66 mV) mostly inhibit;
~400 spikes in the first ~50 ms, then silence (0.1 Hz over 1 s) in 29 of 30 seeds; seed 9
ignites self-sustained ~20 Hz activity. With COBA_I_OFFSET_NA=0.2 (I = 20 mV x g_L, the variant
ANNarchy/Auryn/BrainPy benchmark) every seed sustains ~20.5 Hz. See bench/golden/README.md.
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
method = os.environ.get('COBA_METHOD', 'snn')
# coba.snn's drive: a constant input current I = 20 mV * g_L = 0.2 nA, as ANNarchy, Auryn and
# BrainPy run the benchmark (COBA_I_OFFSET_NA=0 gives the undriven network, see the notes).
i_offset = float(os.environ.get('COBA_I_OFFSET_NA', '0.2')) * nA
clean = os.environ.get('BRIAN_CLEAN', '1') != '0'

outdir = os.path.join(os.environ.get('BRIAN_BUILD_DIR', 'build/brian2'), 'coba_t%d' % threads)
if target == 'cpp_standalone':
    set_device('cpp_standalone', directory=outdir, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = threads
else:
    prefs.codegen.target = target

seed(rng_seed)
dt_ = 0.1*ms
defaultclock.dt = dt_

t0 = time.perf_counter()
N_E, N_I = 3200, 800
N = N_E + N_I
p_conn = 0.02
Cm = 200*pF
gL = 10*nS                  # tau_m = Cm / gL = 20 ms
El = -60*mV
Vt = -50*mV
Vr = -60*mV
Ee = 0*mV
Ei = -80*mV
taue = 5*ms
taui = 10*ms
t_ref = 5*ms                # spec convention: 50 frozen steps
we = 6*nS
wi = 67*nS
ge0_mean, ge0_sd = 40*nS, 15*nS
gi0_mean, gi0_sd = 200*nS, 120*nS

if method == 'snn':        # snn's scheme: exponential Euler with step-averaged conductances
    f_e = float(taue / dt_ * (1 - np.exp(-float(dt_ / taue))))
    f_i = float(taui / dt_ * (1 - np.exp(-float(dt_ / taui))))
    brian_method = 'exponential_euler'
else:
    f_e = f_i = 1.0
    brian_method = method
eqs = '''
dv/dt  = (gL*(El - v) + f_e*ge*(Ee - v) + f_i*gi*(Ei - v) + i_offset) / Cm : volt (unless refractory)
dge/dt = -ge/taue : siemens
dgi/dt = -gi/taui : siemens
'''
P = NeuronGroup(N, eqs, threshold='v >= Vt', reset='v = Vr',
                refractory=t_ref + dt_, method=brian_method)
P.v = 'Vr + rand() * (Vt - Vr)'
P.ge = 'ge0_mean + ge0_sd * randn()'
P.gi = 'gi0_mean + gi0_sd * randn()'
for _ in range(12):         # normal_clipped: redraw what falls outside [0, mean + 10 sd]
    P.ge['ge < 0*nS or ge > ge0_mean + 10*ge0_sd'] = 'ge0_mean + ge0_sd * randn()'
    P.gi['gi < 0*nS or gi > gi0_mean + 10*gi0_sd'] = 'gi0_mean + gi0_sd * randn()'
Pe = P[:N_E]
Pi = P[N_E:]
# exc -> (exc, inh) and inh -> (exc, inh), each pair with probability p, self-pairs allowed
Ce = Synapses(Pe, P, on_pre='ge_post += we')
Ci = Synapses(Pi, P, on_pre='gi_post += wi')
Ce.connect(p=p_conn)
Ci.connect(p=p_conn)
s_mon = SpikeMonitor(P)
if dump_dir:
    init_mon = StateMonitor(P, ['v', 'ge', 'gi'], record=True, when='start',
                            dt=duration_s*second)
net = Network(collect())
t_build = time.perf_counter() - t0

res = dict(network='coba', target=target, duration_s=duration_s, seed=rng_seed,
           threads=threads, N=N, method=method, i_offset_nA=float(i_offset / nA),
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

pre_e = np.asarray(Ce.i[:])              # 0 .. N_E-1
pre_i = np.asarray(Ci.i[:]) + N_E        # as indices of P
outdeg = np.bincount(np.concatenate([pre_e, pre_i]), minlength=N)
spk_i = np.asarray(s_mon.i[:])
spk_step = np.round(np.asarray(s_mon.t[:]) / float(dt_)).astype(np.int64)
steps = int(round(duration_s / float(dt_)))
syn_events = int(outdeg[spk_i].sum())
syn_delivered = int(outdeg[spk_i[spk_step + 1 < steps]].sum())
n_exc = int(np.sum(spk_i < N_E))
n_inh = int(len(spk_i)) - n_exc
res.update(populations={'exc': dict(size=N_E, spikes=n_exc, rate_hz=round(n_exc / N_E / duration_s, 4)),
                        'inh': dict(size=N_I, spikes=n_inh, rate_hz=round(n_inh / N_I / duration_s, 4))},
           n_spikes=int(len(spk_i)), rate_mean_hz=round(len(spk_i) / N / duration_s, 4),
           n_synapses=int(len(pre_e) + len(pre_i)), synaptic_events=syn_events,
           syn_events_delivered=syn_delivered,
           realtime_factor=round(res['loop_s'] / duration_s, 4),
           syn_events_per_s=round(syn_events / max(res['loop_s'], 1e-9), 1))
if dump_dir:
    os.makedirs(dump_dir, exist_ok=True)
    # indices are those of the single group P: exc = 0..3199, inh = 3200..3999
    np.save(os.path.join(dump_dir, 'exc_pre.npy'), pre_e.astype(np.int32))
    np.save(os.path.join(dump_dir, 'exc_post.npy'), np.asarray(Ce.j[:], dtype=np.int32))
    np.save(os.path.join(dump_dir, 'inh_pre.npy'), pre_i.astype(np.int32))
    np.save(os.path.join(dump_dir, 'inh_post.npy'), np.asarray(Ci.j[:], dtype=np.int32))
    np.save(os.path.join(dump_dir, 'v0_volt.npy'), np.asarray(init_mon.v[:, 0]))
    np.save(os.path.join(dump_dir, 'ge0_siemens.npy'), np.asarray(init_mon.ge[:, 0]))
    np.save(os.path.join(dump_dir, 'gi0_siemens.npy'), np.asarray(init_mon.gi[:, 0]))
    np.save(os.path.join(dump_dir, 'spike_i.npy'), spk_i.astype(np.int32))
    np.save(os.path.join(dump_dir, 'spike_step.npy'), spk_step)
res['total_s'] = round(time.perf_counter() - t_start, 3)
print('RESULT ' + json.dumps(res))
