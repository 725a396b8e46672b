// The view of the named templates at the top of templates/ (_helpers.tpl, _endpoints.tpl,
// _validate.tpl … from scripts/templates/_*.tpl.hbs): one view, the facts they share.
import {
  applications,
  components,
  componentsWithService,
  datastores,
  passwordKeys,
} from "../../../schema/components.ts";
import { aiKeys } from "../../../schema/connections.ts";
import { chartLabelKeys } from "../../../schema/values.ts";
import { endpointTargets, endpointView } from "../connections.ts";
import { keptKeysYaml } from "../values-schema.ts";
import { quotedWords } from "./helm-literals.ts";

/** What each component's pod already holds, so an escape hatch cannot take its name or path. */
function podNames() {
  return components.map((definition) => {
    const mounts = [
      ...definition.scratchVolumes,
      ...(definition.data ? [{ name: "data", mountPath: definition.data.mountPath }] : []),
      ...(definition.configFiles ? [{ name: "config", mountPath: definition.configFiles.mountPath }] : []),
    ];
    return {
      valuesKey: definition.valuesKey,
      container: definition.name,
      volumes: quotedWords(mounts.map((mount) => mount.name)),
      mountPaths: quotedWords(mounts.map((mount) => mount.mountPath)),
    };
  });
}

export function helpersView() {
  return {
    datastores,
    keptKeysYaml: keptKeysYaml(),
    chartLabelKeys,
    aiKeys,
    passwordKeys,
    targets: endpointTargets().map(endpointView),
    servicesWithKeys: componentsWithService.map((definition) => definition.valuesKey),
    affinityBound: componentsWithService
      .filter((definition) => definition.service.sessionAffinity === "ClientIP")
      .map((definition) => ({
        name: definition.name,
        valuesKey: definition.valuesKey,
        note: definition.service.sessionAffinityNote ?? "",
      })),
    applications: applications.map((definition) => definition.valuesKey),
    podNames: podNames(),
  };
}
