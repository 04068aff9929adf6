// model.prune()'s options on the JS side: the callbacks stay here, everything
// else goes to the C++ core as JSON (api/prune_json.h validates every key and
// value and names the option in its INVALID_ARGUMENT error).
import { NnslimError } from './errors.js';

function invalid(message) {
  return new NnslimError(`prune: ${message}`, { code: 'INVALID_ARGUMENT' });
}

// options -> { onProgress, signal, json }.
export function pruneRequest(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalid(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  const { onProgress, signal, ...rest } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw invalid('onProgress must be a function');
  if (signal !== undefined && (signal === null || typeof signal.aborted !== 'boolean')) {
    throw invalid('signal must be an AbortSignal');
  }
  for (const [key, value] of Object.entries(rest)) {
    // JSON would turn these into null or drop them: say what was wrong instead.
    if (typeof value === 'number' && !Number.isFinite(value)) throw invalid(`${key} must be a finite number, got ${value}`);
    if (typeof value === 'function' || typeof value === 'bigint') throw invalid(`${key} must not be a ${typeof value}`);
  }
  return { onProgress, signal, json: JSON.stringify(rest) };
}
