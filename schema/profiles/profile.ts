// A values profile: a partial Values, checked by the compiler against the chart's values type,
// so a misspelt key or a wrong type in a shipped profile does not compile.
import type { Values } from "../values.ts";

type DeepPartial<T> = T extends unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export interface Profile {
  name: Values["profile"];
  /** What the profile is for, written at the top of its values file. */
  description: string;
  values: DeepPartial<Values>;
}
