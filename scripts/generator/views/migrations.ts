// The view of templates/migrations/_job.tpl (scripts/templates/migrations/_job.tpl.hbs): the
// migrations Job runs the API's image with the database settings.
import { component } from "../../../schema/components.ts";
import { migrationsJob, syncWaves } from "../../../schema/graph.ts";
import { containerEnv } from "../connections.ts";
import { helmList } from "./helm-literals.ts";

export function migrationsJobView() {
  // A pre-upgrade hook runs before this release's ConfigMap is applied: its settings are written in the Job.
  const { env, urlsWithPasswords } = containerEnv(migrationsJob, { inline: true });
  return {
    api: component("api"),
    env,
    urlsWithPasswords: helmList(urlsWithPasswords),
    syncWave: syncWaves.migrations,
  };
}
