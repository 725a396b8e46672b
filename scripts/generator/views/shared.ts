// The views of the objects every component shares, under templates/shared/
// (scripts/templates/shared/*.hbs): the connection settings' ConfigMap, the passwords' Secret and
// the ServiceAccount. All three come first in Argo CD's sync order.
import { datastores } from "../../../schema/components.ts";
import { aiKeys, connectionVariables } from "../../../schema/connections.ts";
import { syncWaves } from "../../../schema/graph.ts";

/** shared/configmap.yaml: each connection variable, whose value its own helper in _endpoints.tpl writes. */
export const configMapView = () => ({ syncWave: syncWaves.prerequisites, configEntries: connectionVariables });

/** shared/secret.yaml: each datastore password (unless a managed service replaces it) and the AI keys. */
export const secretView = () => ({
  syncWave: syncWaves.prerequisites,
  passwords: datastores.flatMap((definition) =>
    definition.auth ? [{ key: definition.auth.passwordKey, name: definition.name }] : [],
  ),
  aiKeys,
});

/** shared/serviceaccount.yaml. */
export const serviceAccountView = () => ({ syncWave: syncWaves.prerequisites });
