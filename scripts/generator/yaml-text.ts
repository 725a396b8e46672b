// YAML text the generator embeds in chart files (Chart.yaml and its annotations, probe checks):
// block style, lines never folded, quoted only where needed and then in single quotes if it can.
import { stringify } from "yaml";

export const yamlText = (value: unknown): string => stringify(value, { lineWidth: 0, singleQuote: true });
