// `tokpeek completion bash|zsh|fish`: a shell completion script generated from the command
// definitions, so it offers exactly the options (and option values) each command accepts.

import { UsageError } from '../errors.js';
import { BUNDLED } from '../tokenizers/bundled.js';
import { type AnyCommand, defineCommand, optionNames } from './definition.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

export const completion = defineCommand({
  name: 'completion',
  usage: ['completion bash|zsh|fish'],
  description: `Prints a completion script for the shell: commands, their options, and the values of options
that take a fixed set (engines, formats, bundled tokenizer names). Load it with
  bash:  eval "$(tokpeek completion bash)"   (e.g. in ~/.bashrc)
  zsh:   eval "$(tokpeek completion zsh)"    (e.g. in ~/.zshrc)
  fish:  tokpeek completion fish | source    (e.g. in ~/.config/fish/config.fish)`,
  positionals: { name: 'SHELL', max: 1 },
  options: {},
  run: async ({ positionals }, io) => {
    const shell = positionals[0];
    if (!SHELLS.includes(shell as Shell)) {
      throw new UsageError(
        shell === undefined ? 'completion needs a shell: bash, zsh or fish' : `no completion for "${shell}"`,
        'Shells: bash, zsh, fish. Example: eval "$(tokpeek completion bash)"',
      );
    }
    const { COMMANDS } = await import('../cli.js');
    const commands = await Promise.all(
      Object.entries(COMMANDS).map(async ([name, entry]) => ({
        name,
        summary: entry.summary,
        def: await entry.load(),
      })),
    );
    io.stdout.write(completionScript(shell as Shell, commands));
    return 0;
  },
});

interface CompletedCommand {
  name: string;
  summary: string;
  def: AnyCommand;
}

/** Values completion offers for an option: its choices, or the bundled tokenizer names for -t. */
function valuesOf(def: AnyCommand, name: string): readonly string[] | undefined {
  const o = def.options[name];
  if (o?.type !== 'string') return undefined;
  if (o.choices) return o.choices;
  if (name === 'tokenizer' && o.value === 'SPEC') return BUNDLED.map((b) => b.name);
  return undefined;
}

export function completionScript(shell: Shell, commands: CompletedCommand[]): string {
  return shell === 'fish' ? fishScript(commands) : bashScript(commands, shell === 'zsh');
}

function bashScript(commands: CompletedCommand[], zsh: boolean): string {
  const words = (list: readonly string[]) => list.join(' ');
  const valueCases: string[] = [];
  const optionCases: string[] = [];
  for (const { name, def } of commands) {
    const flags = optionNames(def).map((n) => `--${n}`);
    for (const o of Object.values(def.options)) if (o.short) flags.push(`-${o.short}`);
    optionCases.push(`    ${name}) opts="${words(flags)}" ;;`);
    for (const [option, o] of Object.entries(def.options)) {
      if (o.type !== 'string') continue;
      const values = valuesOf(def, option);
      const reply = values
        ? `COMPREPLY=($(compgen -W "${words(values)}" -- "$cur"))`
        : o.complete === 'directory'
          ? 'COMPREPLY=($(compgen -d -- "$cur"))'
          : o.complete === 'file'
            ? 'COMPREPLY=($(compgen -f -- "$cur"))'
            : 'COMPREPLY=()';
      const keys = [`"${name} --${option}"`, ...(o.short ? [`"${name} -${o.short}"`] : [])];
      valueCases.push(`    ${keys.join('|')}) ${reply}; return ;;`);
    }
  }
  const names = commands.map((c) => c.name);
  return `${zsh ? 'autoload -U +X bashcompinit && bashcompinit\n' : ''}# tokpeek completion (generated from the command definitions by \`tokpeek completion\`)
_tokpeek() {
  local cur prev cmd opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${words(names)} --help --version" -- "$cur"))
    return
  fi
  case "$cmd" in
    ${names.join('|')}) ;;
    *) cmd=browse ;;
  esac
  case "$cmd $prev" in
${valueCases.join('\n')}
  esac
  case "$cmd" in
${optionCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o default -F _tokpeek tokpeek
`;
}

function fishScript(commands: CompletedCommand[]): string {
  const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const names = commands.map((c) => c.name).join(' ');
  const lines = [
    '# tokpeek completion (generated from the command definitions by `tokpeek completion`)',
    'complete -c tokpeek -f',
  ];
  for (const { name, summary } of commands)
    lines.push(`complete -c tokpeek -n "not __fish_seen_subcommand_from ${names}" -a ${name} -d ${quote(summary)}`);
  for (const { name, def } of commands) {
    for (const [option, o] of Object.entries(def.options)) {
      const parts = [`complete -c tokpeek -n "__fish_seen_subcommand_from ${name}" -l ${option}`];
      if (o.short) parts.push(`-s ${o.short}`);
      if (o.type === 'string') {
        const values = valuesOf(def, option);
        parts.push(values ? `-x -a ${quote(values.join(' '))}` : o.complete ? '-r -F' : '-x');
      }
      parts.push(`-d ${quote(o.help.split(/[:;(]/)[0]!.trim())}`);
      lines.push(parts.join(' '));
      if (o.type === 'boolean' && o.negatable)
        lines.push(`complete -c tokpeek -n "__fish_seen_subcommand_from ${name}" -l no-${option}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
