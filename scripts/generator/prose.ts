// Prose the generator writes into comments and Markdown, wrapped so that no line of the chart is
// over 160 columns and each reads in a terminal.

/** `text` in lines of at most `width` characters, broken at spaces (a longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** Markdown source lines are wrapped at this width, as the hand-written paragraphs are. */
const markdownWidth = 100;

/**
 * A word that would change the Markdown at the start of a line: a list marker, a heading, a quote,
 * an ordered-list number. Such a word stays on the line before.
 */
const markdownMarker = /^([-+*#>]|\d+[.)])/;

function markdownLines(text: string, width: number): string[] {
  return wrap(text, width).reduce<string[]>((lines, line) => {
    if (lines.length > 0 && markdownMarker.test(line)) {
      const [first, ...rest] = line.split(" ");
      lines[lines.length - 1] += ` ${first}`;
      if (rest.length > 0) lines.push(rest.join(" "));
    } else lines.push(line);
    return lines;
  }, []);
}

/** A Markdown paragraph, wrapped. */
export const markdownParagraph = (text: string): string => markdownLines(text, markdownWidth).join("\n");

/** A Markdown list item, wrapped, its next lines indented under its text. */
export const markdownItem = (text: string): string =>
  markdownLines(text, markdownWidth - 2)
    .map((line, index) => (index === 0 ? `- ${line}` : `  ${line}`))
    .join("\n");
