/** The pathway language and its pure engine: what other layers import from pathways/. */
export * from './definition.js';
export * from './engine.js';
export { validateDefinition, type DefinitionError, type ValidationResult } from './validate.js';
