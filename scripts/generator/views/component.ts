// The view of one component, for every file under templates/<component>/ (from
// scripts/templates/component/*.hbs): its pod, workload, Services, autoscaler, disruption budget,
// volume claim, Ingress and ConfigMap.
import { createHash } from "node:crypto";
import { applicationEntrypoint, datastores } from "../../../schema/components.ts";
import { databaseReaders, syncWave } from "../../../schema/graph.ts";
import type { ComponentDefinition } from "../../../schema/types.ts";
import { containerEnv } from "../connections.ts";
import { yamlText } from "../yaml-text.ts";
import { flowList, helmList, quoted } from "./helm-literals.ts";

const indentLines = (text: string, spaces: number) => text.replace(/\n/g, `\n${" ".repeat(spaces)}`);

/** Each probe's check (exec, httpGet, tcpSocket) as YAML at the probe's indentation in the pod. */
function probeChecks(definition: ComponentDefinition) {
  return (["livenessProbe", "readinessProbe"] as const).flatMap((kind) => {
    const probe = definition[kind];
    if (!probe) return [];
    return [{ kind, check: indentLines(yamlText(probe.check, { foldAt: 120 }).trimEnd(), 8) }];
  });
}

/** The files of a component's ConfigMap, each body indented for a YAML block scalar, and their hash. */
function configFileViews(definition: ComponentDefinition) {
  const files = Object.entries(definition.configFiles?.files ?? {});
  const hash = createHash("sha256");
  for (const [name, text] of files) hash.update(`${name}\0${text}\0`);
  return {
    configFileEntries: files.map(([name, text]) => ({ name, body: indentLines(text.trimEnd(), 4) })),
    filesChecksum: files.length ? hash.digest("hex") : false,
  };
}

/**
 * Whether a component reads the database, and so waits for its schema with migrations.mode=plain;
 * its init container reads DATABASE_URL as the migrations Job does and uses the pod's /tmp.
 */
function readsDatabase(definition: ComponentDefinition): boolean {
  if (!databaseReaders.includes(definition.name)) return false;
  if (!definition.scratchVolumes.some((volume) => volume.name === "tmp" && volume.mountPath === "/tmp")) {
    throw new Error(`${definition.name} reads the database but has no /tmp scratch volume for its schema wait`);
  }
  return true;
}

export function componentView(definition: ComponentDefinition) {
  const { env, checksums, urlsWithPasswords } = containerEnv(definition);
  const { configFileEntries, filesChecksum } = configFileViews(definition);
  const hasChecksums = checksums.config.length + checksums.secret.length > 0 || filesChecksum;
  return {
    ...definition,
    datastore: datastores.includes(definition),
    command: definition.command ? quoted(definition.command) : false,
    // With passwords to put into URLs, the start command does that first, then runs the image's own.
    urlsWithPasswords: urlsWithPasswords.length ? helmList(urlsWithPasswords) : false,
    commandAfterUrls: quoted(definition.command ?? applicationEntrypoint),
    args: definition.args ? flowList(definition.args) : "",
    data: definition.data ?? false,
    configFiles: definition.configFiles ?? false,
    configFileEntries,
    env,
    checksums: hasChecksums ? { ...checksums, files: filesChecksum } : false,
    probes: probeChecks(definition),
    syncWave: syncWave(definition.name),
    readsDatabase: readsDatabase(definition),
  };
}
