// Lists of strings as the views hand them to templates: Helm or YAML literals, written once here.

/** Strings as Helm string literals, space-separated: `"a" "b"`. */
export const quotedWords = (items: string[]) => items.map((item) => JSON.stringify(item)).join(" ");

/** A Helm `list` of strings, for a named template's argument. */
export const helmList = (items: string[]) => `list ${quotedWords(items)}`;

/** A list of strings as one YAML flow sequence: `["a", "b"]`. */
export const flowList = (items: string[]) => `[${items.map((item) => JSON.stringify(item)).join(", ")}]`;
