// What a bad argument is, for an error message: 'null', the class name of an
// object ('Array', 'Map', 'Object'), else its typeof ('string', 'number').
export function describeType(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
