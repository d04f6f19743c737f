// The browse screen: sample list, one token pane (or two, to compare tokenizers or engines),
// a detail line, status and key-hint bars, a help overlay. State lives in the components'
// reducers; this root wires them to the corpus session and maps the global keys.

import { Box, Text, useApp } from 'ink';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Token, TokenizedSample, Truncation } from '../core/token-model.js';
import { type DiffSpan, segmentDiff } from '../core/segment-diff.js';
import { truncationOf } from '../core/truncation.js';
import type { LoadedTokenizer } from '../tokenizers/load.js';
import { type CorpusSession, FLAG_DRIFT, FLAG_SNAPSHOT } from './corpus-session.js';
import { HelpOverlay } from './help/help-overlay.js';
import { BROWSE_KEYS } from './keys.js';
import { MIN_COLUMNS, MIN_ROWS, type ScreenLayout, calculateLayout, textLines } from './layout.js';
import { Prompt } from './prompt/prompt.js';
import { type PromptState, reducePrompt } from './prompt/use-prompt-state.js';
import { promptKeyAction } from './prompt/use-prompt.js';
import {
  type MarkerFilter,
  MARKER_FILTERS,
  type SearchResult,
  listIndices,
  searchSamples,
} from './sample-list/filter.js';
import { SampleList, markersOf } from './sample-list/sample-list.js';
import { sampleAt, useSampleListState } from './sample-list/use-sample-list-state.js';
import { listKeyAction } from './sample-list/use-sample-list.js';
import { HintBar, StatusBar } from './status-bar/status-bar.js';
import { fit, label, plural, thousands } from './text.js';
import { useTheme } from './theme.js';
import { useKeys, useRefState } from './use-keys.js';
import { useTerminalSize } from './use-terminal-size.js';
import { isMarked, tokenDetail, truncationSummary } from './token-view/detail.js';
import type { Overlay } from './token-view/paint.js';
import { TokenPane } from './token-view/token-pane.js';
import {
  INITIAL_TOKEN_VIEW,
  type TokenViewState,
  reduceTokenView,
  useTokenViewState,
} from './token-view/use-token-view-state.js';
import { tokenKeyAction } from './token-view/use-token-view.js';
import { SampleLayout, paragraphStarts } from './token-view/wrap.js';

export interface BrowseAppProps {
  session: CorpusSession;
  /** Names of the tokenizers being loaded (shown before they are). */
  labels: string[];
  maxLength?: number | undefined;
  truncationSide: 'left' | 'right';
  /** Select the first sample at or after this line of the first corpus file once it has arrived (report findings point here). */
  startLine?: number | undefined;
}

type Mode = 'browse' | 'search' | 'max-length' | 'help';
type Focus = 'list' | 'tokens';

// Paragraph cuts depend only on the tokens: computed once per tokenized sample.
const paragraphCache = new WeakMap<TokenizedSample, number[]>();

function layoutFor(
  sample: TokenizedSample | undefined,
  width: number,
  ids: boolean,
  plain: boolean,
  truncation: Truncation | undefined,
): SampleLayout | undefined {
  if (!sample) return undefined;
  let starts = paragraphCache.get(sample);
  if (!starts) paragraphCache.set(sample, (starts = paragraphStarts(sample)));
  return new SampleLayout(sample, { width, ids, plain, truncation }, starts);
}

/**
 * The B tokens under A's token `index`: those whose source overlaps it; for a token the
 * post-processor inserted, B's inserted tokens at the same end (start or end of the sample).
 */
export function overlapping(aTokens: readonly Token[], index: number, bTokens: readonly Token[]): number[] {
  const anchor = aTokens[index];
  const out: number[] = [];
  if (!anchor) return out;
  if (anchor.inserted) {
    let head = true;
    for (let i = 0; i < index; i++) if (!aTokens[i]!.inserted) head = false;
    if (head) for (let i = 0; i < bTokens.length && bTokens[i]!.inserted; i++) out.push(i);
    else for (let i = bTokens.length - 1; i >= 0 && bTokens[i]!.inserted; i--) out.unshift(i);
    return out;
  }
  for (let i = 0; i < bTokens.length; i++) {
    const t = bTokens[i]!;
    if (t.inserted) continue;
    if ((t.start < anchor.end && t.end > anchor.start) || (t.start === t.end && t.start === anchor.start)) out.push(i);
  }
  return out;
}

