/**
 * muxi-tracing/decorators: the AOP layer. `@Traced` and `@TracedClass` for any class (TC39
 * standard decorators or `experimentalDecorators`), and mixins that trace MUXI Orchestrator,
 * Agent and MCPHandler classes with the PRD §7 events.
 * @packageDocumentation
 */

// Decorators
export { Traced, TracedClass } from './traced.js';
export type { TracedClassDecorator, TracedMethodDecorator } from './traced.js';
export type { AgentIdReader, MessageOption, TracedClassOptions, TracedOptions } from './options.js';

// Mixins
export { TracedAgent, TracedMCPHandler, TracedOrchestrator } from './mixins.js';
export type { AgentMap, Constructor, MCPHandlerMap, OrchestratorMap } from './mixins.js';

// Helpers
export { usageOf } from './muxi-events.js';
export type { Usage } from './muxi-events.js';
