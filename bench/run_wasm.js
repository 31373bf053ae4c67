// V8 peer for run_compute.py: node run_wasm.js FILE.wasm [FUNCTION]
// Instantiates the module with no imports, calls the export once and prints each result on
// its own line (the `wasmbind invoke` format). Node's start-up (~40 ms) would swamp the
// shorter kernels, so the time spent inside the call is reported separately on stderr,
// as wall and CPU time, together with compile+instantiate time.
'use strict';
const fs = require('fs');

const [file, name = 'run'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node run_wasm.js FILE.wasm [FUNCTION]');
  process.exit(2);
}
const bytes = fs.readFileSync(file);

const t0 = performance.now();
const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
const t1 = performance.now();
const cpu0 = process.cpuUsage();
const result = instance.exports[name]();
const cpu = process.cpuUsage(cpu0); // microseconds, whole process (compiler threads too)
const t2 = performance.now();

// i64 results arrive as BigInt and multi-value results as an array; String() prints both
// as plain decimals (no trailing 'n').
for (const value of Array.isArray(result) ? result : [result]) console.log(String(value));
const cpuMs = (cpu.user + cpu.system) / 1000;
console.error(`compile_ms=${(t1 - t0).toFixed(3)} run_ms=${(t2 - t1).toFixed(3)} ` +
              `cpu_ms=${cpuMs.toFixed(3)}`);
