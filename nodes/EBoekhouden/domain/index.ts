export * from './types';
export * from './sign';
export * from './keys';
export * from './hash';
export * from './journal';
export * from './mapping';
export * from './plan';
export * from './versions';
