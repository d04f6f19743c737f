// The one way a command gets the renderer of chat records: the tokenizer's own chat templates
// (tokenizer_config.json, chat_template.jinja, a named list), or `--chat-template T` — a
// template file, or the name of one of the tokenizer's templates.

import fs from 'node:fs';
import path from 'node:path';
import { ChatRenderer } from '../core/chat/apply-template.js';
import { ChatTemplateError } from '../core/chat/templates.js';
import type { TokenizerFiles } from '../core/tokenizer-files.js';
import { UsageError } from '../errors.js';
import { readTextFile } from '../decode-utf8.js';
import { within } from '../contained-path.js';

interface ChatRendererChoice {
  /** `--chat-template`: a file (.jinja, or any existing path) or a template name; default the tokenizer's. */
  choice?: string | undefined;
  /** Where a relative template file is found. */
  cwd: string;
  /** Append EOS to completions rendered without a template (TRL's prompt/completion); default yes. */
  addEos?: boolean | undefined;
  /** What names the choice in an error (`--chat-template`, or a config path). */
  flag?: string;
  /** A template file must lie inside this folder (a suite config's: a pull request must not reach the host's files). */
  containedIn?: string;
}

/** Whether `choice` names a template file rather than one of the tokenizer's templates. */
export function isTemplateFile(choice: string, cwd: string): boolean {
  return /\.(jinja2?|j2|txt)$/i.test(choice) || /[\\/]/.test(choice) || fs.existsSync(path.resolve(cwd, choice));
}

/**
 * The renderer for a tokenizer's files (its config and template files: `readChatFiles`, or a
 * loaded tokenizer's `files`). Throws UsageError on a choice that names no template.
 */
export function chatRendererFor(
  files: Pick<TokenizerFiles, 'config' | 'chatTemplates'>,
  o: ChatRendererChoice,
): ChatRenderer {
  const { choice } = o;
  try {
    if (choice !== undefined && isTemplateFile(choice, o.cwd)) {
      const file = path.resolve(o.cwd, choice);
      if (o.containedIn !== undefined) within(o.containedIn, file, choice, `${o.flag ?? '--chat-template'}`);
      // Strict UTF-8: a bad byte is an error naming the file and line, not a U+FFFD in the template.
      const source = readTextFile(file, choice);
      return ChatRenderer.forFiles(files, { template: { source, origin: choice }, addEos: o.addEos });
    }
    return ChatRenderer.forFiles(files, { name: choice, addEos: o.addEos });
  } catch (e) {
    if (e instanceof ChatTemplateError) throw new UsageError(`${o.flag ?? '--chat-template'}: ${e.message}`);
    throw e;
  }
}
