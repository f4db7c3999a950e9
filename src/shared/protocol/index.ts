export * from './agent-protocol.js';
export * from './health-schema.js';
export * from './inventory-schema.js';
export * from './sample-schema.js';
export * from './action-constants.js';
export * from './action-schemas.js';
