// The normalized usage lives on the ground floor (core/usage.ts): the error classes and attempt records name it.
export * from '../../core/usage.js';
