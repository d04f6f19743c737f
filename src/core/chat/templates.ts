// Which chat templates a tokenizer has, found where `transformers` looks for them.

export class ChatTemplateError extends Error {}

/** Where the template came from, for the report's first lines. */
export interface ChosenTemplate {
  source: string;
  origin: string;
}

/**
 * The chat templates of a tokenizer, by name, as `transformers` resolves them: the files
 * `chat_template.jinja` / `additional_chat_templates/NAME.jinja` first (current saves), else
 * `chat_template` in tokenizer_config.json — a string (named "default") or a list of
 * `{name, template}`.
 */
export function chatTemplatesOf(
  config: Record<string, any> | undefined,
  files?: Record<string, string>,
): Map<string, ChosenTemplate> {
  const out = new Map<string, ChosenTemplate>();
  if (files)
    for (const [name, source] of Object.entries(files))
      out.set(name, {
        source,
        origin: name === 'default' ? 'chat_template.jinja' : `additional_chat_templates/${name}.jinja`,
      });
  const ct = config?.chat_template;
  if (typeof ct === 'string' && ct.length > 0 && !out.has('default'))
    out.set('default', { source: ct, origin: 'tokenizer_config.json chat_template' });
  if (Array.isArray(ct))
    for (const t of ct)
      if (typeof t?.name === 'string' && typeof t.template === 'string' && !out.has(t.name))
        out.set(t.name, { source: t.template, origin: `tokenizer_config.json chat_template "${t.name}"` });
  return out;
}
