/**
 * The output naming the stack. `terraform show -json` carries no backend, so this is how `npm run review --
 * --plan` tells which synthesized stack a plan was made from (review/plan.ts). Apart from readable-stack.ts so
 * that reading plans loads no cdktf: `dms review` of cdktf.out takes 0.20 instead of 0.25 CPU-s.
 */
export const STACK_MARKER_OUTPUT = 'dms_cdktf_stack';
