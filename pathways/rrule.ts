import * as rrule from 'rrule';

/**
 * rrule ships CommonJS for Node and ES modules for bundlers. Node's ESM loader cannot see the
 * CommonJS named exports, while the workflow bundle (webpack) sees only named ones: take the
 * class from whichever shape arrived.
 */
type RRuleModule = typeof rrule;
const loaded = rrule as RRuleModule & { default?: RRuleModule };

export const RRule: RRuleModule['RRule'] = loaded.RRule ?? loaded.default!.RRule;
