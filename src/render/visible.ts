// Visible escapes live in core (core/visible.ts: snapshot text escaping and the drift classifier
// use them); render and the edges import them from here as before.

export {
  clip,
  fromVisible,
  hasInvisible,
  LINE_LIMIT,
  printable,
  QUOTE_LIMIT,
  VISIBLE_LEGEND,
  type VisibleOptions,
  type VisiblePart,
  visible,
  visibleParts,
} from '../core/visible.js';
