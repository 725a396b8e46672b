/** Names as a sentence says them: `a`, `a and b`, `a, b and c`. Descriptions name lists this way. */
export const inWords = (items: readonly string[]): string =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
