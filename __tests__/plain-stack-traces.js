// cdktf records a full creation stack trace for every token it makes (cdktf/lib/tokens/private/stack-trace,
// copied from constructs), with Error.stackTraceLimit raised to MAX_SAFE_INTEGER. Under Jest every such trace
// goes through Jest's source-map formatter (installed as Error.prepareStackTrace in the worker's realm, which
// Node also applies to errors made in the test's context), and a synth spends a third of its time there.
// Format those traces as V8 does, without source maps, and only down to the test function: the frames below it
// are Jest's runner (half of a trace, 30 frames on average in a stack suite) and say nothing of where a token
// was made. Nothing synthesized depends on these traces, and test failures keep their source-mapped stacks.
const stackTrace = require('cdktf/lib/tokens/private/stack-trace');

const JEST_RUNNER = /[\\/]node_modules[\\/](?:jest-circus|jest-runner|@jest)[\\/]/;

const formatLikeV8 = (error, frames) => {
  const lines = [String(error)];
  for (const frame of frames) {
    if (JEST_RUNNER.test(frame.getFileName() ?? '')) break;
    lines.push(`    at ${frame}`);
  }
  return lines.join('\n');
};
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
