#!/usr/bin/python3
"""CUBA benchmark (Brette et al. 2007, benchmark 2; Vogels & Abbott 2005 network),
identical to the Brian2 example 'CUBA.py', instrumented for timing.

Run with Debian's interpreter (python3-brian installs into /usr/lib/python3/dist-packages;
a pyenv 'python3' earlier on PATH will NOT see it):
  /usr/bin/python3 cuba_bench.py TARGET [DURATION_S] [SEED] [THREADS] [N] [DUMP_DIR]
TARGET : numpy | cython | cpp_standalone
THREADS: cpp_standalone only; 0 = no OpenMP (default), k>=1 = OpenMP with k threads
N      : neurons (default 4000); NE = 0.8 N, p = 80/N (so 80 inputs/neuron, as in
         Stimberg et al. 2019 Fig. 8 scaling); N=4000 is exactly the standard CUBA
DUMP_DIR: optional; writes connectivity, initial v and spikes as .npy for replaying
         the identical network in another simulator
Prints one 'RESULT {json}' line.

Copied from /work/shared/bench/brian2_cuba.py into bench/; additions only (the network is
unchanged): the environment variable BRIAN_CLEAN=0 keeps object files between runs so a
new seed only recompiles main.cpp (default 1: full rebuild, as the original), and the
RESULT line also carries the common keys of bench/brian2_coba.py and brian2_brunel.py
(loop_s, total_s, populations, synaptic_events, n_synapses).
"""
t_start = __import__('time').perf_counter()
import sys, os, time, json, platform
t_import0 = time.perf_counter()
from brian2 import *
import brian2
import numpy as np
t_import = time.perf_counter() - t_import0

target = sys.argv[1] if len(sys.argv) > 1 else 'numpy'
duration_s = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
rng_seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12345
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 0
N = int(sys.argv[5]) if len(sys.argv) > 5 else 4000
dump_dir = sys.argv[6] if len(sys.argv) > 6 else None
NE = int(0.8 * N)
p_conn = 80.0 / N                      # = 0.02 for N = 4000

outdir = os.path.join(os.environ.get('BRIAN_BUILD_DIR', 'build/brian2'), 'standalone_t%d_n%d' % (threads, N))
if target == 'cpp_standalone':
    set_device('cpp_standalone', directory=outdir, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = threads
else:
    prefs.codegen.target = target          # 'numpy' or 'cython'

seed(rng_seed)
defaultclock.dt = 0.1*ms

t0 = time.perf_counter()
taum, taue, taui = 20*ms, 5*ms, 10*ms
Vt, Vr, El = -50*mV, -60*mV, -49*mV
eqs = '''
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
'''
P = NeuronGroup(N, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms,
                method='exact')
P.v = 'Vr + rand() * (Vt - Vr)'
P.ge = 0*mV
P.gi = 0*mV
we = (60*0.27/10)*mV      # 1.62 mV excitatory jump
wi = (-20*4.5/10)*mV      # -9 mV inhibitory jump
Ce = Synapses(P, P, on_pre='ge += we')
Ci = Synapses(P, P, on_pre='gi += wi')
Ce.connect('i<NE', p=p_conn)
Ci.connect('i>=NE', p=p_conn)
s_mon = SpikeMonitor(P)
if dump_dir:
    v0_mon = StateMonitor(P, 'v', record=True, when='start', dt=duration_s*second)
net = Network(collect())
t_build = time.perf_counter() - t0     # runtime targets: includes synapse creation

res = dict(target=target, duration_s=duration_s, seed=rng_seed, threads=threads, N=N,
           brian2=brian2.__version__, numpy=np.__version__,
           python=platform.python_version(), t_import_s=round(t_import, 3))

if target == 'cpp_standalone':
    net.run(duration_s*second, report=None)
    t1 = time.perf_counter()
    device.build(directory=outdir, compile=True, run=False,
                 clean=os.environ.get('BRIAN_CLEAN', '1') != '0')
    t_compile = time.perf_counter() - t1
    t2 = time.perf_counter()
    device.run(outdir, with_output=True, run_args=[])
    t_binary = time.perf_counter() - t2
    res.update(t_python_setup_s=round(t_build, 3), t_compile_s=round(t_compile, 3),
               t_binary_total_s=round(t_binary, 3),   # synapse creation + run + file IO
               t_sim_loop_s=round(device._last_run_time, 4))  # Network::run loop only
else:
    t1 = time.perf_counter()
    net.run(0*ms)                      # triggers code generation / compilation only
    t_codegen = time.perf_counter() - t1
    t2 = time.perf_counter()
    net.run(duration_s*second, report=None)
    t_run = time.perf_counter() - t2
    res.update(t_build_incl_connect_s=round(t_build, 3),
               t_codegen_s=round(t_codegen, 3), t_sim_loop_s=round(t_run, 4))

src = np.concatenate([np.asarray(Ce.i[:]), np.asarray(Ci.i[:])])
outdeg = np.bincount(src, minlength=N)
spk_i = np.asarray(s_mon.i[:])
n_spikes = int(len(spk_i))
syn_events = int(outdeg[spk_i].sum())   # delivered synaptic events (zero delay)
steps = int(round(duration_s / float(defaultclock.dt)))
res.update(n_synapses=int(len(src)), n_spikes=n_spikes,
           rate_exc_hz=round(float(np.sum(spk_i < NE)) / NE / duration_s, 3),
           rate_inh_hz=round(float(np.sum(spk_i >= NE)) / (N - NE) / duration_s, 3),
           rate_mean_hz=round(n_spikes / N / duration_s, 3), syn_events=syn_events,
           realtime_factor=round(res['t_sim_loop_s'] / duration_s, 4),
           syn_events_per_s=round(syn_events / res['t_sim_loop_s'], 1),
           neuron_updates_per_s=round(N * steps / res['t_sim_loop_s'], 1),
           ns_per_step=round(1e9 * res['t_sim_loop_s'] / steps, 1))
if dump_dir:
    os.makedirs(dump_dir, exist_ok=True)
    np.save(os.path.join(dump_dir, 'exc_pre.npy'), np.asarray(Ce.i[:], dtype=np.int32))
    np.save(os.path.join(dump_dir, 'exc_post.npy'), np.asarray(Ce.j[:], dtype=np.int32))
    np.save(os.path.join(dump_dir, 'inh_pre.npy'), np.asarray(Ci.i[:], dtype=np.int32))
    np.save(os.path.join(dump_dir, 'inh_post.npy'), np.asarray(Ci.j[:], dtype=np.int32))
    np.save(os.path.join(dump_dir, 'v0_volt.npy'), np.asarray(v0_mon.v[:, 0]))
    np.save(os.path.join(dump_dir, 'spike_i.npy'), spk_i.astype(np.int32))
    np.save(os.path.join(dump_dir, 'spike_step.npy'),
            np.round(np.asarray(s_mon.t[:]) / float(defaultclock.dt)).astype(np.int64))
n_exc_spk = int(np.sum(spk_i < NE))
res.update(network='cuba', loop_s=res['t_sim_loop_s'], synaptic_events=syn_events,
           populations={'exc': dict(size=NE, spikes=n_exc_spk,
                                    rate_hz=round(n_exc_spk / NE / duration_s, 4)),
                        'inh': dict(size=N - NE, spikes=n_spikes - n_exc_spk,
                                    rate_hz=round((n_spikes - n_exc_spk) / (N - NE) / duration_s, 4))},
           total_s=round(time.perf_counter() - t_start, 3))
print('RESULT ' + json.dumps(res))
