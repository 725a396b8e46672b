// The profiles shipped in chart/profiles/, in the order the README lists them.
import { ci } from "./ci.ts";
import { local } from "./local.ts";
import { production } from "./production.ts";
import type { Profile } from "./profile.ts";
import { staging } from "./staging.ts";

export const shippedProfiles: Profile[] = [local, ci, staging, production];
