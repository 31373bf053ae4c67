// A reference WASI preview1 runner on Node's `node:wasi`, taking the same command line as
// `wasmbind run`, so tests can compare the two (tests/wasi/flite_test.sh) and the test-suite
// runner can be checked against a second runtime:
//
//   node node_wasi_run.mjs [--dir HOST[::GUEST]]... [--dir-ro HOST[::GUEST]]... [--env K=V]...
//                          [--inherit-env] FILE.wasm [ARGS...]
//
// argv[0] is FILE's base name, stdio is inherited, the exit status is the guest's. Node has no
// read-only preopens, so --dir-ro preopens read-write. Node 20 prints an ExperimentalWarning
// for node:wasi; run with --no-warnings to silence it.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import process from 'node:process';
import { WASI } from 'node:wasi';

function usage(message) {
  process.stderr.write(`node_wasi_run.mjs: ${message}\n`);
  process.exit(1);
}

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let inheritEnv = false;
let i = 0;
for (; i < argv.length; ++i) {
  const arg = argv[i];
  if (arg === '--') {
    ++i;
    break;
  }
  if (!arg.startsWith('-') || arg === '-') break;
  if (arg === '--inherit-env') {
    inheritEnv = true;
    continue;
  }
  if (i + 1 >= argv.length) usage(`${arg} needs a value`);
  const value = argv[++i];
  if (arg === '--dir' || arg === '--dir-ro') {
    const sep = value.indexOf('::');
    const host = sep < 0 ? value : value.slice(0, sep);
    const guest = sep < 0 ? value : value.slice(sep + 2);
    preopens[guest] = host;
  } else if (arg === '--env') {
    const eq = value.indexOf('=');
    if (eq < 0) {
      if (value in process.env) env[value] = process.env[value];
    } else {
      env[value.slice(0, eq)] = value.slice(eq + 1);
    }
  } else {
    usage(`unknown option ${arg}`);
  }
}
if (i >= argv.length) usage('no FILE.wasm given');
const file = argv[i];
const args = [basename(file), ...argv.slice(i + 1)];

const wasi = new WASI({
  version: 'preview1',
  args,
  env: inheritEnv ? { ...process.env, ...env } : env,
  preopens,
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
let code;
try {
  code = wasi.start(instance);
} catch (e) {
  process.stderr.write(`node_wasi_run.mjs: ${e.stack || e}\n`);
  code = 134;
}
process.exitCode = code;
