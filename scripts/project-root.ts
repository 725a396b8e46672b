// The project's root folder, found from this file's place, so scripts and tests work from any
// working directory, and from a copy of the project (as the package test makes one).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
