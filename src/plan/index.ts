/** Plans: the target requests that turn a current group into one with a desired meaning, proven offline. */
export { plan, planGroup, planDocument, type PlanOptions } from './plan.js';
export { planCreate, planNewGroup, type CreateOptions } from './create.js';
export { baseDigest } from './digest.js';
export {
  applyStep,
  applyRequest,
  requestRules,
  type StepRequest,
  type EffectResult,
  type EffectOptions,
} from './effects.js';
export { checkState, type StateCheck } from './proof.js';
export { ruleIdentity } from './identity.js';
export type { Plan, PlanStep, PlanResult, PlanOrder } from './types.js';
