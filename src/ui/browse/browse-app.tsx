// The browse screen: composes the corpus session, the screen's reducer (browse-state.ts), the
// list and token-view reducers, and the key map (browse-keys.ts) into what browse-view.tsx
// draws. Decisions live in those pure modules; this file only wires them together.

import { useApp, useStdout } from 'ink';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { segmentDiff } from '../../core/segment-diff.js';
import type { TokenizedSample, Truncation } from '../../core/token-model.js';
import type { RenderedChat } from '../../core/chat/chat-record.js';
import { truncationOf } from '../../core/truncation.js';
import { calculateLayout, textLines } from '../layout.js';
import { listIndices, passes, type SearchResult, searchSamples } from '../sample-list/filter.js';
import { SampleList, markersOf } from '../sample-list/sample-list.js';
import { sampleAt } from '../sample-list/list-state.js';
import { useSampleListState } from '../sample-list/use-list-state.js';
import { label } from '../text.js';
import { plural, thousands } from '../../core/quantities.js';
import { useTheme } from '../theme.js';
import type { Overlay } from '../token-view/paint.js';
import type { TokenPaneProps } from '../token-view/token-pane.js';
import { INITIAL_TOKEN_VIEW, type TokenViewState, reduceTokenView } from '../token-view/token-view-state.js';
import { useTokenViewState } from '../token-view/use-token-view-state.js';
import { SampleLayout, paragraphStarts } from '../token-view/wrap.js';
import { useKeys, useRefState } from '../use-keys.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { clipboardEscape } from '../terminal.js';
import { corpusTotals, totalsRows } from './totals.js';
import { browseKeyAction } from './browse-keys.js';
import { type BrowseAction, initialBrowse, liveQuery, reduceBrowse } from './browse-state.js';
import {
  chatRole,
  roleLabels,
  chatSummary,
  detailLines,
  driftNote,
  filterTitle,
  paneMessage,
  paneTitle,
  statusFields,
} from './browse-text.js';
import { trainedTokens } from '../../core/chat/assistant-mask.js';
import { BrowseView } from './browse-view.js';
import { useFilterCounts } from './use-filter-counts.js';
import type { CorpusSession } from './corpus-session.js';
import { ANY_HAZARD, DRIFT, SNAPSHOT } from './hazards.js';
import { jumpTarget, nextFlagged, overlapping } from './jump.js';

interface BrowseAppProps {
  session: CorpusSession;
  /** Names of the tokenizers being loaded (shown before they are). */
  labels: string[];
  maxLength?: number | undefined;
  truncationSide: 'left' | 'right';
  /** Select the first sample at or after this line of the first corpus file once it has arrived (report findings point here). */
  startLine?: number | undefined;
}

// Paragraph cuts depend only on the tokens: computed once per tokenized sample.
const paragraphCache = new WeakMap<TokenizedSample, number[]>();

function layoutFor(
  sample: TokenizedSample | undefined,
  width: number,
  ids: boolean,
  plain: boolean,
  truncation: Truncation | undefined,
  chat: RenderedChat | undefined,
): SampleLayout | undefined {
  if (!sample) return undefined;
  let starts = paragraphCache.get(sample);
  if (!starts) paragraphCache.set(sample, (starts = paragraphStarts(sample)));
  return new SampleLayout(sample, { width, ids, plain, truncation, labels: roleLabels(chat, sample) }, starts);
}

