export * from './agent-protocol.js';
export * from './health-schema.js';
export * from './inventory-schema.js';
export * from './sample-schema.js';
