// YAML text the generator embeds in chart files (Chart.yaml and its annotations, probe checks):
// block style, quoted only where needed and then in single quotes if it can. Lines are not folded
// unless asked: Chart.yaml folds its long strings at 120 columns, so a reader can follow them, and
// writes them as a hand-written chart does, `>-` for long prose and `|` for text of several lines.
import { Document, Scalar, visit } from "yaml";

export function yamlText(value: unknown, { foldAt = 0 } = {}): string {
  const document = new Document(value);
  if (foldAt > 0) {
    visit(document, {
      Scalar(_, node) {
        if (typeof node.value !== "string") return;
        if (node.value.includes("\n")) node.type = Scalar.BLOCK_LITERAL;
        else if (node.value.length > foldAt) node.type = Scalar.BLOCK_FOLDED;
      },
    });
  }
  return document.toString({ lineWidth: foldAt, singleQuote: true });
}
