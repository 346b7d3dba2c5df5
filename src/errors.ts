// The typed errors live on the ground floor (core/errors.ts), with the record types they carry, so that every
// folder can import them without reaching above itself; this path is where the rest of src/ imports them from.
export * from './core/errors.js';
