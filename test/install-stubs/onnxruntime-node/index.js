// transformers.js reads InferenceSession, Tensor and env when it loads; only running a model
// would reach the runtime, which tokpeek never does.
const common = require('onnxruntime-common');

const unavailable = () => {
  throw new Error('onnxruntime-node is stubbed in the tokpeek checkout: tokenizers only, no model inference');
};

module.exports = {
  ...common,
  InferenceSession: { create: async () => unavailable() },
  listSupportedBackends: () => [],
};
