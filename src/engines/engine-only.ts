// TOKPEEK_BULK=engine turns the bulk paths off, so benchmarks can compare with the engine alone.
// A module of its own: a pool deciding whether to share a table asks this on the main thread,
// which must not load the js engine and its library for it (browse starts its workers after that).

export const BASELINE = 'TOKPEEK_BULK';

export const engineOnly = (): boolean => process.env[BASELINE] === 'engine';
