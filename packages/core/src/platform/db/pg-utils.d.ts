// `pg` exports its value serialiser (Date, arrays, JSON, Buffer -> wire text) but its typings do not declare it.
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
