export * from './message.js';
export * from './provider.js';
export * from './request.js';
export * from './response.js';
export * from './usage.js';