/** The A-side token a differing span is reached at (for n / N). */
function spanAnchor(span: DiffSpan, a: TokenizedSample): number {
  if (span.a.length) return span.a[0]!;
  const i = a.tokens.findIndex((t) => !t.inserted && t.end > span.start);
  return i === -1 ? Math.max(0, a.tokens.length - 1) : i;
}

function shortFingerprint(t: LoadedTokenizer): string {
  return t.fingerprint.replace(/^sha256:/, '').slice(0, 8);
}

function charsPerToken(text: string, tokens: number): string {
  if (tokens === 0) return '–';
  let chars = 0;
  for (const _ of text) chars++;
  return (chars / tokens).toFixed(2);
}

export function BrowseApp({ session, labels, maxLength: initialMaxLength, truncationSide, startLine }: BrowseAppProps) {
  const { exit } = useApp();
  const theme = useTheme();
  const size = useTerminalSize();
  useSyncExternalStore(session.subscribe, session.getVersion);
  useEffect(() => session.startLoading(), [session]);

  // A corpus that cannot be read at all, or a tokenizer that cannot be loaded, ends the screen;
  // the command reports the error like any other.
  const fatal =
    session.loadError ?? (session.readError && session.samples.length === 0 ? session.readError : undefined);
  useEffect(() => {
    if (fatal) exit(fatal);
  }, [fatal, exit]);

  const panes = (session.tokenizers.length || labels.length) as 1 | 2;
  const screen: ScreenLayout = calculateLayout({ columns: size.columns, rows: size.rows, panes });

  // Mode, focus and prompt text are read through refs by the key handler: keys read in one
  // burst (`/abc⏎`, Tab then G) each see what the keys before them did.
  const [mode, setMode, modeRef] = useRefState<Mode>('browse');
  const [focus, setFocus, focusRef] = useRefState<Focus>('list');
  const [ids, setIds] = useState(false);
  const [maxLength, setMaxLength] = useState<number | undefined>(initialMaxLength);
  const [side, setSide] = useState<'left' | 'right'>(truncationSide);
  const [query, setQuery] = useState('');
  const [prompt, setPrompt, promptRef] = useRefState<PromptState>({ text: '' });
  const [filter, setFilter] = useState<MarkerFilter>('all');
  const [helpScroll, setHelpScroll] = useState(0);

  // --- the list ---
  const searchRef = useRef<SearchResult | undefined>(undefined);
  const liveQuery = mode === 'search' ? prompt.text : query;
  const search = liveQuery
    ? (searchRef.current = searchSamples(session.samples, liveQuery, searchRef.current))
    : undefined;
  const keep = (i: number) => {
    const m = markersOf(session, i, panes, maxLength);
    return filter === 'unknown'
      ? m.unknown
      : filter === 'truncated'
        ? m.truncated
        : filter === 'drift'
          ? m.drift
          : true;
  };
  const indices = listIndices(session.samples.length, search, filter, keep);
  const model = { total: session.samples.length, indices };
  const [list, listDispatch, selectedRef] = useSampleListState(model, screen.list.rows);
  const selected = list.sample;

  // --line: jump once to the sample it names, as soon as it has been read.
  const startedRef = useRef(startLine === undefined);
  useEffect(() => {
    if (startedRef.current) return;
    const first = session.samples[0]?.file;
    const at = session.samples.findIndex((s) => s.file === first && s.line >= startLine!);
    if (at === -1 && !session.readingDone) return;
    startedRef.current = true;
    if (at !== -1) listDispatch({ type: 'select', position: at });
  });

  // Count what is on screen first.
  const visibleKey = `${list.offset}:${list.length}:${selected}:${filter}:${liveQuery}`;
  useEffect(() => {
    const shown: number[] = [];
    for (let r = 0; r < screen.list.rows; r++) {
      const i = sampleAt(model, list.offset + r);
      if (i !== undefined) shown.push(i);
    }
    session.setVisible(shown);
  }, [visibleKey, screen.list.rows, session.tokenizers.length]);

  // --- the selected sample, tokenized by each tokenizer ---
  const tokenized = Array.from({ length: panes }, (_, k) =>
    selected !== undefined ? session.tokenized(k, selected) : undefined,
  );
  const truncations = tokenized.map((s) =>
    s && maxLength !== undefined ? truncationOf(s.tokens, maxLength, side) : undefined,
  );
  const plain = !theme.color;
  const width0 = screen.panes[0]!.width;
  const width1 = screen.panes[1]?.width ?? width0;
  const layout0 = useMemo(
    () => layoutFor(tokenized[0], width0, ids, plain, truncations[0]),
    [tokenized[0], width0, ids, plain, maxLength, side],
  );
  const layout1 = useMemo(
    () => layoutFor(tokenized[1], width1, ids, plain, truncations[1]),
    [tokenized[1], width1, ids, plain, maxLength, side],
  );
  const rows0 = textLines(screen.panes[0]!.rows, ids);
  const rows1 = textLines(screen.panes[1]?.rows ?? 1, ids);
  const [view, viewDispatch] = useTokenViewState(layout0, rows0, selected, selectedRef);

  // Compare: where the two segmentations differ, and the B tokens under A's cursor.
  const [a, b] = tokenized;
  const tokA = session.tokenizers[0];
  const tokB = session.tokenizers[1];
  const sameVocabulary = tokA !== undefined && tokB !== undefined && tokA.fingerprint === tokB.fingerprint;
  const spans = useMemo(
    () => (a && b ? segmentDiff(a.text, a.tokens, b.tokens, { compareIds: sameVocabulary }) : []),
    [a, b, sameVocabulary],
  );
  const marks = useMemo(() => {
    const ma = new Uint8Array(a?.tokens.length ?? 0);
    const mb = new Uint8Array(b?.tokens.length ?? 0);
    for (const s of spans) {
      for (const i of s.a) ma[i] = 1;
      for (const i of s.b) mb[i] = 1;
    }
    return { a: ma, b: mb };
  }, [spans, a, b]);
  const underCursorB = useMemo(() => (a && b ? overlapping(a.tokens, view.cursor, b.tokens) : []), [a, b, view.cursor]);
  const viewB = useRef<{ sample: number | undefined; state: TokenViewState }>({
    sample: undefined,
    state: INITIAL_TOKEN_VIEW,
  });
  const stateB = useMemo(() => {
    if (viewB.current.sample !== selected) viewB.current = { sample: selected, state: INITIAL_TOKEN_VIEW };
    if (layout1 && underCursorB.length)
      viewB.current.state = reduceTokenView(
        viewB.current.state,
        { type: 'goto', token: underCursorB[0]! },
        layout1,
        rows1,
      );
    else if (layout1) viewB.current.state = reduceTokenView(viewB.current.state, { type: 'fit' }, layout1, rows1);
    return viewB.current.state;
  }, [layout1, underCursorB, rows1, selected]);

  // --- keys ---
  const submitPrompt = () => {
    const text = promptRef.current.text;
    if (modeRef.current === 'search') setQuery(text);
    else {
      const n = Number(text);
      setMaxLength(text === '' || !(n >= 1) ? undefined : n);
    }
    setMode('browse');
  };

  const jump = (direction: 1 | -1) => {
    if (!a) return;
    if (b) {
      const anchors = spans.map((s) => spanAnchor(s, a));
      const target =
        direction > 0 ? anchors.find((x) => x > view.cursor) : [...anchors].reverse().find((x) => x < view.cursor);
      if (target !== undefined) viewDispatch({ type: 'goto', token: target });
      return;
    }
    for (let i = view.cursor + direction; i >= 0 && i < a.tokens.length; i += direction) {
      if (isMarked(a.tokens[i]!)) return viewDispatch({ type: 'goto', token: i });
    }
  };

  useKeys(
    (input, key) => {
      const current = modeRef.current;
      if (current === 'search' || current === 'max-length') {
        const action = promptKeyAction(input, key);
        if (action === 'submit') submitPrompt();
        else if (action === 'cancel') setMode('browse');
        else if (action)
          setPrompt((p) => reducePrompt(p, action, current === 'max-length' ? (c) => /[0-9]/.test(c) : undefined));
        return;
      }
      if (current === 'help') {
        if (key.upArrow || input === 'k') setHelpScroll((s) => Math.max(0, s - 1));
        else if (key.downArrow || input === 'j') setHelpScroll((s) => s + 1);
        else setMode('browse');
        return;
      }
      const focused = focusRef.current;
      if (input === 'q' || key.escape) return exit();
      if (input === '?') {
        setHelpScroll(0);
        setMode('help');
      } else if (input === '/') {
        setPrompt({ text: query });
        setMode('search');
      } else if (key.tab) setFocus((f) => (f === 'list' ? 'tokens' : 'list'));
      else if (key.return && focused === 'list') setFocus('tokens');
      else if (input === 'f')
        setFilter((f) => MARKER_FILTERS[(MARKER_FILTERS.indexOf(f) + 1) % MARKER_FILTERS.length]!);
      else if (input === 'c') {
        setFilter('all');
        setQuery('');
      } else if (input === 'i') setIds((x) => !x);
      else if (input === 's') setSide((s) => (s === 'right' ? 'left' : 'right'));
      else if (input === 'm') {
        setPrompt({ text: '' });
        setMode('max-length');
      } else if (input === '+' || input === '=' || input === '-') {
        const delta = input === '-' ? -1 : 1;
        setMaxLength((m) => {
          const current = m ?? (a ? a.tokens.length + (delta < 0 ? 0 : -1) : undefined);
          return current === undefined ? undefined : Math.max(1, current + delta);
        });
      } else if (input === 'n') jump(1);
      else if (input === 'N') jump(-1);
      else {
        const tokenAction = tokenKeyAction(input, key, focused === 'tokens');
        if (tokenAction) return viewDispatch(tokenAction);
        const listAction = focused === 'list' ? listKeyAction(input, key) : undefined;
        if (listAction) listDispatch(listAction);
      }
    },
    { isActive: true },
  );

  // --- frame ---
  if (screen.tooSmall) {
    return (
      <Text>
        {fit(
          `tokpeek needs at least ${MIN_COLUMNS}×${MIN_ROWS} (this terminal is ${size.columns}×${size.rows}); q quits`,
          screen.columns,
        )}
      </Text>
    );
  }

  const sample = selected !== undefined ? session.samples[selected] : undefined;
  const names = labels.map((l, k) =>
    session.tokenizers[k] ? `${label(session.tokenizers[k]!.name)} ${session.tokenizers[k]!.engine.name}` : label(l),
  );
  const paneMessage = (k: number): string | undefined => {
    if (!session.tokenizers[k]) return `loading ${names[k]}…`;
    if (selected === undefined) return session.readingDone ? 'no sample selected' : 'reading the corpus…';
    const failure = session.failure(k, selected);
    if (failure) return `cannot tokenize this sample: ${failure}`;
    if (!tokenized[k]) return `tokenizing ${thousands(sample?.text.length ?? 0)} characters…`;
    return undefined;
  };
  const title = (k: number): string => {
    const s = tokenized[k];
    const parts = [` ${panes === 2 ? `${'AB'[k]} ` : 'tokens · '}${names[k]}`];
    if (s) {
      parts.push(plural(s.tokens.length, 'token'));
      const tr = truncations[k];
      if (tr) parts.push(`✂ ${plural(tr.droppedTo - tr.droppedFrom, 'token')} lost`);
      if (panes === 2 && a && b)
        parts.push(spans.length ? `${plural(spans.length, 'span')} differ` : 'same segmentation');
    }
    return parts.join(' · ');
  };
  const overlay0: Overlay = {
    color: theme.color,
    cursor: (t) => t === view.cursor,
    ...(panes === 2 ? { highlight: (t: number) => marks.a[t] === 1 } : {}),
  };
  const overlay1: Overlay = {
    color: theme.color,
    cursor: (t) => underCursorB.includes(t),
    highlight: (t) => marks.b[t] === 1,
  };

  const detail: string[] = [];
  if (a && tokA) {
    const d = tokenDetail(a, view.cursor, tokA.vocabulary, truncations[0]);
    detail.push(panes === 2 ? `A ${d}` : d);
  } else detail.push('');
  if (panes === 2) {
    if (b && tokB && underCursorB.length === 1)
      detail.push(`B ${tokenDetail(b, underCursorB[0]!, tokB.vocabulary, truncations[1])}`);
    else if (b && underCursorB.length > 1) {
      const toks = underCursorB.map((i) => b.tokens[i]!);
      detail.push(
        `B #${underCursorB[0]! + 1}–#${underCursorB[underCursorB.length - 1]! + 1}  ids ${toks.map((t) => t.id).join(' ')}  (${toks.length} tokens under A's token)`,
      );
    } else detail.push(b ? 'B no token under this one' : '');
  } else if (sample && a && selected !== undefined) {
    const f = session.flagsOf(0, selected);
    const snapshot =
      f & FLAG_DRIFT ? '  Δ differs from its snapshot' : f & FLAG_SNAPSHOT ? '  same as its snapshot' : '';
    detail.push(
      `${label(sample.file.split(/[\\/]/).pop() ?? sample.file)}:${sample.line}  ${plural([...a.text].length, 'char')}  ${truncationSummary(a.tokens.length, maxLength, side, truncations[0])}${snapshot}`,
    );
  } else detail.push('');

  const status: string[] = [];
  status.push(
    names
      .map((n, k) => {
        const t = session.tokenizers[k];
        return t ? `${n} ${shortFingerprint(t)}` : n;
      })
      .join(' ↔ '),
  );
  if (selected !== undefined)
    status.push(
      `sample ${thousands(selected + 1)}/${thousands(session.samples.length)}${session.readingDone ? '' : '…'}`,
    );
  const loaded = tokenized.filter((s): s is TokenizedSample => s !== undefined);
  if (loaded.length === panes && loaded.length > 0) {
    status.push(`${loaded.map((s) => thousands(s.tokens.length)).join(' ↔ ')} tokens`);
    status.push(`${loaded.map((s) => charsPerToken(s.text, s.tokens.length)).join(' ↔ ')} chars/token`);
  }

  const hintMessage =
    session.readError && session.samples.length > 0
      ? `⚠ reading stopped after ${plural(session.samples.length, 'sample')}: ${session.readError.message}`
      : undefined;

  const listBox = (
    <SampleList
      session={session}
      model={model}
      view={list}
      rows={screen.list.rows}
      width={screen.list.width}
      focused={focus === 'list'}
      panes={panes}
      maxLength={maxLength}
      narrowedBy={[liveQuery ? `/${label(liveQuery)}` : '', filter !== 'all' ? `filter: ${filter}` : '']
        .filter(Boolean)
        .join(' ')}
    />
  );
  const tokenBoxes = (
    <Box flexDirection="column" flexShrink={0}>
      <TokenPane
        title={title(0)}
        focused={focus === 'tokens'}
        width={width0}
        rows={screen.panes[0]!.rows}
        layout={layout0}
        top={view.top}
        overlay={overlay0}
        message={paneMessage(0)}
      />
      {panes === 2 ? (
        <TokenPane
          title={title(1)}
          focused={false}
          width={width1}
          rows={screen.panes[1]!.rows}
          layout={layout1}
          top={stateB.top}
          overlay={overlay1}
          message={paneMessage(1)}
        />
      ) : null}
      {detail.map((d, i) => (
        <Text key={i} wrap="truncate-end" dimColor={i > 0 && panes === 1}>
          {fit(d, width0)}
        </Text>
      ))}
    </Box>
  );

  let body;
  if (mode === 'help')
    body = (
      <HelpOverlay sections={BROWSE_KEYS} width={screen.columns} rows={screen.body.rows - 1} scroll={helpScroll} />
    );
  else if (screen.arrangement === 'side') {
    body = (
      <Box flexDirection="row" height={screen.body.rows}>
        {listBox}
        <Box flexDirection="column" width={1} flexShrink={0}>
          <Text dimColor>{'│\n'.repeat(screen.body.rows).slice(0, -1)}</Text>
        </Box>
        {tokenBoxes}
      </Box>
    );
  } else {
    body = (
      <Box flexDirection="column" height={screen.body.rows}>
        {listBox}
        {tokenBoxes}
      </Box>
    );
  }

  let bottom;
  if (mode === 'search')
    bottom = (
      <Prompt
        label="/"
        text={prompt.text}
        width={screen.columns}
        note={`${thousands(indices?.length ?? session.samples.length)} match · Enter keep · Esc cancel`}
      />
    );
  else if (mode === 'max-length')
    bottom = (
      <Prompt
        label="max_length: "
        text={prompt.text}
        width={screen.columns}
        note={`now ${maxLength === undefined ? 'none' : thousands(maxLength)} · Enter sets · empty: none · Esc cancels`}
      />
    );
  else bottom = <HintBar sections={BROWSE_KEYS} width={screen.columns} message={hintMessage} />;

  return (
    <Box flexDirection="column" width={screen.columns} height={screen.height}>
      <StatusBar fields={status} width={screen.columns} />
      {body}
      {bottom}
    </Box>
  );
}
