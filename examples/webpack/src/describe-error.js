// An error as plain data (it crosses postMessage and the page's test hooks).
export function describeError(error) {
  return { name: error.name, code: error.code, message: error.message };
}
