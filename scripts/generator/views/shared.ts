// The views of the objects every component shares, under templates/shared/
// (scripts/templates/shared/*.hbs): the connection settings' ConfigMap, the passwords' Secret and
// the ServiceAccount. All three come first in Argo CD's sync order.
import { datastores } from "../../../schema/components.ts";
import { aiKeys, connectionVariables } from "../../../schema/connections.ts";
import { syncWaves } from "../../../schema/graph.ts";
import { connectionExpression } from "../connections.ts";

/** shared/configmap.yaml: each connection variable and the Helm expression of its value. */
export const configMapView = () => ({
  syncWave: syncWaves.prerequisites,
  configEntries: connectionVariables.map((variable) => ({
    name: variable.name,
    expression: connectionExpression(variable),
  })),
});

/** shared/secret.yaml: each datastore password (unless a managed service replaces it) and the AI keys. */
export const secretView = () => ({
  syncWave: syncWaves.prerequisites,
  passwords: datastores.flatMap((definition) =>
    definition.auth
      ? [
          {
            key: definition.auth.passwordKey,
            valuesKey: definition.valuesKey,
            externalKey: definition.external?.valuesKey,
          },
        ]
      : [],
  ),
  aiKeys,
});

/** shared/serviceaccount.yaml. */
export const serviceAccountView = () => ({ syncWave: syncWaves.prerequisites });
