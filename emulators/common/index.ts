export * from './types';
export { startEmulator, defaultKnobs, ADMIN_PREFIX } from './server';
export { Prng, createPrng } from './prng';
export { deepMerge, clone, isPlainObject } from './merge';
export { json, text, parseJson, headerValue } from './http';
export { jsonBodySubject, maskIdentifier, redactQuery } from './requestLog';
