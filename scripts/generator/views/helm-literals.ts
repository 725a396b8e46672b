// Lists of strings as the views hand them to templates: Helm or YAML literals, written once here.

/** Each string as a double-quoted literal, which Helm and YAML read alike: `"a"`. */
export const quoted = (items: readonly string[]) => items.map((item) => JSON.stringify(item));

/** Strings as Helm string literals, space-separated: `"a" "b"`. */
export const quotedWords = (items: string[]) => quoted(items).join(" ");

/** A Helm `list` of strings, for a named template's argument. */
export const helmList = (items: string[]) => `list ${quotedWords(items)}`;

/** A list of strings as one YAML flow sequence: `["a", "b"]`. */
export const flowList = (items: string[]) => `[${quoted(items).join(", ")}]`;
