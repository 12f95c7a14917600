export * from './coded-content.js';
export * from './datatypes.js';
export * from './entries.js';
export * from './header.js';
export * from './narrative.js';
