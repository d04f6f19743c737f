// The Stanford Alpaca prompt: how Alpaca records (instruction, input, output) are rendered
// when the tokenizer has no chat template.

export const ALPACA_PROMPT = {
  withInput: (instruction: string, input: string) =>
    `Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n### Instruction:\n${instruction}\n\n### Input:\n${input}\n\n### Response:\n`,
  noInput: (instruction: string) =>
    `Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\n${instruction}\n\n### Response:\n`,
};
