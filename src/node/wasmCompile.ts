/**
 * Announced just before the bash grammar's WebAssembly is compiled. dist/cli.js answers it: the
 * short-lived CLI and hook switch V8 to its baseline WebAssembly compiler then (optimising 1.3 MB of
 * grammar in background threads would hold up their exit for a compile no request uses), after
 * writing their code cache, because V8 stamps its flags into cached code and a cache made under
 * other flags than the next start's is rejected. Setting the flag only here spares every line that
 * needs no grammar the cost of loading node:v8. In the editor nobody answers and V8 keeps its defaults.
 */
export const beforeWasmCompile = 'bulkhead:before-wasm-compile';

export function announceWasmCompile(): void {
  (process as NodeJS.EventEmitter).emit(beforeWasmCompile);
}
