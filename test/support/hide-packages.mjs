// `node --import ./hide-packages.mjs`: packages named in TOKPEEK_TEST_HIDE (comma-separated)
// fail to resolve as if not installed, so tests can run the real binary without an optional
// peer dependency that the checkout has installed.

import { register } from 'node:module';

const hidden = (process.env.TOKPEEK_TEST_HIDE ?? '').split(',').filter(Boolean);
const hooks = `
let hidden = [];
export function initialize(data) { hidden = data; }
export async function resolve(specifier, context, next) {
  // Engines import the copy they resolved by its file URL (src/engines/engine-package.ts).
  const hides = (h) => specifier === h || specifier.startsWith(h + '/') || specifier.includes('/node_modules/' + h + '/');
  if (hidden.some(hides)) {
    const e = new Error("Cannot find package '" + specifier + "' (hidden by the test)");
    e.code = 'ERR_MODULE_NOT_FOUND';
    throw e;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: hidden });
