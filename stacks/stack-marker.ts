/**
 * The output naming the stack. `terraform show -json` carries no backend, so this is how `npm run review --
 * --plan` tells which synthesized stack a plan was made from (review/plan.ts). Apart from readable-stack.ts so
 * that reading a plan loads no cdktf: `dms review` and `dms plan` start in about half the time.
 */
export const STACK_MARKER_OUTPUT = 'dms_cdktf_stack';