export function BrowseApp({ session, labels, maxLength: initialMaxLength, truncationSide, startLine }: BrowseAppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
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
  const screen = calculateLayout({ columns: size.columns, rows: size.rows, panes });

  // Read through a ref by the key handler: keys read in one burst (`/abc⏎`, Tab then G) each
  // see what the keys before them did.
  const [state, setState, stateRef] = useRefState(initialBrowse({ maxLength: initialMaxLength, side: truncationSide }));
  const { maxLength, side, ids, filter } = state;

  // --- the list ---
  const searchRef = useRef<SearchResult | undefined>(undefined);
  const query = liveQuery(state);
  const search = query ? (searchRef.current = searchSamples(session.samples, query, searchRef.current)) : undefined;
  const keep = (i: number) => {
    const m = markersOf(session, i, panes, maxLength);
    return passes(filter, m.flags, m.truncated);
  };
  const { counts, snapshotted, counted } = useFilterCounts(session, panes, maxLength, filter);
  const model = { total: session.samples.length, indices: listIndices(session.samples.length, search, filter, keep) };
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
    if (at !== -1) listDispatch({ type: 'selectSample', sample: at });
  });

  // Count what is on screen first.
  const visibleKey = `${list.offset}:${list.length}:${selected}:${filter}:${query}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: visibleKey stands for the list window; model and session change with it
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
  const shown = tokenized[0] !== undefined;
  useEffect(() => {
    if (shown) session.tokensShown();
  }, [shown, session]);
  const truncations = tokenized.map((s) =>
    s && maxLength !== undefined ? truncationOf(s.tokens, maxLength, side) : undefined,
  );
  const plain = !theme.color;
  const chatOf = (i: number | undefined) => (i === undefined ? undefined : session.samples[i]?.rendered);
  const width0 = screen.panes[0]!.width;
  const width1 = screen.panes[1]?.width ?? width0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: truncations[k] is derived from maxLength and side, which are listed
  const layout0 = useMemo(
    () => layoutFor(tokenized[0], width0, ids, plain, truncations[0], chatOf(selected)),
    [tokenized[0], width0, ids, plain, maxLength, side],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: as layout0
  const layout1 = useMemo(
    () => layoutFor(tokenized[1], width1, ids, plain, truncations[1], chatOf(selected)),
    [tokenized[1], width1, ids, plain, maxLength, side],
  );
  const rows1 = textLines(screen.panes[1]?.rows ?? 1, ids);
  const [view, viewDispatch] = useTokenViewState(layout0, textLines(screen.panes[0]!.rows, ids), selected, selectedRef);

  // Compare: where the two segmentations differ, and the B tokens under A's cursor.
  const [a, b] = tokenized;
  const [tokA, tokB] = session.tokenizers;
  // Unknown until the workers have hashed both: compared by their text meanwhile.
  const sameVocabulary = session.fingerprint(0) !== undefined && session.fingerprint(0) === session.fingerprint(1);
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
  // B's window follows A's cursor; it has no cursor of its own.
  const viewB = useRef<{ sample: number | undefined; state: TokenViewState }>({
    sample: undefined,
    state: INITIAL_TOKEN_VIEW,
  });
  const stateB = useMemo(() => {
    if (viewB.current.sample !== selected) viewB.current = { sample: selected, state: INITIAL_TOKEN_VIEW };
    if (layout1)
      viewB.current.state = reduceTokenView(
        viewB.current.state,
        underCursorB.length ? { type: 'goto', token: underCursorB[0]! } : { type: 'fit' },
        layout1,
        rows1,
      );
    return viewB.current.state;
  }, [layout1, underCursorB, rows1, selected]);

  // --- keys ---
  const dispatch = (action: BrowseAction) => {
    switch (action.type) {
      case 'quit':
        return exit();
      case 'list':
        return listDispatch(action.action);
      case 'tokens':
        return viewDispatch(action.action);
      case 'jump': {
        const target = a ? jumpTarget(a, b ? spans : undefined, view.cursor, action.direction) : undefined;
        if (target !== undefined) return viewDispatch({ type: 'goto', token: target });
        // Past the sample's last hazard (or differing span): on to the next sample in the list that has one (of the
        // filter's kind when filtering), at its first hazard token.
        const next = nextFlagged(model, list.position, action.direction, (i) => {
          const m = markersOf(session, i, panes, maxLength);
          return filter === 'all' ? (m.flags & ANY_HAZARD) !== 0 || m.truncated : passes(filter, m.flags, m.truncated);
        });
        if (next === undefined) return;
        listDispatch({ type: 'selectSample', sample: next });
        viewDispatch({ type: 'hazard', direction: action.direction, edge: true });
        return;
      }
      case 'copy': {
        const copied = tokenized[action.pane];
        let text: string;
        if (action.pane >= panes) text = 'Y copies the second tokenizer’s ids: compare two with -t A -t B';
        else if (!copied) text = 'nothing to copy yet: the sample is still being tokenized';
        else {
          stdout.write(clipboardEscape(copied.tokens.map((t) => t.id).join(' ')));
          text = `copied ${plural(copied.tokens.length, 'id')} of ${names[action.pane]} to the clipboard (OSC 52)`;
        }
        return setState((s) => reduceBrowse(s, { type: 'notice', text }));
      }
      default:
        setState((s) => reduceBrowse(s, action, { sampleTokens: a?.tokens.length }));
    }
  };
  useKeys(
    (input, key) => {
      const action = browseKeyAction(stateRef.current, input, key);
      if (action) dispatch(action);
    },
    { isActive: true },
  );

  // --- frame ---
  const sample = selected !== undefined ? session.samples[selected] : undefined;
  // Chat samples: which tokens the model is trained on (assistant turns), from the rendered spans.
  const trained = useMemo(
    () => (a && sample?.rendered ? trainedTokens(sample.rendered, a.tokens) : undefined),
    [a, sample],
  );
  const chat = chatSummary(sample, trained);
  const names = labels.map((l, k) => {
    const t = session.tokenizers[k];
    return t ? `${label(t.name)} ${t.engine.name}` : label(l);
  });
  const overlays: Overlay[] = [
    {
      theme,
      cursor: (t) => t === view.cursor,
      ...(trained ? { trained: (t: number) => trained[t] === 1 } : {}),
      ...(panes === 2 ? { highlight: (t: number) => marks.a[t] === 1 } : {}),
    },
    { theme, cursor: (t) => underCursorB.includes(t), highlight: (t) => marks.b[t] === 1 },
  ];
  const layouts = [layout0, layout1];
  const tops = [view.top, stateB.top];
  const paneProps: TokenPaneProps[] = Array.from({ length: panes }, (_, k) => ({
    title:
      paneTitle({
        pane: k,
        panes,
        name: names[k]!,
        sample: tokenized[k],
        truncation: truncations[k],
        differing: panes === 2 && a && b ? spans.length : undefined,
      }) + (k === 0 && chat ? ` · ${chat}` : ''),
    focused: k === 0 && state.focus === 'tokens',
    width: screen.panes[k]!.width,
    rows: screen.panes[k]!.rows,
    layout: layouts[k],
    top: tops[k]!,
    overlay: overlays[k]!,
    message: paneMessage({
      name: names[k]!,
      loaded: session.tokenizers[k] !== undefined,
      selected,
      readingDone: session.readingDone,
      failure: selected !== undefined ? session.failure(k, selected) : undefined,
      sample: tokenized[k],
      textLength: sample?.text.length ?? 0,
    }),
  }));

  const flags = selected !== undefined ? session.flagsOf(0, selected) : 0;
  const detail = detailLines({
    a,
    b,
    vocabularies: [tokA?.vocabulary, tokB?.vocabulary],
    cursor: view.cursor,
    underCursorB,
    truncations,
    panes,
    sample,
    maxLength,
    side,
    snapshot: flags & DRIFT ? 'drift' : flags & SNAPSHOT ? 'same' : undefined,
  });
  // Chat: whose words the token under the cursor are, first on the sample's line.
  const role = chatRole(sample, a, view.cursor, trained);
  if (role && panes === 1) detail[1] = `${role}  ${detail[1]}`;
  const status = statusFields({
    names,
    fingerprints: names.map((_, k) => session.fingerprint(k)),
    selected,
    total: session.samples.length,
    readingDone: session.readingDone,
    tokenized,
  });

  const listBox = (
    <SampleList
      session={session}
      model={model}
      view={list}
      rows={screen.list.rows}
      width={screen.list.width}
      focused={state.focus === 'list'}
      panes={panes}
      maxLength={maxLength}
      query={query}
      narrowedBy={[
        query ? `/${label(query)}` : '',
        counts && filter !== 'all' ? filterTitle(filter, counts[filter]) : '',
      ]
        .filter(Boolean)
        .join(' ')}
      emptyNote={
        filter === 'drift'
          ? driftNote(
              names,
              session.baselines,
              snapshotted,
              session.readingDone && session.ready && counted === session.samples.length,
            )
          : undefined
      }
    />
  );
  const prompt =
    state.mode === 'search'
      ? {
          label: '/',
          text: state.prompt.text,
          note: `${thousands(model.indices?.length ?? session.samples.length)} match · Enter keep · Esc cancel`,
        }
      : state.mode === 'max-length'
        ? {
            label: 'max_length: ',
            text: state.prompt.text,
            note: `now ${maxLength === undefined ? 'none' : thousands(maxLength)} · Enter sets · empty: none · Esc cancels`,
          }
        : undefined;

  return (
    <BrowseView
      screen={screen}
      size={size}
      mode={state.mode}
      helpScroll={state.helpScroll}
      status={status}
      list={listBox}
      panes={paneProps}
      detail={detail}
      dimSecond={panes === 1}
      prompt={prompt}
      totals={
        state.mode === 'totals'
          ? totalsRows(corpusTotals(session, names, maxLength), session.samples.length, maxLength)
          : undefined
      }
      hintMessage={
        state.notice ||
        (session.readError && session.samples.length > 0
          ? `⚠ reading stopped after ${plural(session.samples.length, 'sample')}: ${session.readError.message}`
          : undefined)
      }
    />
  );
}
