// cdktf records a full creation stack trace for every token it makes (cdktf/lib/tokens/private/stack-trace,
// copied from constructs), with Error.stackTraceLimit raised to MAX_SAFE_INTEGER. Under Jest every such trace
// goes through Jest's source-map formatter (installed as Error.prepareStackTrace in the worker's realm, which
// Node also applies to errors made in the test's context), and a synth spends a third of its time there.
// Format those traces as V8 does, without source maps: nothing synthesized depends on them, and test failures
// keep their source-mapped stacks.
const stackTrace = require('cdktf/lib/tokens/private/stack-trace');

const formatLikeV8 = (error, frames) => [String(error), ...frames.map((frame) => `    at ${frame}`)].join('\n');
const captureWithJestFormatter = stackTrace.captureStackTrace;

stackTrace.captureStackTrace = function captureStackTrace(below) {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = formatLikeV8;
  try {
    return captureWithJestFormatter(below || captureStackTrace);
  } finally {
    Error.prepareStackTrace = prepare;
  }
};
